package io.camelarena.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.awaitility.Awaitility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * The HttpGuard in front of the real runtime (application.properties: 127.0.0.1, no token) over real HTTP: which
 * Host names are answered on every path, which pages may write, which bodies are taken, the 413 of an oversized body,
 * HEAD, and the headers every answer carries.
 */
class HttpGuardTest extends ApiRuntimeTestSupport {

    private static final String[] EVERY_KIND_OF_PATH = {"/", "/web/app.js", "/api/decisions?limit=1",
        "/api/openapi.json", "/api/leaderboard", "/observe/health", "/observe/metrics", "/no-such-path"};

    @Test
    void aHostTheServerIsNotMeantToBeReachedByIsRefusedOnEveryPath() throws Exception {
        for (String path : EVERY_KIND_OF_PATH) {
            for (String host : List.of("evil.example.com:" + httpPort, "evil.example.com",
                    "127.0.0.1.evil.example.com:" + httpPort, "localhost.evil.example.com")) {
                RawResponse refused = raw("GET " + path + " HTTP/1.1\r\nHost: " + host, "");
                assertThat(refused.status()).as(host + path).isEqualTo(403);
                assertThat(refused.headers().get("content-type")).startsWith("application/json");
                assertThat(refused.json().get("error").asText()).isEqualTo("forbidden_host");
                assertThat(refused.body()).doesNotContain("\"items\"", "<html", "arena_decisions_total");
            }
        }
        RawResponse noHost = raw("GET /api/decisions?limit=1 HTTP/1.0", "");
        assertThat(noHost.status()).isEqualTo(403);
        assertThat(noHost.json().get("error").asText()).isEqualTo("forbidden_host");

        // The names it is reached by: localhost, the loopback addresses (the port is not compared).
        for (String host : List.of("127.0.0.1:" + httpPort, "localhost:" + httpPort, "LOCALHOST", "127.0.0.2:80",
                "[::1]:" + httpPort)) {
            RawResponse answered = raw("GET /api/decisions?limit=1 HTTP/1.1\r\nHost: " + host, "");
            assertThat(answered.status()).as(host).isEqualTo(200);
            assertThat(answered.json().get("limit").asInt()).isEqualTo(1);
        }
        assertThat(raw("GET / HTTP/1.1\r\nHost: localhost:" + httpPort, "").body()).contains("/web/app.js");
        assertThat(raw("GET /observe/health HTTP/1.1\r\nHost: 127.0.0.1", "").status()).isEqualTo(200);
    }

    @Test
    void writesFromPagesOfOtherOriginsAreRefusedAndDoNothing() throws Exception {
        triggerTick();
        int decision = getJson("/api/decisions?account=gpt-stub&limit=1").at("/items/0/id").asInt();
        String replay = "{\"decisions\": [" + decision + "], \"targets\": [\"sim-momentum\"]}";
        int ticks = count("market_ticks");
        int runs = count("replay_runs");

        // A form another site posts (the cross-site form post of a CSRF).
        HttpResponse<String> form = post("/api/ticks", "a=b", "Origin", "https://evil.example.com",
                "Content-Type", "application/x-www-form-urlencoded");
        assertRefused(form, 403, "cross_origin_write");
        // JSON from a page of another origin: same host, other port (another local server's page).
        assertRefused(post("/api/replays", replay, "Origin", "http://127.0.0.1:" + (httpPort + 1),
                "Content-Type", "application/json"), 403, "cross_origin_write");
        assertRefused(post("/api/replays", replay, "Origin", "http://localhost:" + httpPort,
                "Content-Type", "application/json"), 403, "cross_origin_write");
        // Sandboxed frames and file: pages send Origin null.
        assertRefused(post("/api/replays", replay, "Origin", "null", "Content-Type", "application/json"), 403,
                "cross_origin_write");
        // Without an Origin, the browser's Sec-Fetch-Site says where the request comes from.
        assertRefused(post("/api/ticks", null, "Sec-Fetch-Site", "cross-site"), 403, "cross_origin_write");
        assertRefused(post("/api/ticks", null, "Sec-Fetch-Site", "same-site"), 403, "cross_origin_write");
        HttpResponse<String> read = get("/api/decisions?limit=1", "Origin", "https://evil.example.com");
        assertThat(read.statusCode()).isEqualTo(200);
        for (HttpResponse<String> r : List.of(form, read)) {
            assertThat(r.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control"));
        }
        assertThat(count("market_ticks")).isEqualTo(ticks);
        assertThat(count("replay_runs")).isEqualTo(runs);

        // The server's own page (its origin, or Sec-Fetch-Site same-origin) and clients that are not browsers.
        HttpResponse<String> queued = post("/api/replays", replay, "Origin", "http://127.0.0.1:" + httpPort,
                "Sec-Fetch-Site", "same-origin", "Content-Type", "application/json");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        assertThat(JSON.readTree(queued.body()).get("status").asText()).isIn("QUEUED", "RUNNING", "COMPLETED");
        HttpResponse<String> tick = post("/api/ticks", null, "Sec-Fetch-Site", "same-origin");
        assertThat(tick.statusCode()).as(tick.body()).isEqualTo(202);
        String tickId = JSON.readTree(tick.body()).get("tickId").asText();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> query("SELECT status FROM market_ticks "
                + "WHERE tick_id = '" + tickId + "' AND status <> 'RUNNING'").size() == 1);
        assertThat(count("market_ticks")).isEqualTo(ticks + 1);
        assertThat(count("replay_runs")).isEqualTo(runs + 1);
    }

    @Test
    void theBodyOfAWriteMustBeJson() throws Exception {
        int runs = count("replay_runs");
        String selection = "{\"ticks\": [\"no-such-tick\"], \"targets\": [\"sim-momentum\"]}";
        for (String type : List.of("text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json-patch+json", "text/json")) {
            assertRefused(post("/api/replays", selection, "Content-Type", type), 415, "unsupported_media_type");
        }
        // A body without a type is not taken either (java.net.http sends no Content-Type unless told).
        assertRefused(post("/api/replays", selection), 415, "unsupported_media_type");
        assertThat(count("replay_runs")).isEqualTo(runs);
        // JSON (any parameters) reaches the API, which names what is wrong with the selection.
        HttpResponse<String> json = post("/api/replays", selection, "Content-Type", "Application/JSON; charset=UTF-8");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(json.body()).get("parameter").asText()).isEqualTo("decisions");
    }

    @Test
    void oversizedAndMalformedRequestsGetJson4xxAndLogNoUnhandledException() throws Exception {
        StringWriter captured = new StringWriter();
        LoggerContext logContext = (LoggerContext) LogManager.getContext(false);
        WriterAppender appender = WriterAppender.newBuilder().setName("guard-capture").setTarget(captured)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c %m %ex%n").build()).build();
        appender.start();
        logContext.getConfiguration().getRootLogger().addAppender(appender, Level.WARN, null);
        logContext.updateLoggers();
        RawResponse tooLarge;
        RawResponse tooLargeSent;
        RawResponse badPath;
        RawResponse badQuery;
        try {
            // camel.server.max-body-size is 1 MB: a body announced larger is refused before it is read, one sent
            // in chunks as soon as it passes 1 MB.
            tooLarge = raw("POST /api/replays HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + 50 * 1024 * 1024, "");
            String body = "{\"targets\": [\"" + "x".repeat(1024 * 1024 + 100) + "\"]}";
            tooLargeSent = raw("POST /api/replays HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked", Integer.toHexString(body.length()) + "\r\n" + body
                    + "\r\n0\r\n\r\n");
            badPath = raw("GET /api/decisions/%zz HTTP/1.1\r\nHost: 127.0.0.1", "");
            badQuery = raw("GET /api/decisions?limit=%zz HTTP/1.1\r\nHost: 127.0.0.1", "");
        } finally {
            logContext.getConfiguration().getRootLogger().removeAppender("guard-capture");
            logContext.updateLoggers();
            appender.stop();
        }
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("error").asText()).isEqualTo("payload_too_large");
        assertThat(tooLargeSent.status()).isEqualTo(413);
        assertThat(tooLargeSent.json().get("error").asText()).isEqualTo("payload_too_large");
        assertThat(badPath.status()).isEqualTo(400);
        assertThat(badPath.json().get("error").asText()).isEqualTo("bad_request");
        assertThat(badQuery.status()).isEqualTo(400);
        assertThat(badQuery.headers().get("content-type")).startsWith("application/json");
        assertThat(captured.toString()).doesNotContain("Unhandled exception").doesNotContain("ERROR");
        // Vert.x's own answer to a request it cannot parse stays (before any handler), and is logged by nobody.
        assertThat(raw("GARBAGE", "").status()).isEqualTo(400);
    }

    @Test
    void headIsAnsweredWhereGetIs() throws Exception {
        // HTTP/1.1 as curl -I and browsers send it: java.net.http would upgrade to cleartext HTTP/2 (h2c), where
        // Vert.x 4 sends a HEAD answer's body along (its HTTP/2 response does not drop it as its HTTP/1 one does).
        HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String path : new String[] {"/", "/web/app.js", "/api/decisions?limit=1", "/api/leaderboard",
                "/api/openapi.json", "/api/decisions/export?format=csv", "/observe/health", "/api/decisions?limit=0",
                "/api/decisions/999999"}) {
            HttpResponse<String> get = get(path);
            HttpResponse<String> head = http1.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                    + path)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode()).isNotEqualTo(405);
            assertThat(head.headers().firstValue("Content-Type")).as(path).isEqualTo(get.headers().firstValue(
                    "Content-Type"));
            assertThat(head.body()).as(path).isEmpty();
        }
        assertThat(get("/api/decisions?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersAndThePageHasNoInlineCode() throws Exception {
        for (String path : EVERY_KIND_OF_PATH) {
            HttpResponse<String> r = get(path);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(path).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                    "default-src 'none'").doesNotContain("unsafe", "*");
            assertThat(r.headers().allValues("X-Content-Type-Options")).as(path).containsExactly("nosniff");
            assertThat(r.headers().allValues("Referrer-Policy")).as(path).containsExactly("no-referrer");
            assertThat(r.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control"));
        }
        // An answer without caching of its own is not stored (the routes' own: DecisionApiTest).
        assertThat(get("/observe/metrics").headers().allValues("Cache-Control")).containsExactly("no-store");
        HttpResponse<String> notFound = get("/no-such-path");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(notFound.body()).get("error").asText()).isEqualTo("not_found");

        // The policy allows no inline code: every script is a file of the server's, no handler or style attribute.
        Document page = Jsoup.parse(get("/").body());
        assertThat(page.select("script")).isNotEmpty().allSatisfy(script -> {
            assertThat(script.attr("src")).startsWith("/web/");
            assertThat(script.data()).isBlank();
        });
        assertThat(page.select("style")).isEmpty();
        for (Element element : page.getAllElements()) {
            assertThat(element.attributes().asList()).noneMatch(a -> a.getKey().startsWith("on")
                    || a.getKey().equals("style") || a.getValue().trim().toLowerCase().startsWith("javascript:"));
        }
        assertThat(get("/web/app.js").body()).doesNotContain("innerHTML", "eval(", "setAttribute('style'");
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> r, int status, String error) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("message").asText()).isNotBlank();
    }

    private int count(String table) throws Exception {
        List<Map<String, Object>> rows = query("SELECT COUNT(*) AS n FROM " + table);
        return ((Number) rows.get(0).get("n")).intValue();
    }
}
