package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Model calls that fail and recover: retries on 429 and 5xx with backoff, Retry-After honoured, the attempt count and
 * last error on the row, and the provider's circuit breaker failing fast once open. Small delays keep it quick.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelRetryRouteTest extends ArenaRouteTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        for (String name : new String[] {"retry", "after", "broken"}) {
            openAiAccount(p, name, "model-" + name, wiremock.baseUrl() + "/v1", "ARENA_TEST_KEY");
        }
        p.put("arena.model.retry.initial-delay-ms", "50");
        p.put("arena.model.retry.max-delay-ms", "2000");
        // The breaker opens once 4 calls were made and half of them failed; it stays open for the rest of the class.
        p.put("arena.model.breaker.sliding-window-size", "10");
        p.put("arena.model.breaker.minimum-calls", "4");
        p.put("arena.model.breaker.open-seconds", "600");
        return p;
    }

    @BeforeEach
    void market() {
        wiremock.resetAll();
        stubMarket();
    }

    private void reply(String model, String scenarioState, String nextState, int status, String retryAfter,
            String body) {
        var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
        if (retryAfter != null) {
            response = response.withHeader("Retry-After", retryAfter);
        }
        var stub = post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)));
        if (scenarioState != null) {
            var scenario = stub.inScenario(model).whenScenarioStateIs(scenarioState);
            stub = nextState == null ? scenario : scenario.willSetStateTo(nextState);
        }
        wiremock.stubFor(stub.willReturn(response));
    }

    private static String ok(String id) {
        return OpenAiStubs.completion(id, "m", DecisionPipelineRouteTest.HOLD_REPLY, null, "stop", 10, 5);
    }

    private static String rateLimited() {
        return OpenAiStubs.error("rate_limit_exceeded", "Rate limit reached");
    }

    @Test
    @Order(1)
    void retriesA429AndA500ThenSucceedsHonouringRetryAfter() throws Exception {
        reply("model-retry", Scenario.STARTED, "second", 429, null, rateLimited());
        reply("model-retry", "second", "third", 503, null, OpenAiStubs.error("overloaded", "try later"));
        reply("model-retry", "third", null, 200, null, ok("chatcmpl-retry-3"));
        reply("model-after", Scenario.STARTED, "ok", 429, "1", rateLimited());
        reply("model-after", "ok", null, 200, null, ok("chatcmpl-after-2"));
        reply("model-broken", null, null, 200, null, ok("chatcmpl-broken-1"));

        String tickId = triggerTick();

        Map<String, Object> retried = decisionRow(tickId, "retry");
        assertThat(retried).containsEntry("status", "HOLD").containsEntry("attempts", 3)
                .containsEntry("request_id", "chatcmpl-retry-3");
        assertThat((String) retried.get("last_error")).contains("HTTP 503", "try later");

        Map<String, Object> after = decisionRow(tickId, "after");
        assertThat(after).containsEntry("status", "HOLD").containsEntry("attempts", 2);
        assertThat((String) after.get("last_error")).contains("HTTP 429");
        // Retry-After: 1 second, not the 50 ms backoff.
        assertThat((Integer) after.get("latency_ms")).isGreaterThanOrEqualTo(950);

        assertThat(decisionRow(tickId, "broken")).containsEntry("attempts", 1).containsEntry("last_error", null);
        wiremock.verify(6, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    @Order(2)
    void threeServerErrorsEndInModelErrorWithThreeAttempts() throws Exception {
        reply("model-retry", null, null, 200, null, ok("chatcmpl-retry-ok"));
        reply("model-after", null, null, 200, null, ok("chatcmpl-after-ok"));
        reply("model-broken", null, null, 500, null, OpenAiStubs.error("server_error", "boom"));

        String tickId = triggerTick();

        Map<String, Object> broken = decisionRow(tickId, "broken");
        assertThat(broken).containsEntry("status", "MODEL_ERROR").containsEntry("error_code", "MODEL_HTTP_ERROR")
                .containsEntry("attempts", 3).containsEntry("executed", "false");
        assertThat((String) broken.get("last_error")).contains("HTTP 500", "boom");
        assertThat((String) broken.get("error_message")).contains("HTTP 500");
        wiremock.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("model-broken"))));
        assertThat(decisionRow(tickId, "retry")).containsEntry("status", "HOLD");
    }

    @Test
    @Order(3)
    void anOpenBreakerFailsFastWithoutCallingTheProvider() throws Exception {
        // Every openai call fails (after its retries): the breaker (>= 4 calls in the window, >= 50 % failed) opens.
        reply("model-retry", null, null, 500, null, OpenAiStubs.error("server_error", "down"));
        reply("model-after", null, null, 500, null, OpenAiStubs.error("server_error", "down"));
        reply("model-broken", null, null, 500, null, OpenAiStubs.error("server_error", "down"));
        boolean open = false;
        for (int tick = 0; tick < 5 && !open; tick++) {
            String tickId = triggerTick();
            open = query("SELECT * FROM ai_decision_logs WHERE tick_id = '" + tickId + "' AND error_code = "
                    + "'CIRCUIT_OPEN'").size() == 3;
        }
        assertThat(open).as("breaker opened").isTrue();
        wiremock.resetRequests();

        String tickId = triggerTick();

        for (String account : new String[] {"retry", "after", "broken"}) {
            Map<String, Object> row = decisionRow(tickId, account);
            assertThat(row).containsEntry("status", "MODEL_ERROR").containsEntry("error_code", "CIRCUIT_OPEN")
                    .containsEntry("attempts", 0).containsEntry("last_error", null);
            assertThat((String) row.get("error_message")).contains("CircuitBreaker", "OPEN");
        }
        // Failing fast is no request and no attempt; how fast the tick is, bench/ measures.
        wiremock.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }
}
