package io.camelarena.score;

import java.math.BigDecimal;

/**
 * An account's ledger activity over a period: realized PnL and fees of its orders (opens and closes), and what the
 * ledger adds (funding paid, liquidations, stops; see {@link LedgerTotals}).
 *
 * @param orders      orders placed (opens and closes)
 * @param funding     funding paid (positive) or received (negative)
 * @param penalties   liquidation penalties charged
 * @param waived      the penalties of other closes: losses beyond a position's margin, waived (negative)
 */
public record Activity(BigDecimal realizedPnl, BigDecimal fees, long orders, BigDecimal funding,
        BigDecimal penalties, long liquidations, long stops, long takeProfits, BigDecimal waived) {

    public static final Activity NONE = new Activity(BigDecimal.ZERO, BigDecimal.ZERO, 0, BigDecimal.ZERO,
            BigDecimal.ZERO, 0, 0, 0, BigDecimal.ZERO);

    public Activity withLedger(LedgerTotals.Totals ledger) {
        return new Activity(realizedPnl, fees, orders, ledger.funding(), ledger.penalties(), ledger.liquidations(),
                ledger.stops(), ledger.takeProfits(), ledger.waived());
    }
}
