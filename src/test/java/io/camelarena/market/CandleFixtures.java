package io.camelarena.market;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Candles of a fixed, deterministic series (a slow wave with a drift, StrictMath so every JVM gives the same digits)
 * and the venues' answers holding them, in the venues' shapes with string-typed numbers.
 */
public final class CandleFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CandleFixtures() {
    }

    /** {@code n} candles of {@code interval} from {@code firstOpen}, around {@code base}, prices at {@code scale}. */
    public static List<Candle> candles(Instant firstOpen, Duration interval, int n, BigDecimal base, int scale) {
        List<Candle> candles = new ArrayList<>();
        BigDecimal previous = base;
        for (int i = 0; i < n; i++) {
            double wave = 0.012 * StrictMath.sin(i / 6.0) + 0.004 * StrictMath.cos(i / 2.3) + 0.0003 * i;
            BigDecimal close = base.multiply(BigDecimal.valueOf(1 + wave)).setScale(scale, RoundingMode.HALF_EVEN);
            BigDecimal open = previous.setScale(scale, RoundingMode.HALF_EVEN);
            BigDecimal spread = base.multiply(BigDecimal.valueOf(0.002 + 0.001 * ((i * 7) % 5)))
                    .setScale(scale, RoundingMode.HALF_EVEN);
            BigDecimal high = open.max(close).add(spread);
            BigDecimal low = open.min(close).subtract(spread);
            BigDecimal volume = BigDecimal.valueOf(10 + (i * 37) % 23).add(BigDecimal.valueOf(i % 7, 1));
            Instant open0 = firstOpen.plus(interval.multipliedBy(i));
            candles.add(new Candle(open0, open0.plus(interval).minusMillis(1), plain(open), plain(high), plain(low),
                    plain(close), plain(volume)));
            previous = close;
        }
        return candles;
    }

    /** As the venue parser reads a decimal: no trailing zeros, never an exponent. */
    static BigDecimal plain(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    /** Hyperliquid's candleSnapshot answer: {@code [{"t","T","s","i","o","c","h","l","v","n"}]}. */
    public static String hyperliquidBody(String coin, String interval, List<Candle> candles) {
        ArrayNode array = JSON.createArrayNode();
        int trades = 100;
        for (Candle c : candles) {
            array.addObject().put("t", c.openTime().toEpochMilli()).put("T", c.closeTime().toEpochMilli())
                    .put("s", coin).put("i", interval).put("o", c.open().toPlainString())
                    .put("c", c.close().toPlainString()).put("h", c.high().toPlainString())
                    .put("l", c.low().toPlainString()).put("v", c.volume().toPlainString()).put("n", trades++);
        }
        return array.toString();
    }

    /** Binance's klines answer: {@code [[open ms, "o", "h", "l", "c", "v", close ms, "quote volume", trades, ...]]}. */
    public static String binanceBody(List<Candle> candles) {
        ArrayNode array = JSON.createArrayNode();
        for (Candle c : candles) {
            array.addArray().add(c.openTime().toEpochMilli()).add(c.open().toPlainString())
                    .add(c.high().toPlainString()).add(c.low().toPlainString()).add(c.close().toPlainString())
                    .add(c.volume().toPlainString()).add(c.closeTime().toEpochMilli())
                    .add(c.volume().multiply(c.close()).toPlainString()).add(1000).add("1.000").add("1000.0")
                    .add("0");
        }
        return array.toString();
    }
}
