package io.camelarena.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camelarena.flow.ArenaRouteTestSupport;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VenueParserTest {

    private static final List<String> SYMBOLS = List.of("BTC", "ETH", "SOL", "XRP", "HYPE");
    private static final Instant RECEIVED = Instant.parse("2026-11-25T14:20:01Z");
    private final VenueParser parser = new VenueParser("USDT", 8);

    @Test
    void hyperliquidContextsPairTheUniverseWithTheContextsByPosition() {
        Map<String, VenueContext> contexts = parser.hyperliquidContexts(
                ArenaRouteTestSupport.resource("/stubs/hyperliquid-metaAndAssetCtxs.json"), SYMBOLS, RECEIVED);

        // in configured order; HYPE is not in the universe
        assertThat(contexts.keySet()).containsExactly("BTC", "ETH", "SOL", "XRP");
        assertThat(contexts.get("BTC")).isEqualTo(new VenueContext("BTC", new BigDecimal("95236"),
                new BigDecimal("95211"), new BigDecimal("0.0000125"), new BigDecimal("26489.48468"),
                new BigDecimal("2394829453.3127198219"), 40, RECEIVED));
        // SOL is the 4th universe entry (after ATOM): its context is the 4th, with a negative funding rate
        assertThat(contexts.get("SOL").fundingRateHourly()).isEqualByComparingTo("-0.0000031");
        assertThat(contexts.get("SOL").maxLeverage()).isEqualTo(20);
        assertThat(contexts.get("XRP").markPrice()).isEqualByComparingTo("2.3147");
    }

    @Test
    void binanceContextsConvertFundingToHourlyAndTakeTheVenueTimes() {
        Map<String, VenueContext> contexts = parser.binanceContexts(
                ArenaRouteTestSupport.resource("/stubs/binance-premiumIndex.json"),
                Map.of("BTC", ArenaRouteTestSupport.resource("/stubs/binance-openInterest-BTCUSDT.json")),
                SYMBOLS, RECEIVED);

        assertThat(contexts.keySet()).containsExactly("BTC", "ETH", "SOL");
        // 0.0001 per 8 h = 0.0000125 per hour; 24 h volume and maximum leverage are not public there
        assertThat(contexts.get("BTC")).isEqualTo(new VenueContext("BTC", new BigDecimal("95231.1"),
                new BigDecimal("95218.4351087"), new BigDecimal("0.0000125"), new BigDecimal("81234.567"), null,
                null, Instant.ofEpochMilli(1795616399000L)));
        assertThat(contexts.get("SOL").fundingRateHourly()).isEqualByComparingTo("-0.00000300625");
        // ETH's open interest request did not answer: the rest of its context is still there
        assertThat(contexts.get("ETH").openInterest()).isNull();
        assertThat(contexts.get("ETH").markPrice()).isEqualByComparingTo("3421.08");
    }

    @Test
    void aWrongShapeSaysWhatWasExpectedWithoutTheBody() {
        assertThatThrownBy(() -> parser.hyperliquidContexts("{\"BTC\":\"1\"}", SYMBOLS, RECEIVED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metaAndAssetCtxs: expected [meta with universe, asset contexts], got OBJECT");
        assertThatThrownBy(() -> parser.binanceContexts("[{\"symbol\": ", Map.of(), SYMBOLS, RECEIVED))
                .hasMessageStartingWith("premiumIndex: malformed JSON at line 1");
        assertThatThrownBy(() -> parser.hyperliquidCandles("", RECEIVED, 10))
                .hasMessage("candleSnapshot: empty answer");
    }

    @Test
    void onlyClosedCandlesAreUsedTheUnclosedOneIsLeftOut() {
        Instant first = Instant.parse("2026-11-25T12:00:00Z");
        List<Candle> candles = CandleFixtures.candles(first, Duration.ofMinutes(3), 5, new BigDecimal("95000"), 1);
        // the fifth candle opens 12:12 and closes 12:14:59.999; at 12:14:59.999 it has not closed yet
        Instant cutoff = Instant.parse("2026-11-25T12:14:59.999Z");

        List<Candle> hl = parser.hyperliquidCandles(CandleFixtures.hyperliquidBody("BTC", "3m", candles), cutoff, 10);
        List<Candle> bn = parser.binanceCandles(CandleFixtures.binanceBody(candles), cutoff, 10);

        assertThat(hl).hasSize(4).isEqualTo(candles.subList(0, 4));
        assertThat(bn).isEqualTo(hl);
        assertThat(parser.hyperliquidCandles(CandleFixtures.hyperliquidBody("BTC", "3m", candles),
                cutoff.plusMillis(1), 10)).hasSize(5);
        // the last count closed candles, oldest first
        assertThat(parser.binanceCandles(CandleFixtures.binanceBody(candles), cutoff, 2))
                .containsExactly(candles.get(2), candles.get(3));
    }

    @Test
    void aCandleWithoutANumberMakesTheAnswerUnusable() {
        String body = "[{\"t\":1795608000000,\"T\":1795608179999,\"s\":\"BTC\",\"i\":\"3m\",\"o\":\"95000.0\","
                + "\"c\":\"n/a\",\"h\":\"95010.0\",\"l\":\"94990.0\",\"v\":\"1.2\",\"n\":12}]";

        assertThatThrownBy(() -> parser.hyperliquidCandles(body, RECEIVED, 10))
                .hasMessage("candleSnapshot: candle 0 has a missing or non-numeric price or volume");
    }
}
