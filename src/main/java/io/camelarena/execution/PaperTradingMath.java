package io.camelarena.execution;

import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.decision.ErrorCode;
import io.camelarena.decision.ReplyNumbers;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Exact arithmetic of paper trading with leverage. Pure and static: no database, no clock.
 *
 * <p>Rounding rules (scale 8 matches the DECIMAL(x,8) columns, so what is computed is exactly what is stored):
 * <ul>
 *   <li>price: HALF_EVEN to 8 decimals before anything else;</li>
 *   <li>quantity: DOWN to 8 decimals (never buy or close more than the portion asked for);</li>
 *   <li>notional = quantity x price, HALF_EVEN to 8 decimals; margin and fee are derived from this recorded notional,
 *       so an order row is consistent with itself;</li>
 *   <li>margin = notional / leverage, fee = notional x fee rate, realized PnL and partially released margin:
 *       HALF_EVEN to 8 decimals;</li>
 *   <li>an open whose margin + fee would exceed the cash is scaled down to the largest quantity that fits
 *       ({@link #fittingQuantity}: notional cap and quantity DOWN to 8 decimals).</li>
 * </ul>
 * Cash changes are sums and differences of 8-decimal amounts and therefore exact.
 */
public final class PaperTradingMath {

    public static final int SCALE = 8;
    /** The smallest amount at {@link #SCALE}: one unit of quantity, 0.00000001 of money. */
    private static final BigDecimal ROUNDING_ROOM = BigDecimal.ONE.movePointLeft(SCALE);

    private PaperTradingMath() {
    }

    /**
     * The fill of an opening order and the cash left afterwards.
     *
     * @param scaledDown why and how much the quantity was scaled down so that margin + fee fit the cash, or null when
     *                   the fill is what was asked
     */
    public record OpenFill(BigDecimal referencePrice, BigDecimal price, BigDecimal quantity, BigDecimal notional,
            int leverage, BigDecimal margin, BigDecimal fee, BigDecimal cashAfter, String scaledDown) {

        /** The position this fill opens. */
        public Position position(String symbol, Side side) {
            return new Position(symbol, side, quantity, price, leverage, margin);
        }
    }

    /**
     * The fill of a closing order.
     *
     * @param releasedMargin    margin given back to cash (the whole margin on a full close)
     * @param remainingQuantity position quantity after the fill; zero on a full close
     * @param remainingMargin   position margin after the fill; zero on a full close
     * @param penalty           zero, or (negative) the part of a loss beyond the released margin that is waived:
     *                          isolated margin, a close never takes more than the margin it releases
     */
    public record CloseFill(BigDecimal referencePrice, BigDecimal price, BigDecimal quantity, BigDecimal notional,
            BigDecimal releasedMargin, BigDecimal realizedPnl, BigDecimal fee, BigDecimal cashAfter,
            BigDecimal remainingQuantity, BigDecimal remainingMargin, BigDecimal penalty) {

        public boolean closesWholePosition() {
            return remainingQuantity.signum() == 0;
        }
    }

    /**
     * Opens a position with {@code portion} of {@code cash} as notional budget at {@code leverage}: margin + fee is
     * debited from cash. When margin + fee would exceed the cash (at 1x with a portion above 1 / (1 + fee rate)), the
     * open is scaled down to the largest quantity whose margin + fee fit (see {@link #fittingQuantity}) and the fill
     * says so in {@link OpenFill#scaledDown()}.
     *
     * @param portion in (0, 1], bounded as {@link ReplyNumbers#isBounded} says
     * @throws OrderRefusedException QUANTITY_TOO_SMALL when the quantity rounds down to zero (asked or scaled)
     */
    public static OpenFill open(BigDecimal cash, BigDecimal portion, BigDecimal price, int leverage,
            BigDecimal feeRate) throws OrderRefusedException {
        return open(cash, portion, price, leverage, feeRate, quantity -> price);
    }

    /**
     * {@link #open(BigDecimal, BigDecimal, BigDecimal, int, BigDecimal)} with slippage: the budget / the reference
     * price, rounded DOWN, is priced by {@code fillPriceOf}; the quantity is the budget / that fill price, rounded DOWN,
     * priced again (so the notional stays within the budget: notional = available cash x portion, at the fill);
     * notional, margin and fee follow from that fill price. A scaled-down open keeps that fill price (the price of the larger
     * quantity, never better for the trader than the book gives the smaller one).
     *
     * @param fillPriceOf the fill price of a quantity (the round's {@link FillPricer} for this symbol and side)
     */
    public static OpenFill open(BigDecimal cash, BigDecimal portion, BigDecimal reference, int leverage,
            BigDecimal feeRate, java.util.function.UnaryOperator<BigDecimal> fillPriceOf)
            throws OrderRefusedException {
        requirePortion(portion);
        requireLeverage(leverage);
        BigDecimal referencePrice = price(reference);
        BigDecimal budget = cash.multiply(portion);
        BigDecimal quantity = budget.divide(referencePrice, SCALE, RoundingMode.DOWN);
        if (quantity.signum() == 0) {
            throw new OrderRefusedException(ErrorCode.QUANTITY_TOO_SMALL, "a budget of " + plain(budget)
                    + " (cash " + plain(cash) + " x portion " + plain(portion) + ") buys less than 0.00000001 at price "
                    + plain(referencePrice));
        }
        BigDecimal fillPrice = price(fillPriceOf.apply(quantity));
        if (fillPrice.compareTo(referencePrice) != 0) {
            // the notional is the budget at the fill price, not at the reference: the quantity the budget buys there,
            // priced again (a walk never fills a smaller buy higher or a larger sell higher, so it stays in budget)
            BigDecimal atFill = budget.divide(fillPrice, SCALE, RoundingMode.DOWN);
            if (atFill.signum() == 0) {
                throw new OrderRefusedException(ErrorCode.QUANTITY_TOO_SMALL, "a budget of " + plain(budget)
                        + " buys less than 0.00000001 at the fill price " + plain(fillPrice));
            }
            if (atFill.compareTo(quantity) != 0) {
                quantity = atFill;
                fillPrice = price(fillPriceOf.apply(quantity));
            }
        }
        BigDecimal notional = money(quantity.multiply(fillPrice));
        BigDecimal margin = margin(notional, leverage);
        BigDecimal fee = fee(notional, feeRate);
        BigDecimal debit = margin.add(fee);
        String scaledDown = null;
        if (debit.compareTo(cash) > 0) {
            BigDecimal fitting = fittingQuantity(cash, fillPrice, leverage, feeRate).min(quantity);
            if (fitting.signum() == 0) {
                throw new OrderRefusedException(ErrorCode.QUANTITY_TOO_SMALL, "opening " + plain(quantity) + " at "
                        + plain(fillPrice) + " needs margin " + plain(margin) + " + fee " + plain(fee) + " = "
                        + plain(debit) + " but cash is only " + plain(cash)
                        + ", and scaled down to fit the cash it is less than 0.00000001");
            }
            scaledDown = "scaled down to fit the cash: portion " + plain(portion) + " at " + leverage
                    + "x needs margin " + plain(margin) + " + fee " + plain(fee) + " = " + plain(debit)
                    + " but cash is " + plain(cash) + "; opened " + plain(fitting) + " instead of " + plain(quantity);
            quantity = fitting;
            notional = money(quantity.multiply(fillPrice));
            margin = margin(notional, leverage);
            fee = fee(notional, feeRate);
            debit = margin.add(fee);
        }
        if (debit.compareTo(cash) > 0) {
            // fittingQuantity leaves room for every rounding, so this is a defect, never a decision of the model
            throw new IllegalStateException("open of " + plain(quantity) + " at " + plain(fillPrice) + " debits "
                    + plain(debit) + " from cash " + plain(cash));
        }
        return new OpenFill(referencePrice, fillPrice, quantity, notional, leverage, margin, fee, cash.subtract(debit),
                scaledDown);
    }

    /**
     * The largest quantity (8 decimals) whose margin + fee fit {@code cash}: the notional may be at most
     * (cash - 0.00000001) x leverage / (1 + leverage x fee rate), rounded DOWN to 8 decimals, and the quantity is that
     * notional / price, rounded DOWN. The 0.00000001 taken off the cash absorbs the HALF_EVEN rounding of margin and
     * fee (at most 0.000000005 each), so margin + fee never exceed the cash.
     */
    static BigDecimal fittingQuantity(BigDecimal cash, BigDecimal price, int leverage, BigDecimal feeRate) {
        BigDecimal lev = BigDecimal.valueOf(leverage);
        BigDecimal room = cash.subtract(ROUNDING_ROOM);
        if (room.signum() <= 0) {
            return BigDecimal.ZERO.setScale(SCALE);
        }
        BigDecimal notional = room.multiply(lev).divide(BigDecimal.ONE.add(lev.multiply(feeRate)), SCALE,
                RoundingMode.DOWN);
        return notional.divide(price, SCALE, RoundingMode.DOWN);
    }

    /**
     * Closes {@code portion} of {@code position} at {@code price}: released margin + realized PnL - fee is credited
     * to cash. A portion of exactly 1 closes the whole quantity. Isolated margin: a close is never refused for cash;
     * when the loss and fee exceed the released margin, the excess is waived (recorded as a negative
     * {@link CloseFill#penalty()}), so the close credits zero and the cash is never negative.
     *
     * @param portion in (0, 1], bounded as {@link ReplyNumbers#isBounded} says
     * @throws OrderRefusedException QUANTITY_TOO_SMALL when the quantity rounds down to zero
     */
    public static CloseFill close(BigDecimal cash, Position position, BigDecimal portion, BigDecimal price,
            BigDecimal feeRate) throws OrderRefusedException {
        return close(cash, position, portion, price, feeRate, quantity -> price);
    }

    /**
     * {@link #close(BigDecimal, Position, BigDecimal, BigDecimal, BigDecimal)} with slippage: the fill price is what
     * {@code fillPriceOf} answers for the closed quantity; {@code reference} is recorded as the reference price.
     */
    public static CloseFill close(BigDecimal cash, Position position, BigDecimal portion, BigDecimal reference,
            BigDecimal feeRate, java.util.function.UnaryOperator<BigDecimal> fillPriceOf)
            throws OrderRefusedException {
        requirePortion(portion);
        BigDecimal referencePrice = price(reference);
        BigDecimal quantity = closeQuantity(position.quantity(), portion);
        if (quantity.signum() == 0) {
            throw new OrderRefusedException(ErrorCode.QUANTITY_TOO_SMALL, "closing portion " + plain(portion)
                    + " of " + plain(position.quantity()) + " " + position.symbol() + " is less than 0.00000001");
        }
        BigDecimal fillPrice = price(fillPriceOf.apply(quantity));
        boolean whole = quantity.compareTo(position.quantity()) == 0;
        BigDecimal releasedMargin = whole ? position.margin() : position.margin().multiply(quantity)
                .divide(position.quantity(), SCALE, RoundingMode.HALF_EVEN);
        BigDecimal realizedPnl = money(pnlPerUnit(position.side(), position.avgEntryPrice(), fillPrice)
                .multiply(quantity));
        BigDecimal notional = money(quantity.multiply(fillPrice));
        BigDecimal fee = fee(notional, feeRate);
        BigDecimal credit = releasedMargin.add(realizedPnl).subtract(fee);
        BigDecimal penalty = credit.signum() < 0 ? credit : money(BigDecimal.ZERO);
        BigDecimal cashAfter = cash.add(credit).subtract(penalty);
        return new CloseFill(referencePrice, fillPrice, quantity, notional, releasedMargin, realizedPnl, fee,
                cashAfter, position.quantity().subtract(quantity), position.margin().subtract(releasedMargin),
                penalty);
    }

    /** Position quantity x portion rounded DOWN; exactly the position quantity when portion is 1 (no dust). */
    public static BigDecimal closeQuantity(BigDecimal positionQuantity, BigDecimal portion) {
        if (portion.compareTo(BigDecimal.ONE) == 0) {
            return positionQuantity;
        }
        return positionQuantity.multiply(portion).setScale(SCALE, RoundingMode.DOWN);
    }

    /** Margin of a fill: notional / leverage, HALF_EVEN to 8 decimals. */
    private static BigDecimal margin(BigDecimal notional, int leverage) {
        return notional.divide(BigDecimal.valueOf(leverage), SCALE, RoundingMode.HALF_EVEN);
    }

    /** Fee of a fill: notional x fee rate, HALF_EVEN to 8 decimals. */
    public static BigDecimal fee(BigDecimal notional, BigDecimal feeRate) {
        return money(notional.multiply(feeRate));
    }

    /** Equity = cash + margin in use + unrealized PnL. */
    public static BigDecimal equity(BigDecimal cash, BigDecimal marginInUse, BigDecimal unrealizedPnl) {
        return cash.add(marginInUse).add(unrealizedPnl);
    }

    /** A money amount as stored: 8 decimals, HALF_EVEN. */
    public static BigDecimal money(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    /** A price as stored: 8 decimals, HALF_EVEN; must stay positive after rounding. */
    public static BigDecimal price(BigDecimal price) {
        BigDecimal stored = price == null ? null : money(price);
        if (stored == null || stored.signum() <= 0) {
            throw new IllegalArgumentException("price must be at least 0.00000001, was " + price);
        }
        return stored;
    }

    static BigDecimal pnlPerUnit(Side side, BigDecimal entryPrice, BigDecimal exitPrice) {
        BigDecimal move = exitPrice.subtract(entryPrice);
        return side == Side.SHORT ? move.negate() : move;
    }

    /** Compares only: the arithmetic on the portion comes after, and only for a bounded one. */
    private static void requirePortion(BigDecimal portion) {
        if (portion == null || portion.signum() <= 0 || portion.compareTo(BigDecimal.ONE) > 0
                || !ReplyNumbers.isBounded(portion)) {
            throw new IllegalArgumentException("portion must be in (0, 1] with at most " + ReplyNumbers.MAX_DIGITS
                    + " digits and decimal places, was " + portion);
        }
    }

    private static void requireLeverage(int leverage) {
        if (leverage < 1) {
            throw new IllegalArgumentException("leverage must be at least 1, was " + leverage);
        }
    }

    private static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }
}
