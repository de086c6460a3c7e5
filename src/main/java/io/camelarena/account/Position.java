package io.camelarena.account;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An open position of an account: one per symbol.
 *
 * @param margin the cash locked for this position (notional at entry / leverage, moved by funding since)
 * @param ledger the isolated-margin state the ledger keeps (docs/ledger.md), or {@link Ledger#NONE} for a position
 *               built without it
 */
public record Position(
        String symbol, Side side, BigDecimal quantity, BigDecimal avgEntryPrice, int leverage, BigDecimal margin,
        Ledger ledger) {

    public Position {
        ledger = ledger == null ? Ledger.NONE : ledger;
    }

    public Position(String symbol, Side side, BigDecimal quantity, BigDecimal avgEntryPrice, int leverage,
            BigDecimal margin) {
        this(symbol, side, quantity, avgEntryPrice, leverage, margin, Ledger.NONE);
    }

    /**
     * The position's exits, liquidation price and watermarks (positions table, V8).
     *
     * @param id                    the positions row id (0 when not stored)
     * @param takeProfit            absolute take-profit price, or null
     * @param stopLoss              absolute stop-loss price, or null
     * @param liquidationPrice      or null when the price cannot reach it (a 1x long)
     * @param maintenanceMarginRate the rate the liquidation price is computed with
     * @param checkedUntil          1-minute candles that opened before this time have been applied; null: none yet
     * @param fundedUntil           funding is accrued up to this time; null: not since the open
     * @param fundingRate           the last known hourly funding rate, or null
     */
    public record Ledger(long id, BigDecimal takeProfit, BigDecimal stopLoss, BigDecimal liquidationPrice,
            BigDecimal maintenanceMarginRate, Instant checkedUntil, Instant fundedUntil, BigDecimal fundingRate) {

        public static final Ledger NONE = new Ledger(0, null, null, null, null, null, null, null);
    }

    public BigDecimal liquidationPrice() {
        return ledger.liquidationPrice();
    }

    public Position withLedger(Ledger newLedger) {
        return new Position(symbol, side, quantity, avgEntryPrice, leverage, margin, newLedger);
    }

    /** Unrealized PnL at {@code price}: (price - entry) x qty for longs, (entry - price) x qty for shorts. */
    public BigDecimal unrealizedPnl(BigDecimal price) {
        BigDecimal diff = price.subtract(avgEntryPrice);
        if (side == Side.SHORT) {
            diff = diff.negate();
        }
        return diff.multiply(quantity);
    }
}
