package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.model.ModelLimits;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * arena.model.openai.max-concurrency = 2 with six accounts on a model that takes 300 ms: never more than two calls
 * in flight, and two accounts whose calls fail (nothing listens at their base URL) give their permits back, so the
 * others still get theirs within the short limit-wait-ms.
 */
class ModelConcurrencyLimitRouteTest extends ArenaRouteTestSupport {

    private StubModelServer model;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        if (model == null) {
            model = StubModelServer.started(300);
        }
        p.put("arena.model.openai.max-concurrency", "2");
        p.put("arena.model.openai.limit-wait-ms", "3000");
        for (int i = 1; i <= 6; i++) {
            account(p, "ok" + i, model.baseUrl());
        }
        String closed = "http://127.0.0.1:" + freePort() + "/v1";
        account(p, "broken1", closed);
        account(p, "broken2", closed);
        return p;
    }

    private static void account(Properties p, String name, String baseUrl) {
        openAiAccount(p, name, "stub", baseUrl, "ARENA_TEST_KEY");
    }

    @AfterAll
    void stopModel() {
        stopRuntime(); // before the model it calls
        if (model != null) {
            model.close();
        }
    }

    @BeforeEach
    void stubs() {
        wiremock.resetAll();
        stubMarket();
    }

    @Test
    void neverMoreThanTheLimitInFlightAndFailedCallsReleaseTheirPermits() throws Exception {
        ModelLimits limits = context.getRegistry().lookupByNameAndType("modelLimits", ModelLimits.class);

        for (int tick = 0; tick < 2; tick++) {
            String tickId = triggerTick();

            for (int i = 1; i <= 6; i++) {
                Map<String, Object> row = decisionRow(tickId, "ok" + i);
                // The model answered: an open, executed in the first tick, refused in the second (the position exists).
                assertThat(row.get("status")).as("ok%d in tick %d", i, tick)
                        .isEqualTo(tick == 0 ? "EXECUTED" : "REJECTED");
                assertThat(row.get("error_code")).as("ok%d in tick %d", i, tick)
                        .isEqualTo(tick == 0 ? null : "POSITION_EXISTS");
                assertThat(row.get("request_id")).isEqualTo("chatcmpl-limit");
            }
            for (String broken : List.of("broken1", "broken2")) {
                Map<String, Object> row = decisionRow(tickId, broken);
                assertThat(row).containsEntry("status", "MODEL_ERROR").containsEntry("error_code", "MODEL_CALL_FAILED");
                // The call itself failed; it was not refused by the limiter.
                assertThat((String) row.get("error_message")).doesNotContain("not called");
            }
            assertThat(limits.availableConcurrency("openai")).contains(2);
        }
        assertThat(model.maxInFlight()).isEqualTo(2);
    }
}
