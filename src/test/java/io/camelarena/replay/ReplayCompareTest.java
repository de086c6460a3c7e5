package io.camelarena.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayCompareTest {

    private static Map<String, Object> row(long id, Number replayOf, String target, String operation, String symbol,
            String direction) {
        Map<String, Object> r = new HashMap<>();
        r.put("id", id);
        r.put("replay_of", replayOf);
        r.put("replay_target", target);
        r.put("operation", operation);
        r.put("symbol", symbol);
        r.put("direction", direction);
        r.put("status", "none".equals(operation) ? "PARSE_ERROR" : "VALID");
        return r;
    }

    @Test
    void agreementCountsSameOperationAndSameSymbolAndDirectionPerPairOfSides() {
        List<Map<String, Object>> originals = List.of(
                row(1, null, null, "open", "BTC", "long"),
                row(2, null, null, "hold", "BTC", null),
                row(3, null, null, "open", "ETH", "short"),
                row(4, null, null, "close", "SOL", "long"));
        List<Map<String, Object>> replays = List.of(
                // "a" agrees with 1 fully, with 2 (hold, whatever symbol), with 3 on the operation only
                row(11, 1L, "a", "open", "BTC", "long"),
                row(12, 2L, "a", "hold", null, null),
                row(13, 3L, "a", "open", "ETH", "long"),
                row(14, 4L, "a", "none", null, null),
                // "b" has no row for decision 4 (its replay failed before a row was written)
                row(21, 1, "b", "hold", null, null),
                row(22, 2, "b", "hold", "BTC", null),
                row(23, 3, "b", "open", "ETH", "long"));

        Map<String, Object> result = ReplayCompare.compare(List.of("a", "b"), originals, replays);

        assertThat(result.get("sides")).isEqualTo(List.of("original", "a", "b"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> agreement = (List<Map<String, Object>>) result.get("agreement");
        assertThat(agreement).extracting(a -> a.get("a") + "-" + a.get("b") + " " + a.get("compared") + " "
                + a.get("same_operation") + " " + a.get("same_operation_rate") + " " + a.get("same_symbol_direction")
                + " " + a.get("same_symbol_direction_rate"))
                .containsExactly(
                        "original-a 4 3 0.7500 2 0.5000",
                        "original-b 3 2 0.6667 1 0.3333",
                        "a-b 3 2 0.6667 2 0.6667");
        assertThat(agreement.get(0).get("same_operation_rate")).isEqualTo(new BigDecimal("0.7500"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) result.get("items");
        assertThat(items).hasSize(4);
        @SuppressWarnings("unchecked")
        Map<String, Object> last = (Map<String, Object>) items.get(3).get("replays");
        assertThat(last.get("b")).isNull();
        assertThat(((Map<?, ?>) last.get("a")).get("status")).isEqualTo("PARSE_ERROR");
    }

    @Test
    void noComparableRowsGiveNoRate() {
        Map<String, Object> result = ReplayCompare.compare(List.of("a"), List.of(row(1, null, null, "hold", null,
                null)), List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> pair = ((List<Map<String, Object>>) result.get("agreement")).get(0);
        assertThat(pair.get("compared")).isEqualTo(0);
        assertThat(pair.get("same_operation_rate")).isNull();
    }

    @Test
    void sidesAreRankedByMeanHypotheticalReturnBesideTheirAgreement() {
        List<Map<String, Object>> originals = List.of(row(1, null, null, "open", "BTC", "long"),
                row(2, null, null, "hold", null, null));
        List<Map<String, Object>> replays = List.of(
                row(11, 1L, "a", "open", "BTC", "short"), row(12, 2L, "a", "hold", null, null),
                row(21, 1L, "b", "open", "BTC", "long"), row(22, 2L, "b", "open", "ETH", "long"));
        Map<Long, HypotheticalOutcome.Outcome> byId = Map.of(
                1L, scored("0.02"), 2L, scored("0"),
                11L, scored("-0.03"), 12L, scored("0"),
                21L, scored("0.02"), 22L, HypotheticalOutcome.pending(HypotheticalOutcome.Basis.OPEN, BigDecimal.TEN));

        Map<String, Object> result = ReplayCompare.compare(List.of("a", "b"), originals, replays,
                r -> byId.get(((Number) r.get("id")).longValue()));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ranking = (List<Map<String, Object>>) result.get("ranking");
        // b: 0.02 over its one scored row (22 is pending); original: (0.02 + 0) / 2; a: (-0.03 + 0) / 2
        assertThat(ranking).extracting(r -> r.get("rank") + " " + r.get("side") + " " + r.get("scored") + " "
                + r.get("pending") + " " + r.get("mean_hypothetical_return") + " " + r.get("same_operation_rate"))
                .containsExactly("1 b 1 1 0.02000000 0.5000", "2 original 2 0 0.01000000 null",
                        "3 a 2 0 -0.01500000 1.0000");
        @SuppressWarnings("unchecked")
        Map<String, Object> item = ((List<Map<String, Object>>) result.get("items")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> original = (Map<String, Object>) item.get("original");
        assertThat(original.get("outcome")).isEqualTo(scored("0.02").toMap());
    }

    private static HypotheticalOutcome.Outcome scored(String r) {
        return new HypotheticalOutcome.Outcome(HypotheticalOutcome.Status.SCORED, "open", null, null, "t",
                new BigDecimal(r), null);
    }
}
