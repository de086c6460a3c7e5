package io.camelarena.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Bound beyond loopback, every operation of the OpenAPI document (web/openapi.json, read here, so an operation added
 * later is covered too) answers 401 without the bearer token or with a wrong one, and does nothing: no tick starts,
 * no replay run is created. {@code /observe/*} (health and metrics) is the management endpoint, served without the
 * token as docs/api.md says, and holds no prompt, reply, key or token.
 */
class ApiEveryOperationOffLoopbackTest extends ApiRuntimeTestSupport {

    static final String TOKEN = "test-token-every-operation-0123";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("camel.server.host", "0.0.0.0");
        p.put("arena.api.token", TOKEN);
        return p;
    }

    private record Operation(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Every operation of the document, its path parameters filled in with values that exist. */
    private static List<Operation> operations() throws Exception {
        JsonNode document;
        try (InputStream in = ApiEveryOperationOffLoopbackTest.class.getClassLoader()
                .getResourceAsStream("web/openapi.json")) {
            document = JSON.readTree(in);
        }
        String base = document.at("/servers/0/url").asText();
        List<Operation> operations = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(m -> {
            if (List.of("get", "put", "post", "delete", "patch").contains(m)) {
                String concrete = path.getKey().replace("/accounts/{id}", "/accounts/sim-momentum")
                        .replace("{id}", "1");
                operations.add(new Operation(m.toUpperCase(), base + concrete));
            }
        }));
        return operations;
    }

    private HttpResponse<String> send(Operation operation, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + operation.path()));
        if (headers.length > 0) {
            request.headers(headers);
        }
        request.method(operation.method(), operation.method().equals("POST")
                ? HttpRequest.BodyPublishers.ofString("{\"accounts\": [\"gpt-stub\"], \"targets\": [\"sim-momentum\"]}")
                : HttpRequest.BodyPublishers.noBody());
        if (operation.method().equals("POST")) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long count(String table) throws Exception {
        return ((Number) query("SELECT COUNT(*) AS n FROM " + table).get(0).get("n")).longValue();
    }

    @Test
    void everyOperationOfTheDocumentRefusesACallerWithoutTheTokenAndDoesNothing() throws Exception {
        triggerTick(); // decisions, an account's positions and orders exist
        long ticks = count("market_ticks");
        List<Operation> operations = operations();
        assertThat(operations).extracting(Operation::toString).contains("GET /api/audit/verify",
                "GET /api/accounts/sim-momentum/positions", "POST /api/replays", "POST /api/ticks",
                "GET /api/replays/1/compare");

        for (Operation operation : operations) {
            for (String[] credentials : List.of(new String[0],
                    new String[] {"Authorization", "Bearer wrong-token-0123456789abc"},
                    new String[] {"Authorization", TOKEN},
                    new String[] {"X-Api-Token", TOKEN})) {
                HttpResponse<String> refused = send(operation, credentials);
                assertThat(refused.statusCode()).as(operation + " " + List.of(credentials)).isEqualTo(401);
                assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("unauthorized");
            }
        }
        assertThat(count("market_ticks")).as("no tick started").isEqualTo(ticks);
        assertThat(count("replay_runs")).as("no replay run created").isZero();

        // With the token the same calls get through (what they answer then is the other tests' business).
        for (Operation operation : operations) {
            assertThat(send(operation, "Authorization", "Bearer " + TOKEN).statusCode()).as(operation.toString())
                    .isNotEqualTo(401);
        }
    }

    @Test
    void observeServesHealthAndMetricsWithoutTheTokenAndNoPromptOrSecret() throws Exception {
        triggerTick();
        for (String path : List.of("/observe/health?exposureLevel=full", "/observe/metrics")) {
            HttpResponse<String> answer = get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            assertThat(answer.body()).as(path).isNotBlank().doesNotContain(TOKEN, API_KEY, PROSE_REPLY,
                    "Portfolio Data", "Cash Available");
        }
        assertThat(get("/observe/metrics").body()).contains("arena_decisions_total{");
    }
}
