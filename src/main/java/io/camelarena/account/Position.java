package io.camelarena.account;

import java.math.BigDecimal;

/**
 * An open position of an account: one per symbol.
 *
 * @param margin the cash locked for this position (notional at entry / leverage)
 */
public record Position(
        String symbol, Side side, BigDecimal quantity, BigDecimal avgEntryPrice, int leverage, BigDecimal margin) {

    /** Unrealized PnL at {@code price}: (price - entry) x qty for longs, (entry - price) x qty for shorts. */
    public BigDecimal unrealizedPnl(BigDecimal price) {
        BigDecimal diff = price.subtract(avgEntryPrice);
        if (side == Side.SHORT) {
            diff = diff.negate();
        }
        return diff.multiply(quantity);
    }
}
