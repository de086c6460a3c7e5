package io.camelarena.score;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * An equity series: the times (epoch milliseconds, ascending) and the equity at each, in cents (the 2 decimals
 * {@code ai_decision_logs.total_balance} keeps), so first and last values are exact.
 */
public record EquitySeries(long[] times, long[] cents) {

    public EquitySeries {
        if (times.length != cents.length) {
            throw new IllegalArgumentException("times and cents differ in length");
        }
    }

    public static final EquitySeries EMPTY = new EquitySeries(new long[0], new long[0]);

    /** Points given as (time, equity); equity rounded HALF_EVEN to cents. */
    public static EquitySeries of(List<Instant> times, List<BigDecimal> equity) {
        long[] t = new long[times.size()];
        long[] c = new long[times.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = times.get(i).toEpochMilli();
            c[i] = cents(equity.get(i));
        }
        return new EquitySeries(t, c);
    }

    public static long cents(BigDecimal equity) {
        return equity.setScale(2, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
    }

    public int size() {
        return times.length;
    }

    public BigDecimal equity(int i) {
        return BigDecimal.valueOf(cents[i], 2);
    }

    public Instant time(int i) {
        return Instant.ofEpochMilli(times[i]);
    }

    /** The equity at {@code at}: that of the latest point at or before it, or {@code before} when there is none. */
    public long centsAt(long at, long before) {
        int i = Arrays.binarySearch(times, at);
        if (i < 0) {
            i = -i - 2;
        } else {
            while (i + 1 < times.length && times[i + 1] == at) {
                i++;
            }
        }
        return i < 0 ? before : cents[i];
    }
}
