package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.camelarena.telemetry.ArenaTelemetry;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * OpenTelemetry on, and the collector unavailable (down, or taking requests and never answering): ticks go on
 * deciding and logging every decision, because spans and metrics leave on exporter threads of their own through a
 * bounded queue (8 spans here, a tick makes 13), and stopping waits for the collector only as long as it is told.
 */
abstract class CollectorUnavailableTestSupport extends ArenaRouteTestSupport {

    static final String[] ACCOUNTS = {"a", "b", "c"};

    /** The OTLP endpoint of the unavailable collector. */
    abstract String collectorEndpoint();

    /** What the collector saw by the end, checked after the ticks. */
    abstract void assertCollectorState();

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        for (String name : ACCOUNTS) {
            openAiAccount(p, name, "model-" + name, wiremock.baseUrl() + "/v1", "ARENA_TEST_KEY");
        }
        p.put("arena.otel.enabled", "true");
        p.put("otel.exporter.otlp.endpoint", collectorEndpoint());
        // An export waits up to a minute for the collector: longer than the ticks below take.
        p.put("otel.exporter.otlp.timeout", "60000");
        p.put("otel.bsp.schedule.delay", "10");
        p.put("otel.bsp.max.queue.size", "8");
        p.put("otel.bsp.max.export.batch.size", "4");
        p.put("otel.metric.export.interval", "200");
        return p;
    }

    @Test
    void ticksGoOnDecidingAndLoggingWhileTheCollectorIsUnavailable() throws Exception {
        stubMarket();
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(OpenAiStubs.completion("id", "m",
                        DecisionPipelineRouteTest.HOLD_REPLY, null, "stop", 100, 10))));
        for (int i = 0; i < 5; i++) {
            // A guard against a hang, not a speed check: a tick blocked on the exporter would never return.
            String tickId = assertTimeoutPreemptively(Duration.ofSeconds(60), this::triggerTick);
            assertThat(query("SELECT status FROM market_ticks WHERE tick_id = '" + tickId + "'"))
                    .extracting(r -> r.get("status")).containsExactly("COMPLETED");
            for (String account : ACCOUNTS) {
                assertThat(decisionRow(tickId, account)).containsEntry("status", "HOLD");
            }
        }
        assertThat(query("SELECT COUNT(*) AS n FROM ai_decision_logs").get(0).get("n")).isEqualTo(15L);
        assertCollectorState();

        // Stopping gives the last export a bounded wait: it is not exported, and the stop goes on.
        ArenaTelemetry telemetry = context.getRegistry().lookupByNameAndType("arenaTelemetry", ArenaTelemetry.class);
        assertThat(telemetry.close(Duration.ofMillis(500))).isFalse();
    }
}
