package io.camelarena.account;

import io.camelarena.support.IsoTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads the accounts' own latest decisions for their prompts: the last N live rows of ai_decision_logs before the
 * decision time (replay rows are not the account's), with the executed order's realized PnL (closes) and fee. One
 * statement for up to {@link #CHUNK} accounts: a UNION ALL of one indexed, limited select per account
 * (ix_decision_logs_account_time), so the cost follows N per account, not the length of the log. The ledger's own
 * closes between decisions (take-profit, stop-loss, liquidation: orders without a decision row) are entries too, with
 * operation close and their cause as status; one more statement of the same shape per chunk reads them.
 */
public final class DecisionHistoryRepository {

    static final int CHUNK = 100;
    private static final String ONE = "(SELECT l.account_id, l.id, l.decision_time, l.operation, l.symbol, "
            + "l.direction, l.status, l.error_code, l.reason, o.operation AS order_operation, o.realized_pnl, o.fee "
            + "FROM ai_decision_logs l LEFT JOIN orders o ON o.id = l.order_id "
            + "WHERE l.account_id = ? AND l.replay_of IS NULL AND l.decision_time < ? "
            + "ORDER BY l.decision_time DESC, l.id DESC LIMIT ?)";

    private static final String EXITS = "(SELECT o.account_id, o.id, o.created_at, o.symbol, o.side, o.cause,"
            + " o.realized_pnl, o.fee FROM orders o WHERE o.account_id = ?"
            + " AND o.cause IN ('TAKE_PROFIT', 'STOP_LOSS', 'LIQUIDATION') AND o.created_at < ?"
            + " ORDER BY o.id DESC LIMIT ?)";

    private final DataSource dataSource;
    private final int entries;

    /** @param entries how many decisions per account (0: none, the history is always empty) */
    public DecisionHistoryRepository(DataSource dataSource, int entries) {
        if (entries < 0) {
            throw new IllegalArgumentException("history entries must be at least 0, was " + entries);
        }
        this.dataSource = dataSource;
        this.entries = entries;
    }

    /**
     * Each account's last decisions before {@code before}, oldest first (accounts without any get an empty history).
     *
     * @throws IllegalStateException wrapping an SQLException
     */
    public Map<Long, DecisionHistory> loadAll(Collection<Long> accountIds, Instant before) {
        Map<Long, List<DecisionHistory.Entry>> found = new HashMap<>();
        List<Long> ids = List.copyOf(new LinkedHashSet<>(accountIds));
        if (entries > 0 && !ids.isEmpty()) {
            try (Connection c = dataSource.getConnection()) {
                for (int from = 0; from < ids.size(); from += CHUNK) {
                    List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                    read(c, chunk, before, found);
                    readExits(c, chunk, before, found);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not read the decision history of " + ids.size()
                        + " account(s): " + e.getMessage(), e);
            }
        }
        Map<Long, DecisionHistory> result = new HashMap<>();
        for (Long id : ids) {
            List<DecisionHistory.Entry> list = new ArrayList<>(found.getOrDefault(id, List.of()));
            // newest first (decisions and exits), the last N of them
            list.sort(java.util.Comparator.comparing(DecisionHistory.Entry::time,
                    java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder())));
            if (list.size() > entries) {
                list = new ArrayList<>(list.subList(0, entries));
            }
            java.util.Collections.reverse(list);
            result.put(id, new DecisionHistory(list));
        }
        return result;
    }

    public DecisionHistory load(long accountId, Instant before) {
        return loadAll(List.of(accountId), before).get(accountId);
    }

    /** {@code query} (account id, before, limit) once per account of the chunk, as one UNION ALL statement. */
    private PreparedStatement perAccount(Connection c, String query, List<Long> chunk, Instant before)
            throws SQLException {
        PreparedStatement st = c.prepareStatement(String.join(" UNION ALL ",
                java.util.Collections.nCopies(chunk.size(), query)));
        try {
            int i = 1;
            for (Long id : chunk) {
                st.setLong(i++, id);
                st.setString(i++, IsoTimes.sqlDateTime(before));
                st.setInt(i++, entries);
            }
            return st;
        } catch (SQLException e) {
            st.close();
            throw e;
        }
    }

    private void readExits(Connection c, List<Long> chunk, Instant before,
            Map<Long, List<DecisionHistory.Entry>> found) throws SQLException {
        try (PreparedStatement st = perAccount(c, EXITS, chunk, before)) {
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Timestamp time = rs.getTimestamp("created_at");
                    found.computeIfAbsent(rs.getLong("account_id"), k -> new ArrayList<>()).add(
                            new DecisionHistory.Entry(time == null ? null : time.toInstant(), "close",
                                    rs.getString("symbol"), rs.getString("side"), rs.getString("cause"), null,
                                    rs.getBigDecimal("realized_pnl"), rs.getBigDecimal("fee"), null));
                }
            }
        }
    }

    private void read(Connection c, List<Long> chunk, Instant before, Map<Long, List<DecisionHistory.Entry>> found)
            throws SQLException {
        try (PreparedStatement st = perAccount(c, ONE, chunk, before)) {
            try (ResultSet rs = st.executeQuery()) {
                List<Object[]> rows = new ArrayList<>();
                while (rs.next()) {
                    Timestamp time = rs.getTimestamp("decision_time");
                    boolean executed = "EXECUTED".equals(rs.getString("status"));
                    boolean close = "close".equals(rs.getString("order_operation"));
                    DecisionHistory.Entry e = new DecisionHistory.Entry(time == null ? null : time.toInstant(),
                            rs.getString("operation"), rs.getString("symbol"), rs.getString("direction"),
                            rs.getString("status"), rs.getString("error_code"),
                            executed && close ? rs.getBigDecimal("realized_pnl") : null,
                            executed ? rs.getBigDecimal("fee") : null, rs.getString("reason"));
                    rows.add(new Object[] {rs.getLong("account_id"), rs.getLong("id"), e});
                }
                // newest first per account, whatever order the union returned
                rows.sort(java.util.Comparator.<Object[], Instant>comparing(r -> ((DecisionHistory.Entry) r[2]).time(),
                        java.util.Comparator.nullsFirst(java.util.Comparator.reverseOrder()))
                        .thenComparing(r -> -(Long) r[1]));
                for (Object[] r : rows) {
                    found.computeIfAbsent((Long) r[0], k -> new ArrayList<>()).add((DecisionHistory.Entry) r[2]);
                }
            }
        }
    }
}
