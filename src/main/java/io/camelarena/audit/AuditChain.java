package io.camelarena.audit;

import io.camelarena.support.IsoTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tamper-evident decision log. {@link #append} writes one ai_decision_logs row as the next link of a SHA-256 hash
 * chain: row_hash = SHA-256 over the row's canonical content (decision columns, the hashes of the prompt and reply
 * texts, its chain position and the previous row's hash). Appends are serialized by locking the single
 * audit_chain_head row (SELECT ... FOR UPDATE) in the insert's transaction, so concurrent accounts, and other
 * processes on the same database, cannot scramble the chain. A row whose decision_id is already stored is skipped,
 * which makes spool replays idempotent. {@link #verify} walks the chain and names the first row that was altered,
 * inserted or deleted.
 */
public final class AuditChain {

    private static final Logger LOG = LoggerFactory.getLogger(AuditChain.class);

    private static final String INSERT;
    private static final String SELECT_CHAIN;

    static {
        var columns = new ArrayList<>(LogColumns.WRITTEN.keySet());
        columns.addAll(LogColumns.SEALED);
        INSERT = "INSERT INTO ai_decision_logs (" + String.join(", ", columns) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        SELECT_CHAIN = "SELECT id, row_hash, texts_cleared_at, texts_retention_days, "
                + String.join(", ", columns.subList(0, columns.size() - 1))
                + " FROM ai_decision_logs WHERE chain_seq IS NOT NULL AND chain_seq <= ? ORDER BY chain_seq";
    }

    /**
     * How far a texts_cleared_at may lie after this verifier's clock: both are local times, and the runtime that
     * cleared the texts may be in another zone (offsets run from UTC-12 to UTC+14).
     */
    private static final Duration ZONE_TOLERANCE = Duration.ofHours(26);

    private final DataSource dataSource;
    private final Clock clock;
    private final ReentrantLock appending = new ReentrantLock();
    private final Queue<PendingRow> waiting = new ConcurrentLinkedQueue<>();

    public AuditChain(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Appends the row (a map of column name to value, as DecisionLogRowBuilder builds it or a spool line holds it):
     * seals it and inserts it in one transaction, so a row is never in the chain without being stored, nor stored
     * without its place in the chain.
     *
     * <p>Group commit: rows of concurrent decisions that arrive while an append transaction runs are appended
     * together by the next one (one head lock, one batch insert, one commit for all of them), so the head lock that
     * every row needs does not turn the log into one commit per decision in a row. A lone row is written alone, at
     * once. If a group's transaction fails because of its content, its rows are retried one by one, each in its own
     * transaction, so a row the database refuses fails alone and every caller gets the outcome of its own row; if it
     * fails for want of a database (no connection, a lost one, a timeout), every row of the group fails at once.
     *
     * @return true when written, false when a row with the same decision_id was already there
     * @throws SQLException when the database refused or could not be reached (nothing was written)
     */
    public boolean append(Map<String, ?> row) throws SQLException {
        return appendRow(row).written();
    }

    /** What an append did: the row written, with its id, or not written (its decision_id was there already). */
    public record Appended(boolean written, Long id) {
    }

    /** {@link #append} answering the written row's id as well (what a trace of the decision links to). */
    public Appended appendRow(Map<String, ?> row) throws SQLException {
        if (row.get("row_hash") != null) {
            return insertSealed(row);
        }
        Map<String, Object> typed = LogColumns.normalize(row);
        addTextHashes(typed);
        PendingRow mine = new PendingRow(typed);
        waiting.add(mine);
        appending.lock();
        try {
            // Whoever holds the lock appends every row queued so far, so ours may already be done. If not, it is
            // still queued: rows leave the queue only under this lock and are settled before it is released.
            if (!mine.settled) {
                List<PendingRow> group = new ArrayList<>();
                for (PendingRow next; (next = waiting.poll()) != null; ) {
                    group.add(next);
                }
                appendGroup(group);
            }
        } finally {
            appending.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        if (!mine.settled) {
            throw new SQLException("decision-log row " + typed.get("decision_id") + " was not written");
        }
        return new Appended(mine.written, mine.written ? mine.id : null);
    }

    private void appendGroup(List<PendingRow> group) {
        try {
            inTransaction(c -> {
                appendOn(c, group);
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            if (group.size() == 1 || connectionProblem(e)) {
                // Without a database every row would fail the same way, one connection timeout after another, while
                // the rest of the tick waits for this lock: every caller gets the failure now and spools its row.
                SQLException failure = asSqlException(e);
                group.forEach(p -> p.failure = failure);
            } else {
                LOG.info("appending {} decision-log rows together failed ({}): writing them one by one",
                        group.size(), e.getMessage());
                for (PendingRow one : group) {
                    try {
                        inTransaction(c -> {
                            appendOn(c, List.of(one));
                            return null;
                        });
                    } catch (SQLException | RuntimeException single) {
                        one.failure = asSqlException(single);
                    }
                }
            }
        } catch (Error e) {
            // The callers of the group must not take "nothing happened to my row" for "already stored".
            SQLException failure = new SQLException("writing " + group.size() + " decision-log rows failed: " + e, e);
            group.forEach(p -> p.failure = failure);
            throw e;
        } finally {
            group.forEach(p -> p.settled = true);
        }
    }

    /** No connection, a lost one, or a timeout: not something one row of the group did. */
    static boolean connectionProblem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof SQLTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /** Skips rows whose decision_id is stored already, chains the others after the locked head and inserts them. */
    private static void appendOn(Connection c, List<PendingRow> group) throws SQLException {
        List<PendingRow> fresh = new ArrayList<>();
        Set<String> seen = stored(c, group.stream().map(p -> (String) p.row.get("decision_id"))
                .filter(Objects::nonNull).distinct().toList());
        for (PendingRow p : group) {
            String decisionId = (String) p.row.get("decision_id");
            p.written = decisionId == null || seen.add(decisionId);
            if (p.written) {
                fresh.add(p);
            } else {
                LOG.info("decision {} already in ai_decision_logs: not written again", decisionId);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        List<Map<String, Object>> rows = fresh.stream().map(p -> p.row).toList();
        sealAllOn(c, rows);
        try (PreparedStatement ps = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
            for (Map<String, Object> typed : rows) {
                int i = 1;
                for (var e : typed.entrySet()) {
                    bind(ps, i++, e.getValue());
                }
                ps.addBatch();
            }
            ps.executeBatch();
            // One generated id per inserted row, in batch order (H2 and MySQL Connector/J, also rewritten batches).
            try (ResultSet keys = ps.getGeneratedKeys()) {
                for (PendingRow p : fresh) {
                    p.id = keys.next() ? keys.getLong(1) : null;
                }
            }
        }
    }

    private static SQLException asSqlException(Exception e) {
        return e instanceof SQLException sql ? sql : new SQLException("writing a decision-log row failed: " + e, e);
    }

    /** A row waiting to be appended; settled (written, skipped or failed) by whichever caller appended its group. */
    private static final class PendingRow {
        final Map<String, Object> row;
        volatile boolean written;
        volatile Long id;
        volatile SQLException failure;
        volatile boolean settled;

        PendingRow(Map<String, Object> row) {
            this.row = row;
        }
    }

    private static void addTextHashes(Map<String, Object> typed) {
        typed.put("prompt_hash", LogColumns.sha256((String) typed.get("user_prompt")));
        typed.put("reply_hash", LogColumns.sha256((String) typed.get("reasoning_trace")));
    }

    /** Locks the chain head, chains the rows in list order after it and moves the head to the last (not committed). */
    private static void sealAllOn(Connection c, List<Map<String, Object>> rows) throws SQLException {
        long seq;
        String hash;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("audit_chain_head has no row: the V2 migration did not run");
            }
            seq = rs.getLong(1);
            hash = rs.getString(2);
        }
        for (Map<String, Object> typed : rows) {
            seq++;
            typed.put("chain_seq", seq);
            typed.put("prev_hash", hash);
            hash = LogColumns.rowHash(typed);
            typed.put("row_hash", hash);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            ps.setLong(1, seq);
            ps.setString(2, hash);
            ps.executeUpdate();
        }
    }

    /** Inserts one row, answering its id. */
    private static Long insert(Connection c, Map<String, Object> typed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
            int i = 1;
            for (var e : typed.entrySet()) {
                bind(ps, i++, e.getValue());
            }
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : null;
            }
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                resetQuietly(c, autoCommit);
            }
        }
    }

    /** A spooled row that was sealed before its insert failed: inserted with its chain values, head untouched. */
    private Appended insertSealed(Map<String, ?> row) throws SQLException {
        Map<String, Object> typed = LogColumns.normalize(row);
        for (String column : LogColumns.SEALED) {
            typed.put(column, LogColumns.value(LogColumns.type(column), row.get(column)));
        }
        try (Connection c = dataSource.getConnection()) {
            if (typed.get("decision_id") != null && exists(c, (String) typed.get("decision_id"))) {
                LOG.info("decision {} already in ai_decision_logs: not written again", typed.get("decision_id"));
                return new Appended(false, null);
            }
            return new Appended(true, insert(c, typed));
        }
    }

    /** Those of the decision ids that are in ai_decision_logs already (one query). */
    private static Set<String> stored(Connection c, List<String> decisionIds) throws SQLException {
        Set<String> stored = new HashSet<>();
        if (decisionIds.isEmpty()) {
            return stored;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT decision_id FROM ai_decision_logs WHERE decision_id IN ("
                + decisionIds.stream().map(id -> "?").collect(Collectors.joining(", ")) + ")")) {
            for (int i = 0; i < decisionIds.size(); i++) {
                ps.setString(i + 1, decisionIds.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
        }
        return stored;
    }

    private static boolean exists(Connection c, String decisionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM ai_decision_logs WHERE decision_id = ?")) {
            ps.setString(1, decisionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Walks the chain in chain order and reports the first row that does not fit. The walk checks the chain as the
     * head recorded it when the check began: the head is read first and the walk stops there, all in one read-only
     * transaction, so rows appended meanwhile (a tick running) are left to the next check instead of looking like
     * a chain whose last rows were deleted.
     */
    public VerifyReport verify() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                return verifyOn(c);
            } finally {
                rollbackQuietly(c);
                resetQuietly(c, autoCommit);
            }
        }
    }

    private VerifyReport verifyOn(Connection c) throws SQLException {
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneId.systemDefault());
        Clearings cleared = new Clearings();
        long headSeq;
        String headHash;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return cleared.broken(0, VerifyReport.Problem.DELETED, null, null, "audit_chain_head row is missing");
            }
            headSeq = rs.getLong(1);
            headHash = rs.getString(2);
        }
        long expectedSeq = 1;
        String prevHash = LogColumns.GENESIS_HASH;
        Long firstChainedId = null;
        try (PreparedStatement ps = c.prepareStatement(SELECT_CHAIN, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            // Connector/J ignores a positive fetch size and buffers the whole result: only MIN_VALUE streams it
            // row by row (as the export does). Other drivers (H2) take a bounded fetch size.
            String url = c.getMetaData().getURL();
            ps.setFetchSize(url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:") ? Integer.MIN_VALUE : 500);
            ps.setLong(1, headSeq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong("id");
                    firstChainedId = firstChainedId == null ? id : firstChainedId;
                    Map<String, Object> typed = read(rs);
                    long seq = (Long) typed.get("chain_seq");
                    long checked = expectedSeq - 1;
                    if (seq != expectedSeq) {
                        return cleared.broken(checked, VerifyReport.Problem.DELETED, id, expectedSeq,
                                "chain_seq " + expectedSeq + (seq > expectedSeq + 1 ? ".." + (seq - 1) : "")
                                        + " missing: row(s) deleted before row id " + id);
                    }
                    String rowHash = rs.getString("row_hash");
                    if (!Objects.equals(typed.get("prev_hash"), prevHash)) {
                        return cleared.broken(checked, VerifyReport.Problem.INSERTED, id, seq,
                                "prev_hash does not link to the previous row's hash: inserted (or re-linked) row");
                    }
                    if (!Objects.equals(LogColumns.rowHash(typed), rowHash)) {
                        return cleared.broken(checked, VerifyReport.Problem.ALTERED, id, seq,
                                "row_hash does not match the row's content: a decision column was changed");
                    }
                    String[] texts = {rs.getString(TEXTS[0][0]), rs.getString(TEXTS[1][0])};
                    String textProblem = textProblem(typed, texts, rs, now);
                    if (textProblem != null) {
                        return cleared.broken(checked, VerifyReport.Problem.ALTERED, id, seq, textProblem);
                    }
                    cleared.row(id, seq, typed, texts, rs);
                    prevHash = rowHash;
                    expectedSeq++;
                }
            }
        }
        long rows = expectedSeq - 1;
        if (headSeq != rows || !Objects.equals(headHash, prevHash)) {
            return cleared.broken(rows, VerifyReport.Problem.DELETED, null, rows + 1,
                    "the chain ends at chain_seq " + rows + " but its head says " + headSeq
                            + ": the last row(s) were deleted (or the head was changed)");
        }
        // One statement, so it sees a committed append's rows and head together: a row after the head is not one.
        try (PreparedStatement ps = c.prepareStatement("SELECT id, chain_seq FROM ai_decision_logs WHERE chain_seq > "
                + "(SELECT last_seq FROM audit_chain_head WHERE id = 1) ORDER BY chain_seq LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return cleared.broken(rows, VerifyReport.Problem.INSERTED, rs.getLong(1), rs.getLong(2),
                        "chained row after the chain head (chain_seq " + headSeq + "): inserted, or the head was"
                                + " moved back");
            }
        }
        if (firstChainedId != null) {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(id) FROM ai_decision_logs "
                    + "WHERE chain_seq IS NULL AND id > ?")) {
                ps.setLong(1, firstChainedId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getObject(1) != null) {
                        return cleared.broken(rows, VerifyReport.Problem.INSERTED, rs.getLong(1), null,
                                "row written outside the hash chain (no chain_seq)");
                    }
                }
            }
        }
        return VerifyReport.intact(rows, prevHash, cleared.count, cleared.ranges);
    }

    /** The two long texts: column, the column of its hash, what it is. */
    private static final String[][] TEXTS = {{"user_prompt", "prompt_hash", "prompt"},
            {"reasoning_trace", "reply_hash", "reply"}};

    /**
     * What is wrong with the row's texts, or null. A kept text must match its hash. A NULL text whose hash is set was
     * cleared, which only retention may do, and only on a row older than its horizon: texts_cleared_at and
     * texts_retention_days must be set, the row must have been older than that many days at texts_cleared_at, and
     * texts_cleared_at must not lie in the future.
     */
    private static String textProblem(Map<String, Object> typed, String[] texts, ResultSet rs, LocalDateTime now)
            throws SQLException {
        String clearedText = null;
        for (int i = 0; i < TEXTS.length; i++) {
            String[] text = TEXTS[i];
            String value = texts[i];
            Object hash = typed.get(text[1]);
            if (value != null && !Objects.equals(LogColumns.sha256(value), hash)) {
                return text[0] + " does not match " + text[1] + ": the " + text[2] + " text was changed";
            }
            if (value == null && hash != null && clearedText == null) {
                clearedText = text[0];
            }
        }
        if (clearedText == null) {
            return null;
        }
        String notRetention = notByRetention(typed, rs, now);
        return notRetention == null ? null : clearedText + " is NULL but its hash shows the row was written with one,"
                + " and it was not cleared by retention: " + notRetention;
    }

    private static String notByRetention(Map<String, Object> typed, ResultSet rs, LocalDateTime now)
            throws SQLException {
        LocalDateTime clearedAt = rs.getObject("texts_cleared_at", LocalDateTime.class);
        int days = rs.getInt("texts_retention_days");
        boolean noDays = rs.wasNull();
        if (clearedAt == null) {
            return "texts_cleared_at is NULL";
        }
        if (noDays || days < 1) {
            return "texts_retention_days (the horizon retention applied) is " + (noDays ? "NULL" : days);
        }
        if (clearedAt.isAfter(now.plus(ZONE_TOLERANCE))) {
            return "texts_cleared_at " + LogColumns.canonical(clearedAt) + " is in the future";
        }
        LocalDateTime decisionTime = (LocalDateTime) typed.get("decision_time");
        if (decisionTime == null || !decisionTime.isBefore(clearedAt.minus(Duration.ofDays(days)))) {
            return "at texts_cleared_at " + LogColumns.canonical(clearedAt) + " the row (decision_time "
                    + LogColumns.canonical(decisionTime) + ") was not older than the " + days
                    + "-day retention horizon";
        }
        return null;
    }

    /** The rows whose texts retention cleared, counted and listed as ranges in chain order. */
    private static final class Clearings {
        long count;
        final List<ClearedTexts> ranges = new ArrayList<>();
        /** The last range may take the next cleared row: no row with a kept text and no unlisted range since. */
        boolean open;

        /** Notes a row that passed the text checks. */
        void row(long id, long seq, Map<String, Object> typed, String[] texts, ResultSet rs) throws SQLException {
            boolean keptText = false;
            boolean clearedText = false;
            for (int i = 0; i < TEXTS.length; i++) {
                keptText |= texts[i] != null;
                clearedText |= texts[i] == null && typed.get(TEXTS[i][1]) != null;
            }
            if (keptText) {
                open = false;
            }
            if (!clearedText) {
                return;
            }
            count++;
            String at = LogColumns.canonical(rs.getObject("texts_cleared_at", LocalDateTime.class));
            int days = rs.getInt("texts_retention_days");
            ClearedTexts last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (open && last.clearedAt().equals(at) && last.horizonDays() == days) {
                ranges.set(ranges.size() - 1, last.plus(id, seq));
            } else if (ranges.size() < VerifyReport.LISTED_RANGES) {
                ranges.add(new ClearedTexts(id, id, seq, seq, 1, at, days));
                open = true;
            } else {
                open = false;
            }
        }

        VerifyReport broken(long rows, VerifyReport.Problem problem, Long rowId, Long seq, String detail) {
            return VerifyReport.broken(rows, problem, rowId, seq, detail, count, ranges);
        }
    }

    private static Map<String, Object> read(ResultSet rs) throws SQLException {
        Map<String, Object> typed = new LinkedHashMap<>();
        for (String column : LogColumns.HASHED) {
            LogColumns.Type type = LogColumns.type(column);
            // DATETIME as LocalDateTime: the stored wall-clock value, whatever this JVM's zone. getTimestamp would
            // convert it through the zone, and a time in this zone's DST gap would come back an hour later.
            Object raw = type == LogColumns.Type.DATETIME ? rs.getObject(column, LocalDateTime.class)
                    : rs.getObject(column);
            // Texts are compared as stored: no surrogate repair on the way back.
            typed.put(column, type == LogColumns.Type.STRING ? (raw == null ? null : raw.toString())
                    : LogColumns.value(type, raw));
        }
        return typed;
    }

    /**
     * Retention: clears user_prompt and reasoning_trace of rows whose decision_time is more than {@code days} days
     * old, recording when (texts_cleared_at) and under which horizon (texts_retention_days). Their hashes stay, so the
     * chain still verifies, and verify names each row retention cleared. {@code days <= 0} does nothing.
     *
     * @return rows cleared
     */
    public int clearTextsOlderThan(int days) throws SQLException {
        if (days <= 0) {
            return 0;
        }
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneId.systemDefault())
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        LocalDateTime cutoff = now.minus(Duration.ofDays(days));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE ai_decision_logs SET user_prompt = NULL, reasoning_trace = NULL, texts_cleared_at = ?, "
                        + "texts_retention_days = ? WHERE decision_time < ? AND texts_cleared_at IS NULL "
                        + "AND (user_prompt IS NOT NULL OR reasoning_trace IS NOT NULL)")) {
            ps.setString(1, IsoTimes.sqlDateTime(now));
            ps.setInt(2, days);
            ps.setString(3, IsoTimes.sqlDateTime(cutoff));
            int cleared = ps.executeUpdate();
            LOG.info("retention: cleared prompt and reply texts of {} decision-log rows older than {} days", cleared,
                    days);
            return cleared;
        }
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof Long l) {
            ps.setLong(index, l);
        } else if (value instanceof java.math.BigDecimal b) {
            ps.setBigDecimal(index, b);
        } else if (value instanceof LocalDateTime t) {
            // As text: Connector/J drops the fraction of a LocalDateTime parameter on MariaDB, which would change the
            // stored value after it was hashed.
            ps.setString(index, IsoTimes.sqlDateTime(t));
        } else {
            ps.setString(index, value.toString());
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the transaction went with it
        }
    }

    private static void resetQuietly(Connection c, boolean autoCommit) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // a broken connection is evicted by the pool
        }
    }
}
