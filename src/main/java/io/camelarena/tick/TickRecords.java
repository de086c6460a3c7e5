package io.camelarena.tick;

import io.camelarena.account.AccountSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The market_ticks row of a scheduled group tick, written when the tick begins (status RUNNING, detail "run by
 * host:pid", kept when the tick ends without a detail of its own) so that its
 * slot-and-group id is claimed once in the whole cluster, and so that a tick cut short by a crash leaves a trace that
 * the recovering runtime turns into an INTERRUPTED row naming the accounts that were not decided.
 */
public final class TickRecords {

    private static final Logger LOG = LoggerFactory.getLogger(TickRecords.class);
    static final String RUNNING = "RUNNING";
    static final String INTERRUPTED = "INTERRUPTED";
    static final String SKIPPED = "SKIPPED";

    private final DataSource dataSource;
    private final Clock clock;
    private final String runtime;
    private final IntFunction<List<AccountSettings>> members;

    /**
     * @param runtime names this runtime in the rows it writes (host and process id)
     * @param members the active accounts of a group
     */
    public TickRecords(DataSource dataSource, Clock clock, String runtime, IntFunction<List<AccountSettings>> members) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.runtime = runtime;
        this.members = members;
    }

    /** This process, as {@code host:pid}. */
    public static String thisRuntime() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    /**
     * Inserts the tick's RUNNING row.
     *
     * @return false when a row with this tick id exists already: another runtime has run (or runs) this slot's group
     */
    public boolean claim(Tick tick) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO market_ticks (tick_id, trigger_source, started_at, status, detail, accounts) "
                        + "VALUES (?, ?, ?, ?, ?, 0)")) {
            st.setString(1, tick.id());
            st.setString(2, tick.trigger());
            st.setTimestamp(3, Timestamp.from(tick.startedAt()));
            st.setString(4, RUNNING);
            st.setString(5, "run by " + runtime);
            st.executeUpdate();
            return true;
        } catch (SQLIntegrityConstraintViolationException e) {
            return false;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            // The database is the arbiter; when it cannot answer, Quartz's own once-per-slot firing still holds and
            // the tick goes on (its decision rows are spooled like any other write the database refuses).
            LOG.warn("tick {}: RUNNING row not written ({}); the tick goes on", tick.id(), e.getMessage());
            return true;
        }
    }

    /**
     * Records a superseded slot ({@link ScheduledSlot#superseded()}) as SKIPPED instead of deciding it: catching up
     * several missed slots back to back would decide every account once per slot within a second, on the same market
     * data. Nothing is written when the slot's group has a row already (another runtime ran it).
     */
    public void recordSuperseded(ScheduledSlot slot, Date fireTime) {
        recordSkipped(slot, "skipped: fired at " + fireTime.toInstant() + ", when the group's next slot was already"
                + " due (slots missed during a failover or a pause are not caught up; the latest due slot decides)");
    }

    /**
     * Records a slot the tick guard did not start here (this group's previous tick, a tick of all accounts or a route
     * reload was still running) as SKIPPED. When the slot's group has a row already (another runtime ran it, or
     * the claim was lost) nothing is written.
     */
    public void recordNotStarted(ScheduledSlot slot) {
        recordSkipped(slot, "skipped: not started, this group's previous tick, a tick of all accounts or a route"
                + " reload was still running on this runtime");
    }

    private void recordSkipped(ScheduledSlot slot, String detail) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO market_ticks (tick_id, trigger_source, started_at, finished_at, status, detail, accounts)"
                        + " VALUES (?, 'schedule', ?, ?, ?, ?, 0)")) {
            Timestamp now = Timestamp.from(clock.instant());
            st.setString(1, slot.tickId());
            st.setTimestamp(2, now);
            st.setTimestamp(3, now);
            st.setString(4, SKIPPED);
            st.setString(5, abbreviate(detail + " (recorded by " + runtime + ")", 1000));
            st.executeUpdate();
            LOG.warn("tick {} (group {}) {}", slot.tickId(), slot.group(), detail);
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                LOG.warn("tick {} (group {}) {}; its SKIPPED row was not written: {}", slot.tickId(), slot.group(),
                        detail, e.getMessage());
            }
        }
    }

    /**
     * Records a tick that a runtime began but never ended (it died): status INTERRUPTED, how many of the group's
     * accounts were decided and which were not. The accounts are not decided again: that tick's prices are gone.
     *
     * @return the recorded detail, or null when the tick had ended after all
     */
    public String recordInterrupted(ScheduledSlot slot) throws SQLException {
        String tickId = slot.tickId();
        List<AccountSettings> members = this.members.apply(slot.group());
        try (Connection c = dataSource.getConnection()) {
            String status = null;
            try (PreparedStatement st = c.prepareStatement("SELECT status FROM market_ticks WHERE tick_id = ?")) {
                st.setString(1, tickId);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        status = rs.getString(1);
                    }
                }
            }
            if (status != null && !status.equals(RUNNING)) {
                LOG.info("tick {} is recovered by Quartz but had ended ({}): nothing to record", tickId, status);
                return null;
            }
            Set<String> decided = new HashSet<>();
            try (PreparedStatement st = c.prepareStatement("SELECT DISTINCT a.name FROM ai_decision_logs l "
                    + "JOIN accounts a ON a.id = l.account_id WHERE l.tick_id = ?")) {
                st.setString(1, tickId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        decided.add(rs.getString(1));
                    }
                }
            }
            List<String> undecided = members.stream().map(AccountSettings::name).filter(n -> !decided.contains(n))
                    .toList();
            String detail = abbreviate("interrupted: the runtime running it stopped; " + decided.size() + " of "
                    + members.size() + " accounts decided; not decided: "
                    + (undecided.isEmpty() ? "none" : String.join(", ", undecided))
                    + " (recorded by " + runtime + ")", 1000);
            Timestamp now = Timestamp.from(clock.instant());
            String sql = status == null
                    ? "INSERT INTO market_ticks (status, detail, accounts, finished_at, tick_id, trigger_source, "
                            + "started_at) VALUES (?, ?, ?, ?, ?, 'schedule', ?)"
                    : "UPDATE market_ticks SET status = ?, detail = ?, accounts = ?, finished_at = ? WHERE tick_id = ?";
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, INTERRUPTED);
                st.setString(2, detail);
                st.setInt(3, decided.size());
                st.setTimestamp(4, now);
                st.setString(5, tickId);
                if (status == null) {
                    st.setTimestamp(6, Timestamp.from(slot.slot()));
                }
                st.executeUpdate();
            }
            LOG.warn("tick {} (group {}) {}", tickId, slot.group(), detail);
            return detail;
        }
    }

    /**
     * Without clustering no other runtime recovers a tick this one was running when it died: at start-up, every
     * group tick still RUNNING is recorded as INTERRUPTED ({@link #recordInterrupted}). Never call it in a cluster,
     * where RUNNING rows may be ticks in flight on other runtimes.
     *
     * @return how many ticks were recorded as interrupted
     */
    public int recordAbandoned() throws SQLException {
        List<String> running = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT tick_id FROM market_ticks WHERE status = ?")) {
            st.setString(1, RUNNING);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    running.add(rs.getString(1));
                }
            }
        }
        int recorded = 0;
        for (String tickId : running) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{8}T\\d{6}Z)-g(\\d+)").matcher(tickId);
            if (m.matches()) {
                Instant slot = TickLifecycle.ID_TIME.parse(m.group(1), Instant::from);
                recorded += recordInterrupted(new ScheduledSlot(Integer.parseInt(m.group(2)), slot, true)) != null
                        ? 1 : 0;
            }
        }
        return recorded;
    }

    /**
     * When the last tick with prices (completed or paused) began, on any runtime; null when none, or when the
     * database does not answer (the database health check reports that).
     */
    public java.time.Instant lastSnapshotAt() {
        // Only the newest rows (primary key order), so the check stays cheap however long the table grows.
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT MAX(started_at) FROM (SELECT started_at, status FROM market_ticks ORDER BY id DESC LIMIT 200)"
                        + " t WHERE status IN ('COMPLETED', 'PAUSED')");
                ResultSet rs = st.executeQuery()) {
            Timestamp last = rs.next() ? rs.getTimestamp(1) : null;
            return last == null ? null : last.toInstant();
        } catch (SQLException e) {
            LOG.debug("last market snapshot of the cluster not read: {}", e.toString());
            return null;
        }
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

}
