package io.camelarena.market;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One OHLCV candle as a venue published it. {@code closeTime} is the venue's (inclusive) end of the candle, one
 * millisecond before the next candle opens; a candle is closed, and may be used, only once that time has passed.
 */
public record Candle(Instant openTime, Instant closeTime, BigDecimal open, BigDecimal high, BigDecimal low,
        BigDecimal close, BigDecimal volume) {

    /** Whether the candle had closed before {@code cutoff}: its close time is strictly earlier. */
    public boolean closedBefore(Instant cutoff) {
        return closeTime.isBefore(cutoff);
    }
}
