package io.camelarena.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Bound beyond loopback, the API needs the bearer token; start-up refuses to run without one. */
class ApiAccessTest extends ApiRuntimeTestSupport {

    static final String TOKEN = "test-token-0123456789abcdef";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("camel.server.host", "0.0.0.0");
        p.put("arena.api.token", TOKEN);
        // A reverse proxy's name and the origin of its page.
        p.put("arena.api.allowed-hosts", "arena.example.test");
        p.put("arena.api.allowed-origins", "https://arena.example.test");
        return p;
    }

    @Test
    void withATokenTheHostOriginAndBodyChecksStillApply() throws Exception {
        String bearer = "\r\nAuthorization: Bearer " + TOKEN;
        // The token does not make another Host name acceptable (a page reaching the server by DNS rebinding and
        // holding a token would still be refused), and the checks come before the token's.
        RawResponse rebound = raw("GET /api/decisions?limit=1 HTTP/1.1\r\nHost: evil.example.com:" + httpPort + bearer,
                "");
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.json().get("error").asText()).isEqualTo("forbidden_host");
        assertThat(raw("GET /observe/health HTTP/1.1\r\nHost: evil.example.com", "").status()).isEqualTo(403);
        // Bound to 0.0.0.0: the configured proxy name and any IP address (an address cannot be re-resolved).
        for (String host : List.of("arena.example.test", "ARENA.example.test:443", "10.1.2.3:" + httpPort,
                "127.0.0.1:" + httpPort)) {
            RawResponse answered = raw("GET /api/decisions?limit=1 HTTP/1.1\r\nHost: " + host + bearer, "");
            assertThat(answered.status()).as(host).isEqualTo(200);
            assertThat(raw("GET /api/decisions?limit=1 HTTP/1.1\r\nHost: " + host, "").status()).as(host)
                    .isEqualTo(401);
        }

        // Writes: another origin is refused even with the token; the body must be JSON.
        RawResponse csrf = raw("POST /api/ticks HTTP/1.1\r\nHost: 127.0.0.1" + bearer + "\r\nOrigin: "
                + "https://evil.example.com\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3",
                "a=b");
        assertThat(csrf.status()).isEqualTo(403);
        assertThat(csrf.json().get("error").asText()).isEqualTo("cross_origin_write");
        RawResponse text = raw("POST /api/replays HTTP/1.1\r\nHost: 127.0.0.1" + bearer
                + "\r\nContent-Type: text/plain\r\nContent-Length: 2", "{}");
        assertThat(text.status()).isEqualTo(415);
        // The proxy's page (an allowed origin) passes to the API, which checks the body.
        RawResponse proxied = raw("POST /api/replays HTTP/1.1\r\nHost: arena.example.test" + bearer
                + "\r\nOrigin: https://arena.example.test\r\nContent-Type: application/json\r\nContent-Length: 2",
                "{}");
        assertThat(proxied.status()).isEqualTo(400);
        assertThat(proxied.json().get("parameter").asText()).isEqualTo("decisions");

        // CORS headers go to the configured origin only; its preflight is answered, another's refused.
        RawResponse cors = raw("GET /api/leaderboard HTTP/1.1\r\nHost: 127.0.0.1" + bearer
                + "\r\nOrigin: https://arena.example.test", "");
        assertThat(cors.status()).isEqualTo(200);
        assertThat(cors.headers()).containsEntry("access-control-allow-origin", "https://arena.example.test")
                .containsEntry("vary", "Origin");
        RawResponse other = raw("GET /api/leaderboard HTTP/1.1\r\nHost: 127.0.0.1" + bearer
                + "\r\nOrigin: https://evil.example.com", "");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.headers().keySet()).noneMatch(name -> name.startsWith("access-control"));
        RawResponse preflight = raw("OPTIONS /api/replays HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: "
                + "https://arena.example.test\r\nAccess-Control-Request-Method: POST\r\n"
                + "Access-Control-Request-Headers: authorization, content-type", "");
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.headers().get("access-control-allow-headers")).contains("Authorization", "Content-Type");
        assertThat(preflight.headers().get("access-control-allow-methods")).contains("POST");
        RawResponse refusedPreflight = raw("OPTIONS /api/replays HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: "
                + "https://evil.example.com\r\nAccess-Control-Request-Method: POST", "");
        assertThat(refusedPreflight.status()).isEqualTo(403);
        assertThat(refusedPreflight.headers().keySet()).noneMatch(name -> name.startsWith("access-control"));
    }

    @Test
    void onlyTheWholeTokenIsAccepted() throws Exception {
        // Compared as SHA-256 digests (one length), so neither a prefix nor a longer value is told apart early.
        for (String candidate : List.of(TOKEN.substring(0, TOKEN.length() - 1), TOKEN + "0", TOKEN.toUpperCase(),
                TOKEN.substring(0, TOKEN.length() - 1) + "0", "")) {
            assertThat(get("/api/leaderboard", "Authorization", "Bearer " + candidate).statusCode()).as(candidate)
                    .isEqualTo(401);
        }
        assertThat(get("/api/leaderboard", "Authorization", "bearer  " + TOKEN + " ").statusCode()).isEqualTo(200);
    }

    @Test
    void everyApiCallNeedsTheBearerToken() throws Exception {
        for (String path : new String[] {"/api/decisions", "/api/decisions/1", "/api/decisions/export",
                "/api/accounts", "/api/accounts/1/orders", "/api/leaderboard", "/api/openapi.json"}) {
            HttpResponse<String> anonymous = get(path);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(JSON.readTree(anonymous.body()).get("error").asText()).isEqualTo("unauthorized");
            assertThat(get(path, "Authorization", "Bearer wrong-token-0123456789").statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> tick = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + httpPort + "/api/ticks"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tick.statusCode()).isEqualTo(401);

        assertThat(get("/api/decisions", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/api/leaderboard", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        // The page's static files hold no data; the page asks for the token and sends it with each API call.
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void startUpFailsWhenBoundElsewhereWithoutAToken() {
        assertThatThrownBy(() -> ApiAccess.forHost("0.0.0.0", Optional.empty()))
                .hasMessageContaining("camel.server.host is 0.0.0.0").hasMessageContaining("arena.api.token");
        assertThatThrownBy(() -> ApiAccess.forHost("10.1.2.3", Optional.of("short")))
                .hasMessageContaining("at least 16");
        assertThat(ApiAccess.forHost("127.0.0.1", Optional.empty()).tokenRequired()).isFalse();
        assertThat(ApiAccess.forHost("localhost", Optional.empty()).tokenRequired()).isFalse();
        assertThat(ApiAccess.forHost("0.0.0.0", Optional.of(TOKEN)).tokenRequired()).isTrue();
    }
}
