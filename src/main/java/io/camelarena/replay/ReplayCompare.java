package io.camelarena.replay;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Lines up original decisions and their replays and measures agreement per pair of sides ({@code original} and each
 * target). Over the originals where both sides have a row: {@code same_operation} counts equal operations (open,
 * close, hold, or none when no decision could be read); {@code same_symbol_direction} counts equal operations that
 * also name the same symbol and direction (hold and none need nothing more). Rates are counts / compared, 4 decimals.
 *
 * <p>Scored by outcome (with a scorer): every side's row gets its {@link HypotheticalOutcome} ({@code outcome}), and
 * {@code ranking} orders the sides by their mean hypothetical return over their scored rows (8 decimals; sides with
 * none scored last), each with how often it agreed with the original ({@code same_operation_rate}).
 */
public final class ReplayCompare {

    public static final String ORIGINAL = "original";

    /** Columns shown per side. */
    static final List<String> SIDE_COLUMNS = List.of("id", "provider", "model", "status", "error_code", "operation",
            "symbol", "direction", "target_portion", "leverage", "reason", "latency_ms", "input_tokens",
            "output_tokens", "finish_reason");

    private ReplayCompare() {
    }

    /**
     * @param targets  the sides besides the original, in order
     * @param originals rows of the original decisions (columns of {@link #SIDE_COLUMNS} plus account, tick_id,
     *                  decision_time)
     * @param replays   replay rows (the same columns plus replay_of and replay_target); the latest row per original
     *                  and target counts
     */
    public static Map<String, Object> compare(List<String> targets, List<Map<String, Object>> originals,
            List<Map<String, Object>> replays) {
        return compare(targets, originals, replays, null);
    }

    /** {@link #compare} with each row scored by {@code scorer} and the sides ranked by mean hypothetical return. */
    public static Map<String, Object> compare(List<String> targets, List<Map<String, Object>> originals,
            List<Map<String, Object>> replays, Function<Map<String, Object>, HypotheticalOutcome.Outcome> scorer) {
        Map<Map<String, Object>, HypotheticalOutcome.Outcome> outcomes = new java.util.IdentityHashMap<>();
        if (scorer != null) {
            originals.forEach(r -> outcomes.put(r, scorer.apply(r)));
            replays.forEach(r -> outcomes.put(r, scorer.apply(r)));
        }
        Map<Object, Map<String, Map<String, Object>>> byOriginal = new LinkedHashMap<>();
        for (Map<String, Object> r : replays) {
            byOriginal.computeIfAbsent(key(r.get("replay_of")), k -> new LinkedHashMap<>())
                    .put(String.valueOf(r.get("replay_target")), r);
        }
        List<String> sides = new ArrayList<>();
        sides.add(ORIGINAL);
        sides.addAll(targets);
        List<Map<String, Object>> items = new ArrayList<>();
        List<Map<String, Map<String, Object>>> lined = new ArrayList<>();
        for (Map<String, Object> o : originals) {
            Map<String, Map<String, Object>> bySide = new LinkedHashMap<>();
            bySide.put(ORIGINAL, o);
            Map<String, Map<String, Object>> found = byOriginal.getOrDefault(key(o.get("id")), Map.of());
            for (String t : targets) {
                if (found.containsKey(t)) {
                    bySide.put(t, found.get(t));
                }
            }
            lined.add(bySide);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("account", o.get("account"));
            item.put("tick_id", o.get("tick_id"));
            item.put("decision_time", o.get("decision_time"));
            item.put(ORIGINAL, side(o, outcomes));
            Map<String, Object> replayed = new LinkedHashMap<>();
            for (String t : targets) {
                replayed.put(t, found.containsKey(t) ? side(found.get(t), outcomes) : null);
            }
            item.put("replays", replayed);
            items.add(item);
        }
        List<Map<String, Object>> agreement = new ArrayList<>();
        for (int i = 0; i < sides.size(); i++) {
            for (int j = i + 1; j < sides.size(); j++) {
                agreement.add(agreement(sides.get(i), sides.get(j), lined));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sides", sides);
        result.put("items", items);
        result.put("agreement", agreement);
        if (scorer != null) {
            result.put("ranking", ranking(sides, lined, outcomes, agreement));
        }
        return result;
    }

    /** The sides by mean hypothetical return, best first; each with its agreement with the original. */
    static List<Map<String, Object>> ranking(List<String> sides, List<Map<String, Map<String, Object>>> lined,
            Map<Map<String, Object>, HypotheticalOutcome.Outcome> outcomes, List<Map<String, Object>> agreement) {
        List<Map<String, Object>> ranking = new ArrayList<>();
        for (String side : sides) {
            int decisions = 0;
            int scored = 0;
            int pending = 0;
            int unpriced = 0;
            BigDecimal sum = BigDecimal.ZERO;
            for (Map<String, Map<String, Object>> bySide : lined) {
                Map<String, Object> row = bySide.get(side);
                if (row == null) {
                    continue;
                }
                decisions++;
                HypotheticalOutcome.Outcome o = outcomes.get(row);
                switch (o.status()) {
                    case SCORED -> {
                        scored++;
                        sum = sum.add(o.hypotheticalReturn());
                    }
                    case PENDING -> pending++;
                    case UNPRICED -> unpriced++;
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("side", side);
            row.put("decisions", decisions);
            row.put("scored", scored);
            row.put("pending", pending);
            row.put("unpriced", unpriced);
            row.put("mean_hypothetical_return", scored == 0 ? null
                    : sum.divide(BigDecimal.valueOf(scored), HypotheticalOutcome.SCALE, RoundingMode.HALF_EVEN));
            row.put("same_operation_rate", side.equals(ORIGINAL) ? null : agreement.stream()
                    .filter(a -> ORIGINAL.equals(a.get("a")) && side.equals(a.get("b")))
                    .map(a -> a.get("same_operation_rate")).findFirst().orElse(null));
            ranking.add(row);
        }
        ranking.sort((x, y) -> {
            BigDecimal a = (BigDecimal) x.get("mean_hypothetical_return");
            BigDecimal b = (BigDecimal) y.get("mean_hypothetical_return");
            return a == null ? (b == null ? 0 : 1) : b == null ? -1 : b.compareTo(a);
        });
        for (int i = 0; i < ranking.size(); i++) {
            ranking.get(i).put("rank", ranking.get(i).get("mean_hypothetical_return") == null ? null : i + 1);
        }
        return ranking;
    }

    static Map<String, Object> agreement(String a, String b, List<Map<String, Map<String, Object>>> lined) {
        int compared = 0;
        int sameOperation = 0;
        int sameSymbolDirection = 0;
        for (Map<String, Map<String, Object>> bySide : lined) {
            Map<String, Object> x = bySide.get(a);
            Map<String, Object> y = bySide.get(b);
            if (x == null || y == null) {
                continue;
            }
            compared++;
            if (Objects.equals(x.get("operation"), y.get("operation"))) {
                sameOperation++;
                String op = String.valueOf(x.get("operation"));
                if (op.equals("hold") || op.equals("none") || (Objects.equals(x.get("symbol"), y.get("symbol"))
                        && Objects.equals(x.get("direction"), y.get("direction")))) {
                    sameSymbolDirection++;
                }
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("a", a);
        row.put("b", b);
        row.put("compared", compared);
        row.put("same_operation", sameOperation);
        row.put("same_operation_rate", rate(sameOperation, compared));
        row.put("same_symbol_direction", sameSymbolDirection);
        row.put("same_symbol_direction_rate", rate(sameSymbolDirection, compared));
        return row;
    }

    private static BigDecimal rate(int count, int of) {
        return of == 0 ? null : BigDecimal.valueOf(count).divide(BigDecimal.valueOf(of), 4, RoundingMode.HALF_EVEN);
    }

    private static Map<String, Object> side(Map<String, Object> row,
            Map<Map<String, Object>, HypotheticalOutcome.Outcome> outcomes) {
        Map<String, Object> side = new LinkedHashMap<>();
        for (String c : SIDE_COLUMNS) {
            side.put(c, row.get(c));
        }
        HypotheticalOutcome.Outcome outcome = outcomes.get(row);
        if (outcome != null) {
            side.put("outcome", outcome.toMap());
        }
        return side;
    }

    /** Ids arrive as Integer or Long depending on the driver. */
    private static Object key(Object id) {
        return id instanceof Number n ? (Object) n.longValue() : id;
    }
}
