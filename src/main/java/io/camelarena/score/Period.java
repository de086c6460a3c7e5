package io.camelarena.score;

import java.time.Instant;

/** The period a score covers: {@code from} inclusive, {@code to} exclusive; either open (null). */
public record Period(Instant from, Instant to) {

    public static final Period ALL = new Period(null, null);

    public Period {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
    }

    public boolean contains(long epochMillis) {
        return (from == null || epochMillis >= from.toEpochMilli()) && (to == null || epochMillis < to.toEpochMilli());
    }

    /** Whether the period runs to now (no end, or an end in the future). */
    public boolean reachesNow(Instant now) {
        return to == null || to.isAfter(now);
    }
}
