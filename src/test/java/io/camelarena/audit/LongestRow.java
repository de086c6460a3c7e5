package io.camelarena.audit;

import io.camelarena.support.TextLimits;
import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.account.AccountSettings;
import io.camelarena.account.Side;
import io.camelarena.agent.DecisionRecord;
import io.camelarena.agent.DecisionStatus;
import io.camelarena.decision.DecisionError;
import io.camelarena.decision.ErrorCode;
import io.camelarena.decision.Operation;
import io.camelarena.decision.TradeDecision;
import io.camelarena.market.MarketSnapshot;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decision whose every logged value is as long or as large as the runtime can make it: texts of emoji (two UTF-16
 * units, four utf8mb4 bytes each) longer than their columns, a symbol longer than VARCHAR(20), numbers beyond their
 * DECIMAL columns, the longest status and error code, the largest integers. Built by the real row builder, written
 * on H2 and on MariaDB, every column must come back as it was built.
 */
public final class LongestRow {

    public static final String TICK_ID = "20261125T120003Z-" + "9".repeat(18) + "-f00d";

    private LongestRow() {
    }

    public static DecisionRecord record(AccountSettings account) {
        Instant time = Instant.parse("2026-11-25T12:00:03.456Z");
        DecisionRecord r = new DecisionRecord(TICK_ID, account,
                new MarketSnapshot(TICK_ID, time, Map.of(), List.of(), null, "", null), time);
        r.prompt("🚀".repeat(12_000));
        r.rawReply("😀".repeat(12_000));
        r.reasoning("🤔".repeat(12_000));
        r.model("🤖".repeat(300));
        r.decision(new TradeDecision(Operation.OPEN, "🚀".repeat(30), Side.SHORT, new BigDecimal("1E+600000000"),
                Integer.MAX_VALUE, "😀".repeat(2_000)));
        r.prevPortion(new BigDecimal("-1E+600000000"));
        r.totalBalance(new BigDecimal("-1E+30"));
        r.latencyMs(Long.MAX_VALUE);
        r.inputTokens(Integer.MAX_VALUE);
        r.outputTokens(Integer.MAX_VALUE);
        r.finishReason("😀".repeat(100));
        r.requestId("😀".repeat(300));
        r.lastError("😀".repeat(2_000));
        r.attempts(3);
        r.settle(longest(DecisionStatus.values()), new DecisionError(longest(ErrorCode.values()), "😀".repeat(2_000)));
        return r;
    }

    /** The replay columns at their largest, as the replay route adds them to a built row. */
    public static Map<String, Object> asReplay(Map<String, Object> row) {
        row.put("replay_of", Integer.MAX_VALUE);
        row.put("replay_run_id", Integer.MAX_VALUE);
        row.put("replay_target", "t".repeat(64));
        return row;
    }

    /** The written columns of the row with {@code decisionId}, read as the audit chain reads them. */
    public static Map<String, Object> read(Connection c, String decisionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM ai_decision_logs WHERE decision_id = ?")) {
            ps.setString(1, decisionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no ai_decision_logs row with decision_id " + decisionId);
                }
                Map<String, Object> stored = new LinkedHashMap<>();
                for (var column : LogColumns.WRITTEN.entrySet()) {
                    Object raw = switch (column.getValue()) {
                        case STRING -> rs.getString(column.getKey());
                        case DATETIME -> rs.getTimestamp(column.getKey());
                        default -> rs.getObject(column.getKey());
                    };
                    stored.put(column.getKey(), LogColumns.value(column.getValue(), raw));
                }
                return stored;
            }
        }
    }

    /** Every written column of {@code stored} holds what the builder built, and the long ones are at their limits. */
    public static void assertStoredAsBuilt(Map<String, Object> built, Map<String, Object> stored) {
        Map<String, Object> expected = LogColumns.normalize(built);
        for (String column : LogColumns.WRITTEN.keySet()) {
            assertThat(LogColumns.canonical(stored.get(column))).as(column)
                    .isEqualTo(LogColumns.canonical(expected.get(column)));
        }
        // the values really are the longest: at (or, for two-unit emoji, one unit short of) their columns' limits
        Map<String, Integer> varchars = Map.of("reason", 1_000, "error_message", 1_000, "last_error", 1_000,
                "symbol", 20, "model", 200, "finish_reason", 40, "request_id", 200, "tick_id", 40,
                "replay_target", 64);
        varchars.forEach((column, limit) -> assertThat(((String) stored.get(column)).length()).as(column)
                .isBetween(limit - 1, limit));
        for (String text : List.of("user_prompt", "reasoning_trace")) {
            assertThat(TextLimits.length((String) stored.get(text))).as(text).isEqualTo(10_000);
        }
        assertThat(TextLimits.length((String) stored.get("llm_output"))).isEqualTo(2_000);
        assertThat(stored).containsEntry("target_portion", new BigDecimal("9999.999999"))
                .containsEntry("prev_portion", new BigDecimal("-9999.999999"))
                .containsEntry("total_balance", new BigDecimal("-9999999999999999.99"))
                .containsEntry("latency_ms", (long) Integer.MAX_VALUE)
                .containsEntry("direction", "short")
                .containsEntry("status", longest(DecisionStatus.values()).name())
                .containsEntry("error_code", longest(ErrorCode.values()).name());
    }

    private static <E extends Enum<E>> E longest(E[] values) {
        return Arrays.stream(values).max(Comparator.comparingInt(e -> e.name().length())).orElseThrow();
    }
}
