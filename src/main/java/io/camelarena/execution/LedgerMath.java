package io.camelarena.execution;

import io.camelarena.account.Position;
import io.camelarena.account.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * The isolated-margin ledger's arithmetic (docs/ledger.md): maintenance margin rate, liquidation price, liquidation,
 * triggered exits and funding. Pure and static like {@link PaperTradingMath}, whose rounding rules it follows: prices
 * and money HALF_EVEN to 8 decimals, funding rates to 12, every recorded amount derived from recorded amounts.
 */
public final class LedgerMath {

    /** The maintenance margin rate when neither the configuration nor the venue gives one. */
    public static final BigDecimal DEFAULT_MAINTENANCE_MARGIN_RATE = new BigDecimal("0.05000000");
    /** Decimal places of a funding rate. */
    public static final int RATE_SCALE = 12;
    private static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(3_600_000L);

    private LedgerMath() {
    }

    /** What caused an order: a model's decision, or the ledger between ticks. Stored in orders.cause, trades.cause. */
    public enum Cause {
        DECISION, TAKE_PROFIT, STOP_LOSS, LIQUIDATION
    }

    /**
     * The maintenance margin rate of a symbol: {@code configured} when set, else 1 / (2 x the venue's maximum
     * leverage) (Hyperliquid's rule), else {@link #DEFAULT_MAINTENANCE_MARGIN_RATE}; 8 decimals, HALF_EVEN.
     */
    public static BigDecimal maintenanceMarginRate(BigDecimal configured, Integer venueMaxLeverage) {
        if (configured != null) {
            return PaperTradingMath.money(configured);
        }
        if (venueMaxLeverage != null && venueMaxLeverage > 0) {
            return BigDecimal.ONE.divide(BigDecimal.valueOf(2L * venueMaxLeverage), PaperTradingMath.SCALE,
                    RoundingMode.HALF_EVEN);
        }
        return DEFAULT_MAINTENANCE_MARGIN_RATE;
    }

    /** The leverage an open gets: the decision's (already at most the account's maximum), at most the venue's. */
    public static int leverage(int decided, Integer venueMaxLeverage) {
        int asked = Math.max(1, decided);
        return venueMaxLeverage == null || venueMaxLeverage < 1 ? asked : Math.min(asked, venueMaxLeverage);
    }

    /**
     * The price at which a position of entry {@code e}, quantity {@code q} and margin {@code M} is liquidated: long
     * (e·q − M) / (q·(1 − mmr)), short (e·q + M) / (q·(1 + mmr)), HALF_EVEN to 8 decimals; empty when that is not
     * above zero (a 1x long: the price cannot reach it).
     */
    public static Optional<BigDecimal> liquidationPrice(Side side, BigDecimal entry, BigDecimal quantity,
            BigDecimal margin, BigDecimal maintenanceMarginRate) {
        BigDecimal value = entry.multiply(quantity);
        BigDecimal price = side == Side.LONG
                ? value.subtract(margin).divide(quantity.multiply(BigDecimal.ONE.subtract(maintenanceMarginRate)),
                        PaperTradingMath.SCALE, RoundingMode.HALF_EVEN)
                : value.add(margin).divide(quantity.multiply(BigDecimal.ONE.add(maintenanceMarginRate)),
                        PaperTradingMath.SCALE, RoundingMode.HALF_EVEN);
        return price.signum() > 0 ? Optional.of(price) : Optional.empty();
    }

    /** {@link #liquidationPrice(Side, BigDecimal, BigDecimal, BigDecimal, BigDecimal)} of a position, or null. */
    public static BigDecimal liquidationPrice(Position position, BigDecimal maintenanceMarginRate) {
        return liquidationPrice(position.side(), position.avgEntryPrice(), position.quantity(), position.margin(),
                maintenanceMarginRate).orElse(null);
    }

    /**
     * A liquidation: the whole position closed at {@code fillPrice} (the liquidation price after slippage), no fee;
     * the account loses exactly the margin: cash gets margin + realized PnL − penalty = 0.
     *
     * @param penalty margin + realized PnL: what the liquidation forfeits beyond the realized loss
     */
    public record Liquidation(BigDecimal referencePrice, BigDecimal price, BigDecimal quantity, BigDecimal notional,
            BigDecimal releasedMargin, BigDecimal realizedPnl, BigDecimal penalty) {
    }

    public static Liquidation liquidate(Position position, BigDecimal liquidationPrice, BigDecimal fillPrice) {
        BigDecimal reference = PaperTradingMath.price(liquidationPrice);
        BigDecimal price = PaperTradingMath.price(fillPrice);
        BigDecimal realizedPnl = PaperTradingMath.money(PaperTradingMath.pnlPerUnit(position.side(),
                position.avgEntryPrice(), price).multiply(position.quantity()));
        BigDecimal notional = PaperTradingMath.money(position.quantity().multiply(price));
        return new Liquidation(reference, price, position.quantity(), notional, position.margin(), realizedPnl,
                position.margin().add(realizedPnl));
    }

    /** What one candle (or the tick's price) triggers on a position, and the reference price of its fill. */
    public record Trigger(Cause cause, BigDecimal referencePrice) {
    }

    /**
     * What a candle of {@code open}, {@code high}, {@code low} does to the position, checked in the conservative
     * order: stop-loss, then liquidation, then take-profit.
     * <ul>
     *   <li>A candle that opens at or beyond the liquidation price liquidates (at the liquidation price).</li>
     *   <li>Stop-loss (long: low ≤ stop; short: high ≥ stop) when the stop lies before the liquidation price; it
     *       fills at the stop, or at the open when the candle opened beyond it (a gap).</li>
     *   <li>Liquidation (long: low ≤ liquidation price; short: high ≥ it), at the liquidation price.</li>
     *   <li>Take-profit (long: high ≥ take-profit; short: low ≤ it), at the take-profit or the open beyond it.</li>
     * </ul>
     */
    public static Optional<Trigger> trigger(Position position, BigDecimal open, BigDecimal high, BigDecimal low) {
        Position.Ledger l = position.ledger();
        BigDecimal liquidation = l.liquidationPrice();
        BigDecimal stop = l.stopLoss();
        BigDecimal target = l.takeProfit();
        boolean isLong = position.side() == Side.LONG;
        if (liquidation != null && beyond(isLong, open, liquidation)) {
            return Optional.of(new Trigger(Cause.LIQUIDATION, liquidation));
        }
        if (stop != null && beyond(isLong, isLong ? low : high, stop)
                && (liquidation == null || before(isLong, stop, liquidation))) {
            return Optional.of(new Trigger(Cause.STOP_LOSS, beyond(isLong, open, stop) ? open : stop));
        }
        if (liquidation != null && beyond(isLong, isLong ? low : high, liquidation)) {
            return Optional.of(new Trigger(Cause.LIQUIDATION, liquidation));
        }
        if (target != null && (isLong ? high.compareTo(target) >= 0 : low.compareTo(target) <= 0)) {
            boolean gap = isLong ? open.compareTo(target) >= 0 : open.compareTo(target) <= 0;
            return Optional.of(new Trigger(Cause.TAKE_PROFIT, gap ? open : target));
        }
        return Optional.empty();
    }

    /** A long's losing side is down: price at or below the level; a short's is up. */
    private static boolean beyond(boolean isLong, BigDecimal price, BigDecimal level) {
        return isLong ? price.compareTo(level) <= 0 : price.compareTo(level) >= 0;
    }

    /** Whether a losing move reaches {@code first} before {@code second} (strictly). */
    private static boolean before(boolean isLong, BigDecimal first, BigDecimal second) {
        return isLong ? first.compareTo(second) > 0 : first.compareTo(second) < 0;
    }

    /**
     * One funding accrual of a position.
     *
     * @param hours  elapsed hours, HALF_EVEN to 8 decimals
     * @param amount what the account pays (positive) or receives (negative): q × mark × hourly rate × hours, HALF_EVEN
     *               to 8 decimals, longs pay a positive rate and shorts receive it; a payment never exceeds the margin
     */
    public record Funding(BigDecimal markPrice, BigDecimal hourlyRate, BigDecimal hours, BigDecimal amount) {
    }

    /** A venue's hourly funding rate as the ledger uses and records it: HALF_EVEN to 12 decimals. */
    public static BigDecimal fundingRate(BigDecimal hourlyRate) {
        return hourlyRate.setScale(RATE_SCALE, RoundingMode.HALF_EVEN);
    }

    /** Funding of {@code position} over {@code millis} milliseconds at {@code mark} and {@code hourlyRate}. */
    public static Funding funding(Position position, BigDecimal mark, BigDecimal hourlyRate, long millis) {
        BigDecimal rate = fundingRate(hourlyRate);
        BigDecimal markPrice = PaperTradingMath.price(mark);
        BigDecimal hours = BigDecimal.valueOf(Math.max(0, millis)).divide(MILLIS_PER_HOUR, PaperTradingMath.SCALE,
                RoundingMode.HALF_EVEN);
        BigDecimal paid = PaperTradingMath.money(position.quantity().multiply(markPrice).multiply(rate)
                .multiply(hours));
        BigDecimal amount = position.side() == Side.LONG ? paid : paid.negate();
        if (amount.compareTo(position.margin()) > 0) {
            amount = position.margin();
        }
        return new Funding(markPrice, rate, hours, amount);
    }
}
