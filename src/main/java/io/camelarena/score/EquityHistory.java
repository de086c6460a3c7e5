package io.camelarena.score;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Every account's equity at each of its ticks: the {@code total_balance} of its live decision rows (total assets at
 * that tick's prices, before the decision), kept in memory and read incrementally: each refresh reads only the rows
 * above the highest id read so far, from the covering index {@code ix_decision_logs_equity} (V9). Decision rows are
 * never deleted or re-valued (the audit chain would show it), so what was read stays true; a row written late (from
 * the spool) is put in its time order. Rows without a balance are not points.
 */
final class EquityHistory {

    private final Map<Integer, TimeSeries> byAccount = new HashMap<>();
    private long lastId;

    synchronized void refresh(Connection c) throws SQLException {
        try (PreparedStatement st = Rows.streaming(c, "SELECT id, account_id, decision_time, total_balance "
                + "FROM ai_decision_logs WHERE replay_of IS NULL AND id > ? ORDER BY id")) {
            st.setLong(1, lastId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    lastId = rs.getLong(1);
                    java.math.BigDecimal balance = rs.getBigDecimal(4);
                    if (balance != null) {
                        byAccount.computeIfAbsent(rs.getInt(2), k -> new TimeSeries())
                                .add(rs.getTimestamp(3).getTime(), EquitySeries.cents(balance));
                    }
                }
            }
        }
    }

    /**
     * The account's series: its creation point (initial cash), its decision points, then {@code nowCents} when not
     * null, at the time of the prices it was valued at ({@code valuedAtMillis}; never before the last point);
     * limited to {@code period}, with the last point before the period's start, if any, carried in at the start.
     */
    synchronized EquitySeries series(int accountId, long createdMillis, long initialCents, Period period,
            long valuedAtMillis, Long nowCents) {
        TimeSeries points = byAccount.getOrDefault(accountId, new TimeSeries());
        int total = points.size() + 1 + (nowCents == null ? 0 : 1);
        long[] t = new long[total];
        long[] v = new long[total];
        // never after its first decision (an account row created again, a clock set back)
        t[0] = points.size() > 0 ? Math.min(createdMillis, points.time(0)) : createdMillis;
        v[0] = initialCents;
        for (int i = 0; i < points.size(); i++) {
            t[i + 1] = points.time(i);
            v[i + 1] = points.value(i);
        }
        if (nowCents != null) {
            t[total - 1] = Math.max(valuedAtMillis, t[total - 2]);
            v[total - 1] = nowCents;
        }
        return slice(t, v, period);
    }

    static EquitySeries slice(long[] t, long[] v, Period period) {
        long from = period.from() == null ? Long.MIN_VALUE : period.from().toEpochMilli();
        long to = period.to() == null ? Long.MAX_VALUE : period.to().toEpochMilli();
        int start = 0;
        while (start < t.length && t[start] < from) {
            start++;
        }
        int end = start;
        while (end < t.length && t[end] < to) {
            end++;
        }
        // the value at the start is the last one before it, unless a point falls on the start itself
        boolean carry = start > 0 && (start == t.length || t[start] > from);
        int n = end - start + (carry ? 1 : 0);
        long[] times = new long[n];
        long[] cents = new long[n];
        int k = 0;
        if (carry) {
            times[0] = from;
            cents[0] = v[start - 1];
            k = 1;
        }
        System.arraycopy(t, start, times, k, end - start);
        System.arraycopy(v, start, cents, k, end - start);
        return new EquitySeries(times, cents);
    }
}
