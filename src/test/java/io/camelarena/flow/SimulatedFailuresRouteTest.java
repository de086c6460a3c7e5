package io.camelarena.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated provider's failures through the real routes, as the offline demo shows them: every answer fails here
 * (arena.model.simulated.failure-rate=1), and each kind ends in the row a real model's failure would give, with
 * token counts, retries and attempts.
 */
class SimulatedFailuresRouteTest extends ArenaRouteTestSupport {

    private static final int ACCOUNTS = 20;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("arena.model.simulated.failure-rate", "1");
        p.put("arena.model.simulated.slow-answer-ms", "30");
        for (int i = 0; i < ACCOUNTS; i++) {
            p.put("arena.accounts.sim" + i + ".provider", "simulated");
            p.put("arena.accounts.sim" + i + ".model", i % 2 == 0 ? "momentum" : "contrarian");
        }
        return p;
    }

    @BeforeEach
    void market() {
        wiremock.resetAll();
        stubMarket();
    }

    @Test
    void everyKindOfFailureEndsInTheRowARealModelsWouldGive() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int tick = 0; tick < 2; tick++) {
            rows.addAll(query("SELECT * FROM ai_decision_logs WHERE tick_id = '" + triggerTick() + "'"));
        }
        assertThat(rows).hasSize(2 * ACCOUNTS);

        // a reply cut at max tokens, and prose without a decision
        assertThat(rows).anySatisfy(r -> assertThat(r).containsEntry("status", "PARSE_ERROR")
                .containsEntry("finish_reason", "length"));
        assertThat(rows).anySatisfy(r -> assertThat(r).containsEntry("status", "PARSE_ERROR")
                .containsEntry("error_code", "UNPARSEABLE_REPLY").containsEntry("finish_reason", "stop"));
        // a slow answer: retried, then answered or timed out after every attempt
        assertThat(rows).anySatisfy(r -> {
            assertThat(((Number) r.get("attempts")).intValue()).isGreaterThan(1);
            assertThat((String) r.get("last_error")).contains("no answer within 30 ms");
        });
        // every answered call reports its tokens, as real providers do
        assertThat(rows).filteredOn(r -> r.get("reasoning_trace") != null).isNotEmpty().allSatisfy(r -> {
            assertThat(((Number) r.get("input_tokens")).intValue()).isGreaterThan(100);
            assertThat(((Number) r.get("output_tokens")).intValue()).isPositive();
        });
        // an open asking for 150% of the cash is refused by the rules (a hold with 1.5 is still a hold)
        assertThat(rows).filteredOn(r -> "1.500000".equals(String.valueOf(r.get("target_portion"))))
                .isNotEmpty().allSatisfy(r -> assertThat(r.get("status")).isIn("REJECTED", "HOLD"));
        assertThat(rows).anySatisfy(r -> assertThat(r).containsEntry("status", "REJECTED")
                .containsEntry("error_code", "PORTION_OUT_OF_RANGE"));
    }
}
