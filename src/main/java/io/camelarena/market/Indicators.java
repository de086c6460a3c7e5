package io.camelarena.market;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.helpers.VolumeIndicator;
import org.ta4j.core.num.DecimalNum;
import org.ta4j.core.num.Num;

/**
 * Technical indicators of a candle series, computed by ta4j (decimals, {@link DecimalNum}, 32 digits) over closed
 * candles only. Configured by name: {@code emaN} (exponential moving average of the close), {@code macd} (MACD 12,
 * 26 with its 9-period signal line: keys {@code macd} and {@code macd_signal}), {@code rsiN} (Wilder's RSI of the
 * close), {@code atrN} (Wilder's average true range) and {@code volume} (the last candle's volume, key
 * {@code volume}, and the series' mean volume, key {@code volume_avg}). {@code close} is always included.
 *
 * <p>Values are rounded to {@link #SIGNIFICANT_DIGITS} significant digits (half-even), closes are the venue's. A value
 * inside its indicator's warm-up (index below its period; for the MACD signal 26 + 9) is null.
 */
public final class Indicators {

    public static final int SIGNIFICANT_DIGITS = 6;
    private static final MathContext ROUNDING = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);
    private static final Pattern PERIODIC = Pattern.compile("(ema|rsi|atr)(\\d{1,3})");
    public static final String DEFAULT_LATEST = "ema20,ema50,macd,rsi7,rsi14,atr3,atr14,volume";
    public static final String DEFAULT_RECENT = "close,ema20,macd,rsi7,rsi14";

    /** One computed value column: its key, how to build it on a series, and its warm-up in candles. */
    private record Column(String key, Function<BarSeries, Indicator<Num>> build, int warmUp) {
    }

    private final List<Column> latestColumns;
    private final List<String> recentKeys;
    private final int recentLength;

    /**
     * @param latest       indicator names whose latest values are shown ({@link #DEFAULT_LATEST})
     * @param recent       keys whose last {@code recentLength} values are listed for the intraday series
     *                     ({@link #DEFAULT_RECENT}); each must be {@code close} or a key of {@code latest}
     * @param recentLength how many recent values (0 lists none)
     */
    public Indicators(List<String> latest, List<String> recent, int recentLength) {
        this.latestColumns = columns(latest);
        List<String> keys = new ArrayList<>(List.of("close"));
        latestColumns.forEach(c -> keys.add(c.key()));
        for (String r : recent) {
            String key = r.trim().toLowerCase(Locale.ROOT);
            if (!keys.contains(key)) {
                throw new IllegalArgumentException("indicator '" + r + "' is listed as a recent series but is not "
                        + "one of the computed ones " + keys);
            }
        }
        this.recentKeys = recent.stream().map(r -> r.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        if (recentLength < 0 || recentLength > 100) {
            throw new IllegalArgumentException("recent series length must be 0..100, was " + recentLength);
        }
        this.recentLength = recentLength;
    }

    public int recentLength() {
        return recentLength;
    }

    private static List<Column> columns(List<String> names) {
        List<Column> columns = new ArrayList<>();
        for (String raw : names) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            Matcher m = PERIODIC.matcher(name);
            if (m.matches()) {
                int n = Integer.parseInt(m.group(2));
                if (n < 1) {
                    throw new IllegalArgumentException("indicator " + name + " needs a period of at least 1");
                }
                columns.add(switch (m.group(1)) {
                    case "ema" -> new Column(name, s -> new EMAIndicator(new ClosePriceIndicator(s), n), n);
                    case "rsi" -> new Column(name, s -> new RSIIndicator(new ClosePriceIndicator(s), n), n);
                    default -> new Column(name, s -> new ATRIndicator(s, n), n);
                });
            } else if (name.equals("macd")) {
                columns.add(new Column("macd", s -> new MACDIndicator(new ClosePriceIndicator(s), 12, 26), 26));
                columns.add(new Column("macd_signal",
                        s -> new MACDIndicator(new ClosePriceIndicator(s), 12, 26).getSignalLine(9), 26 + 9));
            } else if (name.equals("volume")) {
                columns.add(new Column("volume", VolumeIndicator::new, 0));
                columns.add(new Column("volume_avg", s -> new SMAIndicator(new VolumeIndicator(s), s.getBarCount()),
                        0));
            } else {
                throw new IllegalArgumentException("unknown indicator '" + raw + "' (known: emaN, rsiN, atrN, macd, "
                        + "volume)");
            }
        }
        if (columns.stream().map(Column::key).distinct().count() != columns.size()) {
            throw new IllegalArgumentException("an indicator is configured twice: " + names);
        }
        return List.copyOf(columns);
    }

    /**
     * @param candles closed candles, oldest first
     * @param withRecent whether to list recent values (the intraday series)
     */
    public SeriesAnalysis analyse(String interval, List<Candle> candles, boolean withRecent) {
        if (candles.isEmpty()) {
            return SeriesAnalysis.unavailable(interval, "no closed candles");
        }
        BarSeries series = series(interval, candles);
        int last = series.getEndIndex();
        Map<String, BigDecimal> latest = new LinkedHashMap<>();
        Map<String, List<BigDecimal>> recent = new LinkedHashMap<>();
        latest.put("close", candles.get(candles.size() - 1).close());
        for (Column column : latestColumns) {
            Indicator<Num> indicator = column.build().apply(series);
            latest.put(column.key(), value(indicator, last, column.warmUp()));
            if (withRecent && recentKeys.contains(column.key())) {
                recent.put(column.key(), recentValues(i -> value(indicator, i, column.warmUp()), last));
            }
        }
        if (withRecent && recentKeys.contains("close")) {
            Map<String, List<BigDecimal>> ordered = new LinkedHashMap<>();
            ordered.put("close", recentValues(i -> candles.get(i).close(), last));
            ordered.putAll(recent);
            recent = ordered;
        }
        return new SeriesAnalysis(interval, candles.size(), candles.get(candles.size() - 1).closeTime(), latest,
                withRecent ? orderedLike(recent) : Map.of(), null);
    }

    /** The recent lists in the configured order. */
    private Map<String, List<BigDecimal>> orderedLike(Map<String, List<BigDecimal>> recent) {
        Map<String, List<BigDecimal>> ordered = new LinkedHashMap<>();
        recentKeys.stream().filter(recent::containsKey).forEach(k -> ordered.put(k, recent.get(k)));
        return ordered;
    }

    private List<BigDecimal> recentValues(java.util.function.IntFunction<BigDecimal> at, int last) {
        List<BigDecimal> values = new ArrayList<>();
        for (int i = Math.max(0, last - recentLength + 1); i <= last; i++) {
            values.add(at.apply(i));
        }
        return values;
    }

    /** The candles as a ta4j series of exact decimals; bar end time = the candle's close time + 1 ms. */
    public static BarSeries series(String name, List<Candle> candles) {
        BarSeries series = new BaseBarSeriesBuilder().withName(name).withNumTypeOf(DecimalNum.class).build();
        for (Candle c : candles) {
            series.addBar(Duration.between(c.openTime(), c.closeTime()).plusMillis(1),
                    c.closeTime().plusMillis(1).atZone(java.time.ZoneOffset.UTC),
                    c.open(), c.high(), c.low(), c.close(), c.volume());
        }
        return series;
    }

    private static BigDecimal value(Indicator<Num> indicator, int index, int warmUp) {
        if (index < warmUp) {
            return null;
        }
        Num n = indicator.getValue(index);
        if (n == null || n.isNaN()) {
            return null;
        }
        return rounded(n.bigDecimalValue());
    }

    /** Six significant digits, half-even, without trailing zeros and never in exponent form. */
    public static BigDecimal rounded(BigDecimal value) {
        BigDecimal r = value.round(ROUNDING).stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0) : r;
    }
}
