package io.camelarena.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelarena.app.ArenaConfiguration;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import io.camelarena.flow.ArenaRouteTestSupport;

/**
 * The real runtime (ArenaConfiguration.all(), routes/*.yaml) with the HTTP server on a free port, an in-memory H2
 * database, and WireMock serving prices, news and an OpenAI-compatible model ("gpt-stub") that answers prose, so every
 * tick records one PARSE_ERROR next to the two simulated accounts' decisions.
 */
abstract class ApiRuntimeTestSupport extends ArenaRouteTestSupport {

    static final String API_KEY = "sk-api-test-9f8e7d6c5b4a39281706";
    static final String PROSE_REPLY = "I believe BTC will rally because momentum is strong, so I would buy some.";
    static final ObjectMapper JSON = new ObjectMapper();

    protected int httpPort;
    private boolean stubbed;
    protected final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        if (!stubbed) {
            wiremock.stubFor(post(urlEqualTo("/info")).willReturn(aResponse()
                    .withBody(resource("/stubs/hyperliquid-allmids.json"))));
            wiremock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/news/feed/")).willReturn(aResponse()
                    .withBody(resource("/stubs/coinjournal-feed.xml"))));
            wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                    .withHeader("Content-Type", "application/json").withBody(completion(PROSE_REPLY))));
            stubbed = true;
        }
        httpPort = Integer.parseInt(p.getProperty("camel.server.port"));
        p.put("arena.model.openai.timeout-ms", "3000");
        p.put("ARENA_API_TEST_KEY", API_KEY);
        // The two simulated accounts of application.properties decide next to the stubbed OpenAI one.
        p.put("arena.accounts.sim-momentum.active", "true");
        p.put("arena.accounts.sim-contrarian.active", "true");
        p.put("arena.accounts.gpt-stub.provider", "openai");
        p.put("arena.accounts.gpt-stub.model", "gpt-stub");
        p.put("arena.accounts.gpt-stub.base-url", wiremock.baseUrl() + "/v1");
        p.put("arena.accounts.gpt-stub.api-key-env", "ARENA_API_TEST_KEY");
        p.put("camel.server.enabled", "true");
        return p;
    }

    protected HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An answer read off a raw socket: status, headers (lower-case names, last value) and body. */
    record RawResponse(int status, Map<String, String> headers, String body) {

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    /**
     * One HTTP/1.1 request written to a socket as given, for what java.net.http does not let a caller set or send (the
     * Host header, a path that is not valid percent-encoding, a Content-Length without its body). {@code head} is the
     * request line and header lines without the final blank line; {@code body} may be empty.
     */
    protected RawResponse raw(String head, String body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", httpPort)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            byte[] answer = socket.getInputStream().readAllBytes();
            // One char per byte, so chunk sizes (bytes) index it; the body is decoded as UTF-8 at the end.
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            String content = text.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                StringBuilder decoded = new StringBuilder();
                int at = 0;
                while (true) {
                    int lineEnd = content.indexOf("\r\n", at);
                    int size = Integer.parseInt(content.substring(at, lineEnd).trim(), 16);
                    if (size == 0) {
                        break;
                    }
                    decoded.append(content, lineEnd + 2, lineEnd + 2 + size);
                    at = lineEnd + 2 + size + 2;
                }
                content = decoded.toString();
            }
            return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), headers, new String(
                    content.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
    }

    protected JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Inserts a decision row for {@code accountId} at {@code time}; returns nothing (ids are read back by query). */
    protected void insertDecision(Connection c, int accountId, Instant time, String status, String tick)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO ai_decision_logs (account_id, decision_time, "
                + "tick_id, reason, operation, symbol, target_portion, total_balance, status, provider, model, "
                + "user_prompt, reasoning_trace, llm_output) VALUES (?, ?, ?, 'seeded', 'hold', 'ETH', 0, 10000, ?, "
                + "'simulated', 'seed-model', 'prompt', 'reply', '{}')")) {
            st.setInt(1, accountId);
            st.setTimestamp(2, Timestamp.from(time));
            st.setString(3, tick);
            st.setString(4, status);
            st.executeUpdate();
        }
    }

    static String completion(String content) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-stub");
        root.put("object", "chat.completion");
        root.put("model", "gpt-stub");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        root.putObject("usage").put("prompt_tokens", 900).put("completion_tokens", 25).put("total_tokens", 925);
        return root.toString();
    }
}
