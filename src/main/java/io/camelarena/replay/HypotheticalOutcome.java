package io.camelarena.replay;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a decision would have earned over the horizon (docs/replay-outcomes.md), per unit of notional at the price of
 * the decision's tick P0, with the ledger's taker fee f on every fill and the price PK of the horizon tick:
 * <ul>
 * <li>open, direction d (+1 long, -1 short): opened at P0 and marked to market at PK, both fees paid:
 * {@code return = (d (PK - P0) - f (P0 + PK)) / P0}; on the margin (notional / leverage L):
 * {@code return_on_margin = max(-1, L x return)} (a position cannot lose more than its margin);</li>
 * <li>close of a d position: the PnL it avoided (positive) or gave up (negative) against keeping the position to the
 * horizon and closing it there: {@code return = (PK - P0) (f - d) / P0};</li>
 * <li>hold, and a decision that traded nothing (rejected, parse or model error): 0.</li>
 * </ul>
 * Returns are fractions (0.0123 = 1.23 %), HALF_EVEN to 8 decimals, from exact numerators divided once. Pure.
 */
public final class HypotheticalOutcome {

    public static final int SCALE = 8;
    private static final BigDecimal MINUS_ONE = BigDecimal.ONE.negate();

    /** Why a decision has a return, or has none yet. */
    public enum Status {
        /** Scored over the full horizon. */
        SCORED,
        /** Fewer than the horizon's ticks with prices (of its symbol) after the decision's tick: no return yet. */
        PENDING,
        /** The decision's tick has no stored price (of its symbol): it cannot be scored. */
        UNPRICED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param hypotheticalReturn per unit of notional; null unless scored
     * @param returnOnMargin     opens only: the return times the leverage, at least -1; null otherwise
     */
    public record Outcome(Status status, String basis, BigDecimal priceAtDecision, BigDecimal priceAtHorizon,
            String horizonTickId, BigDecimal hypotheticalReturn, BigDecimal returnOnMargin) {

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", status.wire());
            m.put("basis", basis);
            m.put("price_at_decision", priceAtDecision);
            m.put("price_at_horizon", priceAtHorizon);
            m.put("horizon_tick_id", horizonTickId);
            m.put("hypothetical_return", hypotheticalReturn);
            m.put("return_on_margin", returnOnMargin);
            return m;
        }
    }

    /** What a logged decision is scored as. */
    public enum Basis {
        OPEN, CLOSE, HOLD, NO_TRADE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private HypotheticalOutcome() {
    }

    /**
     * The basis of a decision-log row: its operation when its status says the decision was carried out (EXECUTED) or
     * would have been (VALID, on a replay); HOLD for a hold; NO_TRADE for anything that traded nothing.
     */
    public static Basis basis(String status, String operation) {
        if ("HOLD".equals(status) || "hold".equals(operation) && ("VALID".equals(status)
                || "EXECUTED".equals(status))) {
            return Basis.HOLD;
        }
        if ("EXECUTED".equals(status) || "VALID".equals(status)) {
            if ("open".equals(operation)) {
                return Basis.OPEN;
            }
            if ("close".equals(operation)) {
                return Basis.CLOSE;
            }
        }
        return Basis.NO_TRADE;
    }

    /** Return of an open: {@code (d (PK - P0) - f (P0 + PK)) / P0}. */
    public static BigDecimal openReturn(boolean longSide, BigDecimal p0, BigDecimal pK, BigDecimal feeRate) {
        return divide(openNumerator(longSide, p0, pK, feeRate), p0);
    }

    /** Return of an open on its margin: {@code max(-1, L (d (PK - P0) - f (P0 + PK)) / P0)}. */
    public static BigDecimal openReturnOnMargin(boolean longSide, int leverage, BigDecimal p0, BigDecimal pK,
            BigDecimal feeRate) {
        BigDecimal r = divide(openNumerator(longSide, p0, pK, feeRate).multiply(BigDecimal.valueOf(leverage)), p0);
        return r.compareTo(MINUS_ONE) < 0 ? MINUS_ONE.setScale(SCALE) : r;
    }

    /** Return of a close of a long (or short) position: {@code (PK - P0) (f - d) / P0}. */
    public static BigDecimal closeReturn(boolean longSide, BigDecimal p0, BigDecimal pK, BigDecimal feeRate) {
        BigDecimal d = longSide ? BigDecimal.ONE : MINUS_ONE;
        return divide(pK.subtract(p0).multiply(feeRate.subtract(d)), p0);
    }

    /**
     * The outcome of a row scored at prices {@code p0} and {@code pK}.
     *
     * @param direction long or short (opens and closes); the side of the position a close closes
     * @param leverage  of an open; ignored otherwise
     */
    public static Outcome scored(Basis basis, String direction, Integer leverage, BigDecimal p0, BigDecimal pK,
            String horizonTickId, BigDecimal feeRate) {
        boolean longSide = !"short".equals(direction);
        return switch (basis) {
            case OPEN -> new Outcome(Status.SCORED, basis.wire(), p0, pK, horizonTickId,
                    openReturn(longSide, p0, pK, feeRate),
                    openReturnOnMargin(longSide, leverage == null || leverage < 1 ? 1 : leverage, p0, pK, feeRate));
            case CLOSE -> new Outcome(Status.SCORED, basis.wire(), p0, pK, horizonTickId,
                    closeReturn(longSide, p0, pK, feeRate), null);
            case HOLD, NO_TRADE -> new Outcome(Status.SCORED, basis.wire(), null, null, horizonTickId,
                    BigDecimal.ZERO.setScale(SCALE), null);
        };
    }

    public static Outcome pending(Basis basis, BigDecimal p0) {
        return new Outcome(Status.PENDING, basis.wire(), p0, null, null, null, null);
    }

    public static Outcome unpriced(Basis basis) {
        return new Outcome(Status.UNPRICED, basis.wire(), null, null, null, null, null);
    }

    private static BigDecimal openNumerator(boolean longSide, BigDecimal p0, BigDecimal pK, BigDecimal feeRate) {
        BigDecimal move = pK.subtract(p0);
        return (longSide ? move : move.negate()).subtract(feeRate.multiply(p0.add(pK)));
    }

    private static BigDecimal divide(BigDecimal numerator, BigDecimal p0) {
        return numerator.divide(p0, SCALE, RoundingMode.HALF_EVEN);
    }
}
