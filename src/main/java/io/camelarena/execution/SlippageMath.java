package io.camelarena.execution;

import io.camelarena.market.OrderBook;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Exact arithmetic of slippage (docs/slippage.md). Pure and static: no venue, no clock. Every price it returns has
 * {@link PaperTradingMath#SCALE} decimals, rounded against the trader: a buy UP, a sell DOWN (prices are positive, so
 * UP is towards the higher price and DOWN towards the lower).
 *
 * <ul>
 *   <li>fixed: a buy at reference x (1 + bps / 10000), a sell at reference x (1 - bps / 10000);</li>
 *   <li>book: a buy consumes the asks from the best (lowest) upwards, a sell the bids from the best (highest)
 *       downwards, each level up to its size, until the quantity is filled; the price is the volume-weighted average
 *       of what was consumed. A quantity larger than the whole side fills its remainder one step beyond the book: at
 *       the last level's price moved by the fixed bps against the trader;</li>
 *   <li>never better than the reference: see {@link #notBetterThan}.</li>
 * </ul>
 */
public final class SlippageMath {

    private static final BigDecimal BASIS_POINTS = new BigDecimal("10000");

    private SlippageMath() {
    }

    /**
     * The walk of one fill through one side of a book.
     *
     * @param price       volume-weighted average price of the fill, rounded against the trader to 8 decimals (not yet
     *                    compared with the reference)
     * @param best        the first level's price
     * @param worst       the last consumed level's price
     * @param levels      how many levels were consumed (wholly or partly)
     * @param fromBook    the quantity the book held and filled
     * @param beyondBook  the quantity the book did not hold (zero when it was deep enough)
     * @param beyondPrice the price of {@code beyondBook}: {@code worst} moved by the fixed bps against the trader
     */
    public record BookWalk(BigDecimal price, BigDecimal best, BigDecimal worst, int levels, BigDecimal fromBook,
            BigDecimal beyondBook, BigDecimal beyondPrice) {

        /** Whether the book was thinner than the quantity. */
        public boolean thin() {
            return beyondBook.signum() > 0;
        }
    }

    /** The fixed model's fill: the reference moved by {@code bps} basis points against the trader. */
    public static BigDecimal fixed(boolean buy, BigDecimal reference, BigDecimal bps) {
        requirePositive("reference price", reference);
        return roundAgainstTrader(buy, moved(buy, reference, bps));
    }

    /**
     * Walks {@code levels} (the side the fill takes, best first, as {@link OrderBook#sideTakenBy} gives it) for
     * {@code quantity}.
     *
     * @param bps the fixed model's basis points, for a quantity beyond the book's depth
     * @throws IllegalArgumentException when {@code levels} is empty (the caller uses {@link #fixed} then)
     */
    public static BookWalk walk(List<OrderBook.Level> levels, boolean buy, BigDecimal quantity, BigDecimal bps) {
        requirePositive("quantity", quantity);
        requireBps(bps);
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("the book has no " + (buy ? "asks" : "bids") + " to walk");
        }
        BigDecimal remaining = quantity;
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal worst = null;
        int consumed = 0;
        for (OrderBook.Level level : levels) {
            if (remaining.signum() == 0) {
                break;
            }
            BigDecimal taken = remaining.min(level.size());
            cost = cost.add(taken.multiply(level.price()));
            remaining = remaining.subtract(taken);
            worst = level.price();
            consumed++;
        }
        BigDecimal beyondPrice = moved(buy, worst, bps);
        cost = cost.add(remaining.multiply(beyondPrice));
        BigDecimal price = cost.divide(quantity, PaperTradingMath.SCALE, buy ? RoundingMode.UP : RoundingMode.DOWN);
        return new BookWalk(price, levels.get(0).price(), worst, consumed, quantity.subtract(remaining), remaining,
                beyondPrice);
    }

    /**
     * {@code price}, or the reference (rounded against the trader to 8 decimals) when {@code price} is better for the
     * trader: a buy never below it, a sell never above it. The reference is the price the order was decided or
     * triggered at (the tick's price, a trigger, a liquidation price); the book is fetched later, within the round,
     * and may have moved in the trader's favour since. Filling at such a book would reward the fetch's delay, not the
     * decision, and would let a stop or a liquidation close at a better price than the one that triggered it; a
     * taker never improves on the price it reacts to, so slippage only ever costs.
     */
    public static BigDecimal notBetterThan(boolean buy, BigDecimal price, BigDecimal reference) {
        requirePositive("reference price", reference);
        BigDecimal floor = roundAgainstTrader(buy, reference);
        BigDecimal fill = price.setScale(PaperTradingMath.SCALE, buy ? RoundingMode.UP : RoundingMode.DOWN);
        return buy ? fill.max(floor) : fill.min(floor);
    }

    /** {@code price} x (1 + bps / 10000) for a buy, x (1 - bps / 10000) for a sell; exact. */
    private static BigDecimal moved(boolean buy, BigDecimal price, BigDecimal bps) {
        requireBps(bps);
        BigDecimal rate = bps.movePointLeft(4);
        return price.multiply(buy ? BigDecimal.ONE.add(rate) : BigDecimal.ONE.subtract(rate));
    }

    private static BigDecimal roundAgainstTrader(boolean buy, BigDecimal price) {
        return price.setScale(PaperTradingMath.SCALE, buy ? RoundingMode.UP : RoundingMode.DOWN);
    }

    private static void requirePositive(String what, BigDecimal value) {
        if (value == null || value.signum() <= 0) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
    }

    /** Basis points in [0, 10000): a sell's price stays positive. */
    static void requireBps(BigDecimal bps) {
        if (bps == null || bps.signum() < 0 || bps.compareTo(BASIS_POINTS) >= 0) {
            throw new IllegalArgumentException("slippage bps must be at least 0 and below 10000, was " + bps);
        }
    }
}
