package io.camelarena.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.execution.H2TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The statistics read from ai_decision_logs: incrementally, without replays, and over a period. */
class ModelStatisticsH2Test {

    private H2TestDatabase db;
    private long account;

    @BeforeEach
    void setUp() {
        db = new H2TestDatabase();
        account = db.insertAccount("alpha", new BigDecimal("10000"));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private void log(String time, int latency, String cost, Integer replayOf) {
        db.execute("INSERT INTO ai_decision_logs (account_id, decision_time, reason, operation, target_portion, "
                + "status, provider, model, latency_ms, input_tokens, output_tokens, finish_reason, cost_usd, "
                + "replay_of) VALUES (" + account + ", '" + time + "', 'r', 'hold', 0, 'HOLD', 'openai', 'gpt-4o', "
                + latency + ", 1000, 100, 'stop', " + cost + ", " + replayOf + ")");
    }

    @Test
    void eachRefreshReadsOnlyTheNewRowsAndLeavesReplaysOut() throws Exception {
        ModelStatistics statistics = new ModelStatistics();
        log("2026-11-01 10:00:00.000", 100, "0.0035", null);
        log("2026-11-01 10:05:00.000", 300, "0.0035", null);
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(statistics.refresh(c).get((int) account)).containsEntry("decisions", 2L)
                    .containsEntry("p50_latency_ms", new BigDecimal("200.0"));

            log("2026-11-01 10:10:00.000", 500, null, null);
            log("2026-11-01 10:10:00.000", 9000, "1", 1);
            Map<String, Object> after = statistics.refresh(c).get((int) account);

            assertThat(after).containsEntry("decisions", 3L).containsEntry("cost_unknown", 1L)
                    .containsEntry("p50_latency_ms", new BigDecimal("300.0"));
            assertThat((BigDecimal) after.get("llm_cost_usd")).isEqualByComparingTo("0.007");

            // the table emptied (a restored backup, a test): read again from the start
            db.execute("DELETE FROM ai_decision_logs");
            assertThat(statistics.refresh(c)).isEmpty();
        }
    }

    @Test
    void aPeriodCountsTheRowsDecidedInIt() throws Exception {
        log("2026-11-01 10:00:00.000", 100, "0.0035", null);
        log("2026-11-02 10:00:00.000", 300, "0.0035", null);
        log("2026-11-03 10:00:00.000", 500, "0.0035", null);
        try (Connection c = db.dataSource().getConnection()) {
            Map<String, Object> day2 = ModelStatistics.period(c, local("2026-11-02T00:00:00"),
                    local("2026-11-03T00:00:00")).get((int) account);

            assertThat(day2).containsEntry("decisions", 1L).containsEntry("p50_latency_ms", new BigDecimal("300.0"));
            assertThat(ModelStatistics.period(c, local("2026-11-02T00:00:00"), null).get((int) account))
                    .containsEntry("decisions", 2L);
            assertThat(ModelStatistics.period(c, null, null).get((int) account)).containsEntry("decisions", 3L);
        }
    }

    /** The rows' DATETIME values are local times (as the application writes them). */
    private static Instant local(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(java.time.ZoneId.systemDefault()).toInstant();
    }
}
