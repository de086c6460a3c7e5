package io.camelarena.score;

import io.camelarena.support.IsoTimes;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What the ledger (docs/ledger.md) adds to an account's score over a period: funding paid or received (by the end of
 * each accrual's period), liquidations and their penalties, stop-loss and take-profit closes (by the order's time).
 * Closing orders of any cause are closed trades like any other ({@link OrderHistory}).
 */
public final class LedgerTotals {

    /** An account's ledger totals; {@link #NONE} when the ledger recorded nothing. */
    /**
     * @param penalties the liquidations' penalties (a LIQUIDATION row's penalty; negative when slippage took the fill
     *                  beyond the margin)
     * @param waived    the penalties of other closes: a loss beyond the position's margin, waived (negative)
     */
    public record Totals(BigDecimal funding, BigDecimal penalties, long liquidations, long stops, long takeProfits,
            BigDecimal waived) {
        public static final Totals NONE = new Totals(BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, 0, BigDecimal.ZERO);
    }

    private static final Instant OPEN_FROM = Instant.parse("1000-01-01T00:00:00Z");
    private static final Instant OPEN_TO = Instant.parse("9999-12-31T00:00:00Z");

    /** amount: positive = the account paid, negative = it received */
    private static final String FUNDING = "SELECT account_id, COALESCE(SUM(amount), 0) FROM funding_payments"
            + " WHERE period_end >= ? AND period_end < ? GROUP BY account_id";
    /* a liquidation's penalty is a penalty charged; a (negative) one on another close is a loss waived */
    private static final String EXITS = "SELECT account_id,"
            + " SUM(CASE WHEN cause = 'LIQUIDATION' THEN 1 ELSE 0 END),"
            + " COALESCE(SUM(CASE WHEN cause = 'LIQUIDATION' THEN penalty ELSE 0 END), 0),"
            + " SUM(CASE WHEN cause = 'STOP_LOSS' THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN cause = 'TAKE_PROFIT' THEN 1 ELSE 0 END),"
            + " COALESCE(SUM(CASE WHEN cause <> 'LIQUIDATION' THEN penalty ELSE 0 END), 0)"
            + " FROM orders WHERE (cause <> 'DECISION' OR penalty <> 0) AND created_at >= ? AND created_at < ?"
            + " GROUP BY account_id";

    private LedgerTotals() {
    }

    /** Per account id; an account without an entry has {@link Totals#NONE}. */
    public static Map<Integer, Totals> byAccount(Connection c, Period period) throws SQLException {
        Map<Integer, BigDecimal> funding = new HashMap<>();
        try (PreparedStatement st = bound(c, FUNDING, period); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                funding.put(rs.getInt(1), rs.getBigDecimal(2));
            }
        }
        Map<Integer, Totals> totals = new HashMap<>();
        try (PreparedStatement st = bound(c, EXITS, period); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                int account = rs.getInt(1);
                totals.put(account, new Totals(funding.getOrDefault(account, BigDecimal.ZERO), rs.getBigDecimal(3),
                        rs.getLong(2), rs.getLong(4), rs.getLong(5), rs.getBigDecimal(6)));
            }
        }
        funding.forEach((account, amount) -> totals.putIfAbsent(account,
                new Totals(amount, BigDecimal.ZERO, 0, 0, 0, BigDecimal.ZERO)));
        return totals;
    }

    private static PreparedStatement bound(Connection c, String sql, Period period) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        st.setString(1, IsoTimes.sqlDateTime(period.from() == null ? OPEN_FROM : period.from()));
        st.setString(2, IsoTimes.sqlDateTime(period.to() == null ? OPEN_TO : period.to()));
        return st;
    }
}
