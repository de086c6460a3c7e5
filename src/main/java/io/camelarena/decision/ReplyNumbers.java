package io.camelarena.decision;

import java.math.BigDecimal;

/**
 * The bounds of a number read from a model's reply. A reply writes {@code 1e-600000000} in twelve characters, and
 * rounding it to six places or dividing by it at scale 8 then takes minutes and gigabytes: a number from a reply takes
 * part in arithmetic (setScale, divide, multiply) only when it is bounded. Comparisons are safe on any value (they
 * compare exponents first), which is how an unbounded value is refused or capped.
 */
public final class ReplyNumbers {

    /** Significant digits: as many as IEEE 754 decimal128 holds, far more than a portion or a leverage needs. */
    public static final int MAX_DIGITS = 34;
    /** Digits after the decimal point (a positive scale), or zeros an exponent implies before it (a negative scale). */
    public static final int MAX_SCALE = 34;

    private ReplyNumbers() {
    }

    /** True when {@code value} has at most {@value #MAX_DIGITS} digits and |scale| of at most {@value #MAX_SCALE}. */
    public static boolean isBounded(BigDecimal value) {
        return value != null && Math.abs((long) value.scale()) <= MAX_SCALE && value.precision() <= MAX_DIGITS;
    }
}
