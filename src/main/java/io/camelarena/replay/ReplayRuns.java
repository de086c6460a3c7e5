package io.camelarena.replay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The replay_runs table: one row per run with its selection, targets, status and progress (done / total, errors).
 * Progress is written to the database as each replayed decision is logged, so it reads the same from the API, the
 * MBean and the command line, in this process or another one on the same database.
 */
public final class ReplayRuns {

    public enum Status { QUEUED, RUNNING, COMPLETED, FAILED, INTERRUPTED }

    private final DataSource dataSource;
    private final Clock clock;
    /** Runs created by this process and not finished yet: marked INTERRUPTED when it stops. */
    private final java.util.Set<Integer> unfinished = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ReplayRuns(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** @return the new run's id */
    public int create(String triggerSource, String selectionJson, String targets, int originals, int total)
            throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO replay_runs (status, trigger_source, selection, targets, originals, total, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, Status.QUEUED.name());
            ps.setString(2, triggerSource);
            ps.setString(3, selectionJson);
            ps.setString(4, targets);
            ps.setInt(5, originals);
            ps.setInt(6, total);
            ps.setTimestamp(7, now());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                int id = keys.getInt(1);
                unfinished.add(id);
                return id;
            }
        }
    }

    public void started(int runId, int originals, int total) throws SQLException {
        update("UPDATE replay_runs SET status = ?, originals = ?, total = ?, started_at = ? WHERE id = ?",
                Status.RUNNING.name(), originals, total, now(), runId);
    }

    /** One replayed decision logged; {@code error} when it produced no usable answer or failed. */
    public void progressed(int runId, boolean error) throws SQLException {
        update("UPDATE replay_runs SET done = done + 1, errors = errors + ? WHERE id = ?", error ? 1 : 0, runId);
    }

    public void finished(int runId, Status status, String message) throws SQLException {
        unfinished.remove(runId);
        update("UPDATE replay_runs SET status = ?, message = ?, finished_at = ? WHERE id = ?", status.name(),
                message == null ? null : message.length() > 1000 ? message.substring(0, 999) + "…" : message, now(),
                runId);
    }

    /**
     * When this process stops: its runs still queued or running will not go on; says so on their rows (runs of other
     * processes on the same database are left alone).
     */
    public int interruptUnfinished() throws SQLException {
        int interrupted = 0;
        for (Integer id : java.util.List.copyOf(unfinished)) {
            interrupted += update("UPDATE replay_runs SET status = ?, message = ?, finished_at = ? WHERE id = ? "
                    + "AND status IN (?, ?)", Status.INTERRUPTED.name(), "the runtime stopped before the run ended",
                    now(), id, Status.QUEUED.name(), Status.RUNNING.name());
            unfinished.remove(id);
        }
        return interrupted;
    }

    /**
     * At the start of the only runtime on a database: runs still queued or running there belong to a process that
     * ended without stopping (killed, crashed); says so on their rows.
     */
    public int interruptAbandoned() throws SQLException {
        return update("UPDATE replay_runs SET status = ?, message = ?, finished_at = ? WHERE status IN (?, ?)",
                Status.INTERRUPTED.name(), "the process running it ended without stopping (found at the next start)",
                now(), Status.QUEUED.name(), Status.RUNNING.name());
    }

    /** The run as the API shows it (selection parsed back to JSON), or empty. */
    public Optional<Map<String, Object>> get(int runId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, status, trigger_source, selection, targets, originals, total, done, errors, message, "
                        + "created_at, started_at, finished_at FROM replay_runs WHERE id = ?")) {
            ps.setInt(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<String, Object> run = new LinkedHashMap<>();
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String name = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
                    Object v = rs.getObject(i);
                    if (v instanceof Timestamp || v instanceof java.time.LocalDateTime) {
                        v = rs.getTimestamp(i).toInstant().toString();
                    } else if (v instanceof java.sql.Clob clob) {
                        v = clob.getSubString(1, (int) clob.length());
                    }
                    run.put(name, v);
                }
                try {
                    run.put("selection", ReplayRequest.JSON.readTree((String) run.get("selection")));
                } catch (Exception e) {
                    // stored by this class as JSON; shown as text if someone edited it
                }
                run.put("targets", targetList((String) run.get("targets")));
                return Optional.of(run);
            }
        }
    }

    /** "run 3 RUNNING: 12/40 done, 1 errors" */
    public static String progressLine(Map<String, Object> run) {
        return "run " + run.get("id") + " " + run.get("status") + ": " + run.get("done") + "/" + run.get("total")
                + " done, " + run.get("errors") + " errors" + (run.get("message") == null ? "" : " (" + run.get("message") + ")");
    }

    private int update(String sql, Object... values) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            return ps.executeUpdate();
        }
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    /** The targets column (names joined by commas) as the list the API shows. */
    public static java.util.List<String> targetList(String targets) {
        return targets == null || targets.isEmpty() ? java.util.List.of() : java.util.List.of(targets.split(","));
    }
}
