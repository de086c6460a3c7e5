package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * arena.model.openai.requests-per-minute = 60 (one call a second) with four accounts that would otherwise all call at
 * once: the calls are spread over about 2 s or more (four permits from four consecutive 1 s cycles). Without the limit
 * they arrive within milliseconds of each other; the bounds leave half a second for a loaded machine's scheduling.
 */
class ModelRateLimitRouteTest extends ArenaRouteTestSupport {

    private StubModelServer model;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        if (model == null) {
            model = StubModelServer.started(0);
        }
        p.put("arena.model.openai.requests-per-minute", "60");
        for (int i = 1; i <= 4; i++) {
            openAiAccount(p, "r" + i, "stub", model.baseUrl(), "ARENA_TEST_KEY");
        }
        return p;
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
    void callsAreSpreadByTheRequestsPerMinuteLimit() throws Exception {
        String tickId = triggerTick();

        for (int i = 1; i <= 4; i++) {
            assertThat(decisionRow(tickId, "r" + i)).containsEntry("status", "EXECUTED");
        }
        List<Long> arrivals = model.arrivalsNanos().stream().sorted().toList();
        assertThat(arrivals).hasSize(4);
        for (int i = 2; i < arrivals.size(); i++) {
            // From the second call on each waits for a new 1 s cycle (the first may take the current one's).
            assertThat((arrivals.get(i) - arrivals.get(i - 1)) / 1_000_000).as("gap before call %d", i + 1)
                    .isGreaterThanOrEqualTo(500);
        }
        // Permits 2-4 come at three consecutive cycle starts, 2,000 ms apart from the 2nd to the 4th.
        assertThat((arrivals.get(3) - arrivals.get(0)) / 1_000_000).isGreaterThanOrEqualTo(1_500);
    }
}
