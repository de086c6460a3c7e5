package io.camelarena.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camelarena.flow.ArenaRouteTestSupport;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The fetch-order-book route's requests (venue, URL, body or query) and what their answers give. */
class OrderBookStepsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T14:20:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static OrderBookSteps steps(String provider, String url) {
        return new OrderBookSteps(provider, url, new VenueParser("USDT", 8), new OrderBookParser(), 100, CLOCK);
    }

    @Test
    void hyperliquidPostsAnL2BookQueryForTheCoinToTheInfoUrl() {
        MarketRequest request = steps("hyperliquid", "https://api.hyperliquid.xyz/info").request("BTC");

        assertThat(request).isEqualTo(new MarketRequest("order-book", "BTC", null, "POST",
                "https://api.hyperliquid.xyz/info", null, "{\"type\":\"l2Book\",\"coin\":\"BTC\"}", NOW));
    }

    @Test
    void binanceGetsTheFuturesDepthOfTheQuotedSymbolWithTheConfiguredLimit() {
        MarketRequest request = steps("binance", "https://fapi.binance.com").request("SOL");

        assertThat(request).isEqualTo(new MarketRequest("order-book", "SOL", null, "GET",
                "https://fapi.binance.com/fapi/v1/depth", "symbol=SOLUSDT&limit=100", null, NOW));
    }

    @Test
    void anAnswerGivesTheBookAndAFailedOrUnreadableOneSaysWhy() {
        OrderBookSteps steps = steps("hyperliquid", "http://stub/info");
        MarketRequest request = steps.request("BTC");

        OrderBookFetch fetched = steps.book(new MarketAnswer(request,
                ArenaRouteTestSupport.resource("/stubs/hyperliquid-l2Book-BTC.json"), null, NOW));
        assertThat(fetched.available()).isTrue();
        assertThat(fetched.error()).isNull();
        assertThat(fetched.book().asks()).hasSize(8);

        OrderBookFetch failed = steps.book(new MarketAnswer(request, null, "HttpOperationFailedException: "
                + "statusCode: 500", NOW));
        assertThat(failed.available()).isFalse();
        assertThat(failed.error()).isEqualTo("order book BTC: HttpOperationFailedException: statusCode: 500");

        OrderBookFetch garbage = steps.book(new MarketAnswer(request, "{\"coin\":\"BTC\",\"levels\":\"none\"}", null,
                NOW));
        assertThat(garbage.error()).isEqualTo("order book BTC: l2Book: expected {coin, time, levels: [bids, asks]}, "
                + "got an object without two level arrays");

        assertThat(steps.failed("BTC", new IOException("closed")).error())
                .isEqualTo("order book BTC: IOException: closed");
    }

    @Test
    void aBinanceLimitTheVenueDoesNotAnswerStopsTheStartUpNamingTheKey() {
        assertThatThrownBy(() -> new OrderBookSteps("binance", "https://fapi.binance.com", new VenueParser("USDT", 8),
                new OrderBookParser(), 200, CLOCK))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("arena.trading.order-book.binance-limit must be one of 5, 10, 20, 50, 100, 500, 1000 "
                        + "(the depths Binance answers), was 200");
    }
}
