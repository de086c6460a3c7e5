package io.camelarena.market;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the prompt shows of one candle series of one symbol: the latest value of each configured indicator and the
 * recent values of some, oldest first, all computed from closed candles only. A value in its indicator's warm-up
 * (fewer candles than its period) is null.
 *
 * @param interval  the candle interval ({@code 3m}, {@code 4h})
 * @param candles   how many closed candles were used
 * @param lastClose close time of the newest candle used (the series' as-of time), or null when there were none
 * @param latest    indicator key ({@code close}, {@code ema20}, {@code macd}, {@code macd_signal}, {@code rsi14},
 *                  {@code atr3}, {@code volume}, {@code volume_avg}, ...) to its latest value
 * @param recent    indicator key to its last values, oldest first
 * @param error     why the series is unavailable, or null
 */
public record SeriesAnalysis(String interval, int candles, Instant lastClose, Map<String, BigDecimal> latest,
        Map<String, List<BigDecimal>> recent, String error) {

    public SeriesAnalysis {
        latest = Collections.unmodifiableMap(new LinkedHashMap<>(latest == null ? Map.of() : latest));
        Map<String, List<BigDecimal>> copy = new LinkedHashMap<>();
        if (recent != null) {
            // nulls (warm-up) allowed inside the lists
            recent.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(new java.util.ArrayList<>(v))));
        }
        recent = Collections.unmodifiableMap(copy);
    }

    public static SeriesAnalysis unavailable(String interval, String error) {
        return new SeriesAnalysis(interval, 0, null, Map.of(), Map.of(), error);
    }

    public boolean available() {
        return error == null;
    }
}
