package io.camelarena.market;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The market beyond prices and news in one tick's snapshot: venue context and candle series per symbol, with what
 * failed, and the as-of time of every input (no look-ahead: each is at or before the snapshot's time).
 *
 * @param venue          symbol to venue context; empty when the venue source is off or failed
 * @param venueError     why venue context is missing (all or some symbols), or null
 * @param series         symbol to (interval to analysis) of the prompt's candle series
 * @param candlesError   what candle requests failed, or null
 * @param ledgerCandles  symbol to the ledger interval's closed candles since the previous tick (not in the prompt)
 * @param pricesAsOf     when the prices arrived
 * @param venueAsOf      newest venue context time, or null
 * @param candlesAsOf    close time of the newest candle used, or null
 * @param newsAsOf       publication time of the newest news item used, or null
 * @param venueEnabled   whether a venue source is configured (else the prompt has no venue section)
 * @param candlesEnabled whether candle series are configured (else the prompt has no series section)
 */
public record MarketContext(Map<String, VenueContext> venue, String venueError,
        Map<String, Map<String, SeriesAnalysis>> series, String candlesError, Map<String, List<Candle>> ledgerCandles,
        Instant pricesAsOf, Instant venueAsOf, Instant candlesAsOf, Instant newsAsOf, boolean venueEnabled,
        boolean candlesEnabled) {

    public static final MarketContext NONE = new MarketContext(Map.of(), null, Map.of(), null, Map.of(), null, null,
            null, null, false, false);

    public MarketContext {
        venue = Collections.unmodifiableMap(new LinkedHashMap<>(venue == null ? Map.of() : venue));
        Map<String, Map<String, SeriesAnalysis>> s = new LinkedHashMap<>();
        if (series != null) {
            series.forEach((k, v) -> s.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        }
        series = Collections.unmodifiableMap(s);
        Map<String, List<Candle>> l = new LinkedHashMap<>();
        if (ledgerCandles != null) {
            ledgerCandles.forEach((k, v) -> l.put(k, List.copyOf(v)));
        }
        ledgerCandles = Collections.unmodifiableMap(l);
    }

    /** The newest as-of time of all inputs, or null when none is known. */
    public Instant newestInput() {
        return Stream.of(pricesAsOf, venueAsOf, candlesAsOf, newsAsOf).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
    }

    /** What failed beside prices, one line ({@code venue: ...; candles: ...}), or null when nothing did. */
    public String errors(String newsError) {
        StringBuilder s = new StringBuilder();
        if (venueError != null) {
            s.append("venue: ").append(venueError);
        }
        if (candlesError != null) {
            s.append(s.length() > 0 ? "; " : "").append("candles: ").append(candlesError);
        }
        if (newsError != null) {
            s.append(s.length() > 0 ? "; " : "").append("news: ").append(newsError);
        }
        return s.length() == 0 ? null : s.toString();
    }

    public MarketContext withoutLedger() {
        return new MarketContext(venue, venueError, series, candlesError, Map.of(), pricesAsOf, venueAsOf, candlesAsOf,
                newsAsOf, venueEnabled, candlesEnabled);
    }
}
