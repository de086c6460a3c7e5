package io.camelarena.score;

import java.math.BigDecimal;
import java.sql.Connection;
import java.util.Map;

/**
 * What the ledger (issue 14) adds to an account's score over a period: funding paid, liquidations and their
 * penalties, stop-loss and take-profit closes. The ledger is not on this branch: {@link #byAccount} returns no rows,
 * so every account shows zeros. At merge, it becomes these two queries (bound: from, to as
 * {@code IsoTimes.sqlDateTime}; the whole history when the period is open, e.g. '1000-01-01' and '9999-12-31'):
 *
 * <pre>
 * SELECT account_id, COALESCE(SUM(amount), 0) AS funding   -- amount: positive = the account paid
 *   FROM funding_payments WHERE created_at &gt;= ? AND created_at &lt; ? GROUP BY account_id
 *
 * SELECT account_id,
 *        SUM(CASE WHEN cause = 'LIQUIDATION' THEN 1 ELSE 0 END) AS liquidations,
 *        COALESCE(SUM(CASE WHEN cause = 'LIQUIDATION' THEN penalty ELSE 0 END), 0) AS penalties,
 *        SUM(CASE WHEN cause = 'STOP_LOSS' THEN 1 ELSE 0 END) AS stops,
 *        SUM(CASE WHEN cause = 'TAKE_PROFIT' THEN 1 ELSE 0 END) AS take_profits
 *   FROM orders WHERE created_at &gt;= ? AND created_at &lt; ? GROUP BY account_id
 * </pre>
 * (the time column of funding_payments is whatever the ledger names it). Closing orders with a cause other than
 * DECISION are closed trades like any other ({@link OrderHistory} reads every order); at merge its query also reads
 * {@code penalty} and subtracts it from the trade's net PnL.
 */
public final class LedgerTotals {

    /** An account's ledger totals; {@link #NONE} when the ledger recorded nothing. */
    public record Totals(BigDecimal funding, BigDecimal penalties, long liquidations, long stops, long takeProfits) {
        public static final Totals NONE = new Totals(BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, 0);
    }

    private LedgerTotals() {
    }

    /** Per account id; an account without an entry has {@link Totals#NONE}. Empty until the ledger lands. */
    public static Map<Integer, Totals> byAccount(Connection c, Period period) {
        return Map.of();
    }
}
