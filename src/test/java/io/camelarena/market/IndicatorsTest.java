package io.camelarena.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.num.DecimalNum;
import org.ta4j.core.num.Num;

/** The indicator values of a fixed series of 100 candles, checked against ta4j used directly. */
class IndicatorsTest {

    private static final Instant FIRST = Instant.parse("2026-11-25T07:00:00Z");
    private static final List<Candle> CANDLES =
            CandleFixtures.candles(FIRST, Duration.ofMinutes(3), 100, new BigDecimal("95000"), 1);
    private final Indicators indicators = new Indicators(List.of(Indicators.DEFAULT_LATEST.split(",")),
            List.of(Indicators.DEFAULT_RECENT.split(",")), 10);

    @Test
    void latestValuesAreTa4jsRoundedToSixSignificantDigits() {
        SeriesAnalysis a = indicators.analyse("3m", CANDLES, true);
        BarSeries s = ta4jSeries(CANDLES);
        ClosePriceIndicator close = new ClosePriceIndicator(s);
        int last = s.getEndIndex();

        assertThat(a.available()).isTrue();
        assertThat(a.candles()).isEqualTo(100);
        assertThat(a.lastClose()).isEqualTo(Instant.parse("2026-11-25T11:59:59.999Z"));
        assertThat(a.latest().keySet()).containsExactly("close", "ema20", "ema50", "macd", "macd_signal", "rsi7",
                "rsi14", "atr3", "atr14", "volume", "volume_avg");
        assertThat(a.latest().get("close")).isEqualTo(CANDLES.get(99).close());
        assertThat(a.latest().get("ema20")).isEqualTo(six(new EMAIndicator(close, 20), last));
        assertThat(a.latest().get("ema50")).isEqualTo(six(new EMAIndicator(close, 50), last));
        assertThat(a.latest().get("macd")).isEqualTo(six(new MACDIndicator(close, 12, 26), last));
        assertThat(a.latest().get("macd_signal"))
                .isEqualTo(six(new MACDIndicator(close, 12, 26).getSignalLine(9), last));
        assertThat(a.latest().get("rsi7")).isEqualTo(six(new RSIIndicator(close, 7), last));
        assertThat(a.latest().get("rsi14")).isEqualTo(six(new RSIIndicator(close, 14), last));
        assertThat(a.latest().get("atr3")).isEqualTo(six(new ATRIndicator(s, 3), last));
        assertThat(a.latest().get("atr14")).isEqualTo(six(new ATRIndicator(s, 14), last));
        assertThat(a.latest().get("volume")).isEqualTo(CANDLES.get(99).volume());
        BigDecimal meanVolume = CANDLES.stream().map(Candle::volume).reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(BigDecimal.valueOf(100), MathContext.DECIMAL64);
        assertThat(a.latest().get("volume_avg")).isEqualByComparingTo(meanVolume.round(new MathContext(6)));
        // a sanity anchor independent of ta4j: the series drifts up with a wave, RSI lies strictly inside 0..100
        assertThat(a.latest().get("rsi14")).isStrictlyBetween(BigDecimal.ZERO, BigDecimal.valueOf(100));
    }

    @Test
    void recentValuesAreTheLastTenOldestFirstEndingWithTheLatest() {
        SeriesAnalysis a = indicators.analyse("3m", CANDLES, true);
        BarSeries s = ta4jSeries(CANDLES);
        EMAIndicator ema20 = new EMAIndicator(new ClosePriceIndicator(s), 20);

        assertThat(a.recent().keySet()).containsExactly("close", "ema20", "macd", "rsi7", "rsi14");
        assertThat(a.recent().get("close")).containsExactlyElementsOf(
                CANDLES.subList(90, 100).stream().map(Candle::close).toList());
        List<BigDecimal> expected = new ArrayList<>();
        for (int i = 90; i < 100; i++) {
            expected.add(six(ema20, i));
        }
        assertThat(a.recent().get("ema20")).containsExactlyElementsOf(expected);
        a.recent().forEach((key, values) -> assertThat(values.get(9)).isEqualTo(a.latest().get(key)));
        // the longer series show latest values only
        assertThat(indicators.analyse("4h", CANDLES, false).recent()).isEmpty();
    }

    @Test
    void closedFormCases() {
        // a flat market: every average is the price, no true range, no RSI movement
        List<Candle> flat = new ArrayList<>();
        List<Candle> rising = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Instant open = FIRST.plus(Duration.ofHours(4).multipliedBy(i));
            Instant close = open.plus(Duration.ofHours(4)).minusMillis(1);
            BigDecimal p = new BigDecimal("100");
            flat.add(new Candle(open, close, p, p, p, p, BigDecimal.ONE));
            BigDecimal r = BigDecimal.valueOf(100 + i);
            // each bar spans 2 from its low to its high, and moves up by 1: true range 2
            rising.add(new Candle(open, close, r, r.add(BigDecimal.ONE), r.subtract(BigDecimal.ONE), r,
                    BigDecimal.TEN));
        }

        SeriesAnalysis f = indicators.analyse("4h", flat, false);
        SeriesAnalysis r = indicators.analyse("4h", rising, false);

        assertThat(f.latest().get("ema20")).isEqualByComparingTo("100");
        assertThat(f.latest().get("macd")).isEqualByComparingTo("0");
        assertThat(f.latest().get("atr14")).isEqualByComparingTo("0");
        assertThat(r.latest().get("rsi14")).isEqualByComparingTo("100");
        assertThat(r.latest().get("atr3")).isEqualByComparingTo("2");
        assertThat(r.latest().get("volume_avg")).isEqualByComparingTo("10");
    }

    @Test
    void valuesInTheirWarmUpAreLeftOutNotGuessed() {
        SeriesAnalysis a = indicators.analyse("3m", CANDLES.subList(0, 30), true);

        // 30 candles: EMA 50 and the MACD signal (26 + 9) are not settled yet
        assertThat(a.latest().get("ema50")).isNull();
        assertThat(a.latest().get("macd_signal")).isNull();
        assertThat(a.latest().get("macd")).isNotNull();
        assertThat(a.recent().get("macd").subList(0, 6)).containsOnlyNulls();
        assertThat(a.recent().get("macd").subList(6, 10)).doesNotContainNull();
        assertThat(indicators.analyse("3m", List.of(), true).error()).isEqualTo("no closed candles");
    }

    @Test
    void indicatorsAreConfiguration() {
        Indicators few = new Indicators(List.of("ema9", "rsi2"), List.of("close", "rsi2"), 3);
        SeriesAnalysis a = few.analyse("3m", CANDLES, true);

        assertThat(a.latest().keySet()).containsExactly("close", "ema9", "rsi2");
        assertThat(a.recent().get("rsi2")).hasSize(3);
        assertThatThrownBy(() -> new Indicators(List.of("bollinger"), List.of(), 10))
                .hasMessage("unknown indicator 'bollinger' (known: emaN, rsiN, atrN, macd, volume)");
        assertThatThrownBy(() -> new Indicators(List.of("ema20"), List.of("rsi14"), 10))
                .hasMessageContaining("'rsi14' is listed as a recent series but is not one of the computed ones");
    }

    private static BarSeries ta4jSeries(List<Candle> candles) {
        BarSeries s = new BaseBarSeriesBuilder().withNumTypeOf(DecimalNum.class).build();
        for (Candle c : candles) {
            s.addBar(Duration.ofMinutes(3), c.closeTime().plusMillis(1).atZone(ZoneOffset.UTC), c.open(), c.high(),
                    c.low(), c.close(), c.volume());
        }
        return s;
    }

    private static BigDecimal six(Indicator<Num> indicator, int index) {
        BigDecimal v = indicator.getValue(index).bigDecimalValue().round(new MathContext(6, RoundingMode.HALF_EVEN))
                .stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }
}
