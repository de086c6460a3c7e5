package io.camelarena.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.flow.ArenaRouteTestSupport;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VenueStepsTest {

    private static final List<String> SYMBOLS = List.of("BTC", "ETH");
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:07Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Indicators indicators = new Indicators(List.of("ema20", "rsi14"), List.of("close", "rsi14"), 10);

    private VenueSteps steps(String provider, String url) {
        return new VenueSteps(provider, url, SYMBOLS, new VenueParser("USDT", 8), indicators,
                CandleInterval.parseList("3m:100,4h:50"), "1m", Duration.ofHours(1), true, 5000, 10000, CLOCK);
    }

    @Test
    void hyperliquidAsksOnceForTheContextAndOncePerSymbolAndSeriesForCandles() {
        VenueSteps steps = steps("hyperliquid", "http://venue/info");

        assertThat(steps.venueRequests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.url()).isEqualTo("http://venue/info");
            assertThat(r.body()).isEqualTo("{\"type\":\"metaAndAssetCtxs\"}");
        });
        List<MarketRequest> candles = steps.candleRequests();
        assertThat(candles).extracting(MarketRequest::label).containsExactly("candles BTC 3m", "candles BTC 4h",
                "ledger-candles BTC 1m", "candles ETH 3m", "candles ETH 4h", "ledger-candles ETH 1m");
        // 101 intervals back: the newest candle is still open and will be left out
        assertThat(candles.get(0).body()).isEqualTo("{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"BTC\","
                + "\"interval\":\"3m\",\"startTime\":" + NOW.minus(Duration.ofMinutes(303)).toEpochMilli()
                + ",\"endTime\":" + NOW.toEpochMilli() + "}}");
        // the first tick's ledger candles reach back the lookback (1 h)
        assertThat(candles.get(2).body()).contains("\"interval\":\"1m\",\"startTime\":"
                + NOW.minus(Duration.ofHours(1)).toEpochMilli());
        assertThat(candles).allSatisfy(r -> assertThat(r.sentAt()).isEqualTo(NOW));
    }

    @Test
    void binanceAsksForThePremiumIndexOpenInterestPerSymbolAndKlines() {
        VenueSteps steps = steps("binance", "http://fapi");

        assertThat(steps.venueRequests()).extracting(MarketRequest::url, MarketRequest::query).containsExactly(
                org.assertj.core.groups.Tuple.tuple("http://fapi/fapi/v1/premiumIndex", null),
                org.assertj.core.groups.Tuple.tuple("http://fapi/fapi/v1/openInterest", "symbol=BTCUSDT"),
                org.assertj.core.groups.Tuple.tuple("http://fapi/fapi/v1/openInterest", "symbol=ETHUSDT"));
        MarketRequest klines = steps.candleRequests().get(1);
        assertThat(klines.method()).isEqualTo("GET");
        assertThat(klines.url()).isEqualTo("http://fapi/fapi/v1/klines");
        assertThat(klines.query()).isEqualTo("symbol=BTCUSDT&interval=4h&startTime="
                + NOW.minus(Duration.ofHours(4 * 51)).toEpochMilli() + "&endTime=" + NOW.toEpochMilli() + "&limit=51");
        assertThat(VenueSteps.venueUrl("binance", "", "https://api.binance.com/api/v3/ticker/price"))
                .isEqualTo("https://fapi.binance.com");
        assertThat(VenueSteps.venueUrl("hyperliquid", " ", "http://x/info")).isEqualTo("http://x/info");
    }

    @Test
    void aFailedRequestMakesOnlyItsSeriesUnavailableAndIsNamed() {
        VenueSteps steps = steps("hyperliquid", "http://venue/info");
        List<MarketAnswer> answers = new ArrayList<>();
        for (MarketRequest r : steps.candleRequests()) {
            if (r.label().equals("candles ETH 4h")) {
                answers.add(steps.failed(r, new IllegalStateException("HTTP operation failed with statusCode: 500")));
            } else {
                Duration interval = CandleInterval.lengthOf(r.series());
                Instant first = NOW.minus(interval.multipliedBy(101)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
                answers.add(steps.answered(r, CandleFixtures.hyperliquidBody(r.symbol(), r.series(),
                        CandleFixtures.candles(first, interval, 110, new BigDecimal("3400"), 2))));
            }
        }

        CandleFetch fetch = steps.candles(answers);

        assertThat(fetch.series().get("BTC").get("3m").available()).isTrue();
        assertThat(fetch.series().get("BTC").get("3m").recent().get("close")).hasSize(10);
        assertThat(fetch.series().get("ETH").get("4h").error())
                .isEqualTo("IllegalStateException: HTTP operation failed with statusCode: 500");
        assertThat(fetch.error()).isEqualTo("ETH 4h: IllegalStateException: HTTP operation failed with statusCode: 500");
        // the newest candle used closed before the requests were made
        assertThat(fetch.asOf()).isBefore(NOW);
        assertThat(fetch.ledger().get("BTC")).isNotEmpty().allSatisfy(c -> assertThat(c.closeTime()).isBefore(NOW));
    }

    @Test
    void venueContextErrorsNameWhatFailed() {
        VenueSteps steps = steps("binance", "http://fapi");
        List<MarketRequest> requests = steps.venueRequests();
        List<MarketAnswer> answers = List.of(
                steps.answered(requests.get(0), ArenaRouteTestSupport.resource("/stubs/binance-premiumIndex.json")),
                steps.answered(requests.get(1),
                        ArenaRouteTestSupport.resource("/stubs/binance-openInterest-BTCUSDT.json")),
                steps.failed(requests.get(2), new ConnectException("Connection refused")));

        VenueFetch fetch = steps.venue(answers);

        assertThat(fetch.contexts().keySet()).containsExactly("BTC", "ETH");
        assertThat(fetch.error()).isEqualTo("open interest ETH: ConnectException: Connection refused");
        assertThat(fetch.asOf()).isEqualTo(Instant.ofEpochMilli(1795616399000L));

        VenueFetch down = steps.venue(List.of(steps.failed(requests.get(0), new ConnectException("refused"))));
        assertThat(down.contexts()).isEmpty();
        assertThat(down.missing()).containsExactly("BTC", "ETH");
        assertThat(down.error()).isEqualTo("premiumIndex failed: ConnectException: refused");
    }
}
