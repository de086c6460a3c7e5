package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where retries end, through the real model-call routes: a Retry-After given as an HTTP date is honoured, one longer
 * than arena.model.retry.max-delay-ms ends the retries at once, the Bedrock path retries and reads Retry-After as the
 * OpenAI one does, and no retry is scheduled past arena.tick.deadline-ms. The breakers never open here (minimum-calls
 * is out of reach), so each test sees only the retry policy.
 */
class ModelRetryLimitsRouteTest extends ArenaRouteTestSupport {

    private static final long MAX_DELAY_MS = 10_000;
    private static final long TICK_DEADLINE_MS = 8_000;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        openAiAccount(p, "gpt", "model-gpt", wiremock.baseUrl() + "/v1", "ARENA_TEST_KEY");
        BedrockStubs.endpoint(p, wiremock.baseUrl());
        BedrockStubs.account(p, "qwen", BedrockStubs.QWEN);
        p.put("arena.model.retry.max-attempts", "3");
        p.put("arena.model.retry.initial-delay-ms", "50");
        p.put("arena.model.retry.jitter", "0");
        p.put("arena.model.retry.max-delay-ms", String.valueOf(MAX_DELAY_MS));
        p.put("arena.tick.deadline-ms", String.valueOf(TICK_DEADLINE_MS));
        p.put("arena.model.breaker.minimum-calls", "1000");
        p.put("arena.model.breaker.sliding-window-size", "1000");
        return p;
    }

    @BeforeEach
    void stubs() {
        wiremock.resetAll();
        stubMarket();
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(hold())));
        wiremock.stubFor(bedrock().willReturn(BedrockStubs.converse("req-qwen-ok",
                DecisionPipelineRouteTest.HOLD_REPLY)));
    }

    private static String hold() {
        return OpenAiStubs.completion("chatcmpl-gpt-ok", "model-gpt", DecisionPipelineRouteTest.HOLD_REPLY, null,
                "stop", 10, 5);
    }

    private static MappingBuilder bedrock() {
        return post(urlPathMatching(BedrockStubs.QWEN_PATH));
    }

    /** The OpenAI model answers 429 with {@code retryAfter} first, then a hold. */
    private void openAiRateLimitedOnceWith(String retryAfter) {
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).inScenario("gpt")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("answered")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", retryAfter)
                        .withHeader("Content-Type", "application/json")
                        .withBody(OpenAiStubs.error("rate_limit_exceeded", "Rate limit reached"))));
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).inScenario("gpt").whenScenarioStateIs("answered")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(hold())));
    }

    private int openAiCalls() {
        return wiremock.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).size();
    }

    private int bedrockCalls() {
        return wiremock.findAll(postRequestedFor(urlPathMatching(BedrockStubs.QWEN_PATH))).size();
    }

    @Test
    void aRetryAfterHttpDateIsHonoured() throws Exception {
        // Whole seconds on the wire: three seconds ahead is a wait of more than two.
        openAiRateLimitedOnceWith(DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3)));

        Map<String, Object> row = decisionRow(triggerTick(), "gpt");

        assertThat(row).containsEntry("status", "HOLD").containsEntry("attempts", 2)
                .containsEntry("request_id", "chatcmpl-gpt-ok");
        assertThat((String) row.get("last_error")).contains("HTTP 429");
        // The date, not the 50 ms backoff, set the wait.
        assertThat((Integer) row.get("latency_ms")).isGreaterThanOrEqualTo(2_000);
    }

    @Test
    void aRetryAfterLongerThanTheMaximumDelayEndsTheRetries() throws Exception {
        openAiRateLimitedOnceWith("60");

        Map<String, Object> row = decisionRow(triggerTick(), "gpt");

        assertThat(row).containsEntry("status", "MODEL_ERROR").containsEntry("error_code", "MODEL_HTTP_ERROR")
                .containsEntry("attempts", 1);
        assertThat((String) row.get("last_error")).contains("HTTP 429", "Retry-After 60000 ms exceeds "
                + "arena.model.retry.max-delay-ms " + MAX_DELAY_MS + ": not retried");
        assertThat(openAiCalls()).isEqualTo(1);
    }

    @Test
    void bedrockRetriesAServerErrorAndThenSucceeds() throws Exception {
        wiremock.stubFor(bedrock().inScenario("qwen").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
                .willReturn(BedrockStubs.error(503, "ServiceUnavailableException", "busy")));
        wiremock.stubFor(bedrock().inScenario("qwen").whenScenarioStateIs("ok")
                .willReturn(BedrockStubs.converse("req-qwen-2", DecisionPipelineRouteTest.HOLD_REPLY)));

        Map<String, Object> row = decisionRow(triggerTick(), "qwen");

        assertThat(row).containsEntry("status", "HOLD").containsEntry("attempts", 2)
                .containsEntry("request_id", "req-qwen-2");
        assertThat((String) row.get("last_error")).contains("503", "busy");
        assertThat(bedrockCalls()).isEqualTo(2);
    }

    @Test
    void bedrockThrottlingWithARetryAfterBeyondTheMaximumDelayIsNotRetried() throws Exception {
        wiremock.stubFor(bedrock().willReturn(BedrockStubs.error(429, "ThrottlingException", "Too many requests")
                .withHeader("Retry-After", "120")));

        Map<String, Object> row = decisionRow(triggerTick(), "qwen");

        assertThat(row).containsEntry("status", "MODEL_ERROR").containsEntry("attempts", 1);
        assertThat((String) row.get("last_error")).contains("ThrottlingException",
                "Retry-After 120000 ms exceeds arena.model.retry.max-delay-ms");
        assertThat(bedrockCalls()).isEqualTo(1);
    }

    @Test
    void noRetryIsScheduledPastTheTickDeadline() throws Exception {
        // Every answer asks for 5 s: the first retry (at ~5 s) fits the 8 s deadline, a second (at ~10 s) does not.
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "5").withHeader("Content-Type", "application/json")
                .withBody(OpenAiStubs.error("overloaded", "try later"))));

        Map<String, Object> row = decisionRow(triggerTick(), "gpt");

        assertThat(row).containsEntry("status", "MODEL_ERROR").containsEntry("attempts", 2);
        assertThat((String) row.get("last_error")).contains("HTTP 503", "no retry: the tick deadline would pass");
        assertThat(openAiCalls()).isEqualTo(2);
    }
}
