package io.camelarena.market;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Result of the fetch-candles route.
 *
 * @param series symbol to its analysed candle series (interval to analysis), in the configured orders; a series whose
 *               candles could not be fetched is there with its error
 * @param ledger symbol to its 1-minute (the ledger interval's) closed candles since the previous tick, oldest first
 * @param error  what failed (every failed request, in one line), or null
 * @param asOf   close time of the newest candle used, or null
 */
public record CandleFetch(Map<String, Map<String, SeriesAnalysis>> series, Map<String, List<Candle>> ledger,
        String error, Instant asOf) {

    public CandleFetch {
        Map<String, Map<String, SeriesAnalysis>> s = new LinkedHashMap<>();
        series.forEach((k, v) -> s.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        series = Collections.unmodifiableMap(s);
        Map<String, List<Candle>> l = new LinkedHashMap<>();
        ledger.forEach((k, v) -> l.put(k, List.copyOf(v)));
        ledger = Collections.unmodifiableMap(l);
    }

    public static CandleFetch failed(String error) {
        return new CandleFetch(Map.of(), Map.of(), error, null);
    }
}
