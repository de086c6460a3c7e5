package io.camelarena.score;

import java.util.Arrays;

/**
 * A growable series of (epoch millis, long value) kept in time order: a point older than the last is inserted in
 * place (after points of the same time), as a decision row spooled while the database was away arrives late.
 */
final class TimeSeries {

    private long[] times = new long[16];
    private long[] values = new long[16];
    private int size;

    void add(long time, long value) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        int at = size;
        if (size > 0 && times[size - 1] > time) {
            at = upperBound(time);
            System.arraycopy(times, at, times, at + 1, size - at);
            System.arraycopy(values, at, values, at + 1, size - at);
        }
        times[at] = time;
        values[at] = value;
        size++;
    }

    int size() {
        return size;
    }

    long time(int i) {
        return times[i];
    }

    long value(int i) {
        return values[i];
    }

    /** The first index whose time is after {@code time}. */
    int upperBound(long time) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first index whose time is at or after {@code time}. */
    int lowerBound(long time) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
