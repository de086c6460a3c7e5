package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The circuit breaker of each provider (call-openai, call-bedrock through the model-provider template) on its own:
 * failing calls open it and it then refuses calls without sending them (CIRCUIT_OPEN); after open-seconds it lets one
 * trial call through (half-open), which opens it again when it fails and closes it when it succeeds; and one
 * provider's open breaker leaves the other's calls alone. One account per provider, so that a tick makes exactly one
 * call per provider and the single trial call is never raced by a second one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CircuitBreakerRouteTest extends ArenaRouteTestSupport {

    /** Long enough for a tick to see the breaker still open after it opened, short enough to wait for. */
    private static final int OPEN_SECONDS = 8;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        openAiAccount(p, "gpt", "model-gpt", wiremock.baseUrl() + "/v1", "ARENA_TEST_KEY");
        BedrockStubs.endpoint(p, wiremock.baseUrl());
        BedrockStubs.account(p, "qwen", BedrockStubs.QWEN);
        // One attempt a call (no retries) and a breaker that opens after two calls of which at least one failed.
        p.put("arena.model.retry.max-attempts", "1");
        p.put("arena.model.breaker.sliding-window-size", "2");
        p.put("arena.model.breaker.minimum-calls", "2");
        p.put("arena.model.breaker.failure-rate-threshold", "50");
        p.put("arena.model.breaker.open-seconds", String.valueOf(OPEN_SECONDS));
        return p;
    }

    @BeforeEach
    void stubs() {
        wiremock.resetAll();
        stubMarket();
        openAiAnswers(200);
        bedrockAnswers(200);
    }

    private void openAiAnswers(int status) {
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(status == 200
                ? aResponse().withHeader("Content-Type", "application/json").withBody(OpenAiStubs.completion(
                        "chatcmpl-gpt", "model-gpt", DecisionPipelineRouteTest.HOLD_REPLY, null, "stop", 10, 5))
                : aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody(OpenAiStubs.error("server_error", "down"))));
    }

    private void bedrockAnswers(int status) {
        wiremock.stubFor(post(urlPathMatching(BedrockStubs.QWEN_PATH)).willReturn(status == 200
                ? BedrockStubs.converse("req-qwen", "{\"operation\": \"hold\", \"reason\": \"flat\"}")
                : BedrockStubs.error(status, "InternalServerException", "down")));
    }

    /** The circuit breaker of route call-{@code provider} (its one ResilienceProcessor). */
    private ResilienceProcessor breaker(String provider) {
        List<ResilienceProcessor> breakers = context.getRoute("call-" + provider).filter("*").stream()
                .filter(ResilienceProcessor.class::isInstance).map(ResilienceProcessor.class::cast).toList();
        assertThat(breakers).hasSize(1);
        return breakers.get(0);
    }

    private String state(String provider) {
        return breaker(provider).getCircuitBreakerState();
    }

    private int openAiCalls() {
        return wiremock.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).size();
    }

    private int bedrockCalls() {
        return wiremock.findAll(postRequestedFor(urlPathMatching(BedrockStubs.QWEN_PATH))).size();
    }

    private void assertRefusedByTheBreaker(Map<String, Object> row) {
        assertThat(row).containsEntry("status", "MODEL_ERROR").containsEntry("error_code", "CIRCUIT_OPEN")
                .containsEntry("attempts", 0).containsEntry("last_error", null);
        assertThat((String) row.get("error_message")).contains("CircuitBreaker", "OPEN");
    }

    @Test
    @Order(1)
    void failingOpenAiCallsOpenItsBreakerAndBedrockCallsGoOn() throws Exception {
        openAiAnswers(500);
        for (int tick = 0; tick < 2; tick++) {
            String tickId = triggerTick();
            assertThat(decisionRow(tickId, "gpt")).containsEntry("status", "MODEL_ERROR")
                    .containsEntry("error_code", "MODEL_HTTP_ERROR").containsEntry("attempts", 1);
            assertThat(decisionRow(tickId, "qwen")).containsEntry("status", "HOLD");
        }
        assertThat(state("openai")).isEqualTo("OPEN");
        assertThat(state("bedrock")).isEqualTo("CLOSED");

        wiremock.resetRequests();
        String tickId = triggerTick();
        assertRefusedByTheBreaker(decisionRow(tickId, "gpt"));
        assertThat(decisionRow(tickId, "qwen")).containsEntry("status", "HOLD").containsEntry("request_id", "req-qwen");
        assertThat(openAiCalls()).as("no request while open").isZero();
        assertThat(bedrockCalls()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void halfOpenItLetsOneTrialCallThroughWhoseFailureOpensItAgain() throws Exception {
        openAiAnswers(500);
        // Half-open at once, as the breaker's JMX operation does (the next test waits for open-seconds instead).
        breaker("openai").transitionToHalfOpenState();
        assertThat(state("openai")).isEqualTo("HALF_OPEN");

        wiremock.resetRequests();
        String tickId = triggerTick();
        assertThat(decisionRow(tickId, "gpt")).containsEntry("error_code", "MODEL_HTTP_ERROR")
                .containsEntry("attempts", 1);
        assertThat(openAiCalls()).as("the one trial call").isEqualTo(1);
        assertThat(state("openai")).isEqualTo("OPEN");
    }

    @Test
    @Order(3)
    void afterOpenSecondsItHalfOpensAndATrialCallThatSucceedsClosesIt() throws Exception {
        await().atMost(Duration.ofSeconds(OPEN_SECONDS + 60)).until(() -> state("openai").equals("HALF_OPEN"));

        wiremock.resetRequests();
        String trial = triggerTick();
        assertThat(decisionRow(trial, "gpt")).containsEntry("status", "HOLD").containsEntry("attempts", 1)
                .containsEntry("request_id", "chatcmpl-gpt");
        assertThat(state("openai")).isEqualTo("CLOSED");

        String next = triggerTick();
        assertThat(decisionRow(next, "gpt")).containsEntry("status", "HOLD");
        assertThat(openAiCalls()).isEqualTo(2);
    }

    @Test
    @Order(4)
    void failingBedrockCallsOpenItsOwnBreakerAndOpenAiCallsGoOn() throws Exception {
        bedrockAnswers(500);
        String failed = triggerTick();
        assertThat(decisionRow(failed, "qwen")).containsEntry("status", "MODEL_ERROR")
                .containsEntry("error_code", "MODEL_HTTP_ERROR").containsEntry("attempts", 1);
        assertThat(decisionRow(failed, "gpt")).containsEntry("status", "HOLD");
        // Its window of two calls holds a success of the earlier ticks and this failure: 50 %, the threshold.
        assertThat(state("bedrock")).isEqualTo("OPEN");
        assertThat(state("openai")).isEqualTo("CLOSED");

        wiremock.resetRequests();
        String tickId = triggerTick();
        assertRefusedByTheBreaker(decisionRow(tickId, "qwen"));
        assertThat(decisionRow(tickId, "gpt")).containsEntry("status", "HOLD");
        assertThat(bedrockCalls()).as("no request while open").isZero();
        assertThat(openAiCalls()).isEqualTo(1);
    }
}
