package io.camelarena.tick;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.camelarena.account.AccountSettings;
import io.camelarena.config.ArenaDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The RUNNING claim and the INTERRUPTED record on H2 (MODE=MySQL), migrated as the runtime migrates it. */
class TickRecordsTest {

    private static final Instant SLOT = Instant.parse("2025-11-25T12:05:00Z");
    private final HikariDataSource dataSource = ArenaDataSource.create("jdbc:h2:mem:ticks-" + UUID.randomUUID()
            + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1", "sa", "", 4,
            5000);
    private final List<AccountSettings> members = List.of(account("a"), account("b"), account("c"));
    private final TickRecords records;

    TickRecordsTest() {
        ArenaDataSource.migrate(dataSource);
        records = new TickRecords(dataSource, Clock.systemUTC(), "host-1:42", group -> members);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    private static AccountSettings account(String name) {
        return new AccountSettings(1, name, "simulated", "momentum", null, null, null, BigDecimal.ONE, 100, 10,
                BigDecimal.TEN, true);
    }

    @Test
    void theVendorMigrationCreatesQuartzsTablesOnH2() throws Exception {
        assertThat(value("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '3' AND success")).isEqualTo(1L);
        // The names Quartz queries (QRTZ_ prefix, upper case) resolve on H2 with DATABASE_TO_LOWER.
        for (String table : List.of("QRTZ_JOB_DETAILS", "QRTZ_TRIGGERS", "QRTZ_CRON_TRIGGERS", "QRTZ_FIRED_TRIGGERS",
                "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS", "QRTZ_SIMPLE_TRIGGERS", "QRTZ_SIMPROP_TRIGGERS",
                "QRTZ_BLOB_TRIGGERS", "QRTZ_CALENDARS", "QRTZ_PAUSED_TRIGGER_GRPS")) {
            assertThat(value("SELECT COUNT(*) FROM " + table)).as(table).isEqualTo(0L);
        }
    }

    @Test
    void aSlotsGroupIsClaimedOnceAndItsRowFinishedByTheTicksOwnRow() throws Exception {
        Tick tick = new Tick(new ScheduledSlot(1, SLOT, false).tickId(), "schedule", SLOT, 1);
        assertThat(records.claim(tick)).isTrue();
        assertThat(records.claim(new Tick(tick.id(), "schedule", SLOT, 1))).isFalse();
        assertThat(row(tick.id())).containsEntry("status", "RUNNING").containsEntry("detail", "run by host-1:42");
    }

    @Test
    void anInterruptedTickNamesTheAccountsItDidNotDecide() throws Exception {
        ScheduledSlot slot = new ScheduledSlot(1, SLOT, true);
        records.claim(new Tick(slot.tickId(), "schedule", SLOT, 1));
        execute("INSERT INTO accounts (name, provider, model, initial_cash, current_cash) "
                + "VALUES ('b', 'simulated', 'm', 10, 10)");
        execute("INSERT INTO ai_decision_logs (account_id, tick_id, reason, operation, target_portion, total_balance, "
                + "status) SELECT id, '" + slot.tickId() + "', 'r', 'hold', 0, 10, 'HOLD' FROM accounts WHERE name = 'b'");

        String detail = records.recordInterrupted(slot);

        assertThat(detail).contains("1 of 3 accounts decided", "not decided: a, c", "recorded by host-1:42");
        assertThat(row(slot.tickId())).containsEntry("status", "INTERRUPTED").containsEntry("detail", detail)
                .containsEntry("accounts", 1);
        // Recovered again (or the tick had ended after all): nothing changes.
        assertThat(records.recordInterrupted(slot)).isNull();
    }

    @Test
    void aSupersededSlotIsRecordedSkippedUnlessItsGroupRanAlready() throws Exception {
        ScheduledSlot late = new ScheduledSlot(1, SLOT, false, true);
        records.recordSuperseded(late, java.util.Date.from(SLOT.plusSeconds(14)));
        assertThat(row(late.tickId())).containsEntry("status", "SKIPPED").containsEntry("accounts", 0);
        assertThat((String) row(late.tickId()).get("detail")).contains("fired at 2025-11-25T12:05:14Z",
                "next slot was already due", "recorded by host-1:42");

        ScheduledSlot ran = new ScheduledSlot(2, SLOT, false, true);
        records.claim(new Tick(ran.tickId(), "schedule", SLOT, 2));
        records.recordSuperseded(ran, java.util.Date.from(SLOT.plusSeconds(14)));
        records.recordNotStarted(ran);
        assertThat(row(ran.tickId())).containsEntry("status", "RUNNING");
    }

    @Test
    void aSlotTheGuardDidNotStartIsRecordedSkipped() throws Exception {
        ScheduledSlot refused = new ScheduledSlot(3, SLOT, false);
        records.recordNotStarted(refused);
        assertThat(row(refused.tickId())).containsEntry("status", "SKIPPED");
        assertThat((String) row(refused.tickId()).get("detail")).contains("not started",
                "a route reload was still running", "recorded by host-1:42");
    }

    @Test
    void aTickCutBeforeItsRowWasWrittenIsRecordedToo() throws Exception {
        ScheduledSlot slot = new ScheduledSlot(2, SLOT, true);
        assertThat(records.recordInterrupted(slot)).contains("0 of 3 accounts decided", "not decided: a, b, c");
        assertThat(row(slot.tickId())).containsEntry("status", "INTERRUPTED").containsEntry("trigger_source",
                "schedule");
        assertThat(records.lastSnapshotAt()).isNull();
    }

    @Test
    void aSingleRuntimeRecordsTheTicksItLeftRunningWhenItStartsAgain() throws Exception {
        records.claim(new Tick(new ScheduledSlot(0, SLOT, false).tickId(), "schedule", SLOT, 0));
        records.claim(new Tick(new ScheduledSlot(1, SLOT.plusSeconds(300), false).tickId(), "schedule", SLOT, 1));
        execute("UPDATE market_ticks SET status = 'COMPLETED' WHERE tick_id = '20251125T121000Z-g1'");

        assertThat(records.recordAbandoned()).isEqualTo(1);
        assertThat(row("20251125T120500Z-g0")).containsEntry("status", "INTERRUPTED");
        assertThat(row("20251125T121000Z-g1")).containsEntry("status", "COMPLETED");
        assertThat(records.recordAbandoned()).isZero();
    }

    private Object value(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private Map<String, Object> row(String tickId) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT status, detail, accounts, trigger_source FROM market_ticks "
                        + "WHERE tick_id = '" + tickId + "'")) {
            assertThat(rs.next()).isTrue();
            return Map.of("status", rs.getString(1), "detail", rs.getString(2), "accounts", rs.getInt(3),
                    "trigger_source", rs.getString(4));
        }
    }
}
