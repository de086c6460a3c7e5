package io.camelarena.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed fixtures of docs/llm-costs.md. */
class ModelStatisticsTest {

    /**
     * Ten decisions of one account: latencies 100, 200, ..., 1000 ms; two parse errors, one model error; replies cut
     * at the limit: two {@code length} (OpenAI), one {@code max_tokens} (Bedrock); 1,000 input and 100 output tokens
     * each; nine priced at 0.00345 USD, one (the model error, on an unpriced model) without a cost.
     */
    private static ModelStatistics.Account tenDecisions() {
        ModelStatistics.Account a = new ModelStatistics.Account();
        String[] status = {"EXECUTED", "EXECUTED", "HOLD", "HOLD", "PARSE_ERROR", "PARSE_ERROR", "REJECTED", "HOLD",
                "EXECUTED", "MODEL_ERROR"};
        String[] finish = {"stop", "stop", "length", "stop", "length", "stop", "end_turn", "max_tokens", "stop", null};
        for (int i = 0; i < 10; i++) {
            boolean unpriced = i == 9;
            a.add(unpriced ? "openai" : "bedrock", unpriced ? "my-local-model" : "anthropic.claude-x", status[i],
                    (i + 1) * 100, 1000, 100, finish[i], unpriced ? null : new BigDecimal("0.00345000"));
        }
        return a;
    }

    @Test
    void latencyPercentilesInterpolateLinearlyBetweenRanks() {
        Map<String, Object> f = tenDecisions().fields();

        // rank h = (n - 1) p + 1. p50: h = 5.5 -> 500 + 0.5 x 100 = 550; p95: h = 9.55 -> 900 + 0.55 x 100 = 955
        assertThat(f.get("p50_latency_ms")).isEqualTo(new BigDecimal("550.0"));
        assertThat(f.get("p95_latency_ms")).isEqualTo(new BigDecimal("955.0"));
        assertThat(f.get("mean_latency_ms")).isEqualTo(550L);
    }

    @Test
    void ratesAreSharesOfAllDecisions() {
        Map<String, Object> f = tenDecisions().fields();

        assertThat(f.get("decisions")).isEqualTo(10L);
        assertThat(f.get("executed")).isEqualTo(3L);
        assertThat(f.get("parse_error_rate")).isEqualTo(new BigDecimal("0.2000"));
        assertThat(f.get("model_error_rate")).isEqualTo(new BigDecimal("0.1000"));
        // length x 2 + max_tokens x 1 out of 10; end_turn and stop are whole replies
        assertThat(f.get("truncated_rate")).isEqualTo(new BigDecimal("0.3000"));
    }

    @Test
    void tokensAndCostAddUpAndAnUnpricedModelIsFlagged() {
        Map<String, Object> f = tenDecisions().fields();

        assertThat(f.get("tokens_in")).isEqualTo(10_000L);
        assertThat(f.get("tokens_out")).isEqualTo(1_000L);
        assertThat(f.get("input_tokens")).isEqualTo(10_000L);
        // 9 x 0.00345 = 0.03105; the unpriced decision counts 0
        assertThat(f.get("llm_cost_usd")).isEqualTo(new BigDecimal("0.03105000"));
        assertThat(f.get("cost_unknown")).isEqualTo(1L);
        assertThat(f.get("unpriced_models")).isEqualTo(List.of("my-local-model"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> models = (List<Map<String, Object>>) f.get("models");
        assertThat(models).extracting(m -> m.get("model") + " " + m.get("decisions") + " " + m.get("llm_cost_usd")
                + " " + m.get("cost_unknown") + " " + m.get("truncated"))
                .containsExactly("anthropic.claude-x 9 0.03105000 0 3", "my-local-model 1 0E-8 1 0");
    }

    @Test
    void anAccountWithoutDecisionsHasNoRatesAndNoCost() {
        Map<String, Object> f = ModelStatistics.none();

        assertThat(f.get("decisions")).isEqualTo(0L);
        assertThat(f.get("parse_error_rate")).isNull();
        assertThat(f.get("truncated_rate")).isNull();
        assertThat(f.get("p50_latency_ms")).isNull();
        assertThat((BigDecimal) f.get("llm_cost_usd")).isEqualByComparingTo("0");
        assertThat(f.get("unpriced_models")).isEqualTo(List.of());
    }

    @Test
    void percentilesFollowRowsAddedLater() {
        ModelStatistics.Account a = tenDecisions();
        a.fields();
        a.add("bedrock", "anthropic.claude-x", "HOLD", 10_000, 0, 0, "stop", BigDecimal.ZERO);

        // 11 values: p50 is the 6th (600); p95: h = 10.5 -> 1,000 + 0.5 x 9,000 = 5,500
        assertThat(a.fields().get("p50_latency_ms")).isEqualTo(new BigDecimal("600.0"));
        assertThat(a.fields().get("p95_latency_ms")).isEqualTo(new BigDecimal("5500.0"));
    }
}
