package io.camelarena.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarketStepsTest {

    private static final List<String> SYMBOLS = List.of("BTC", "ETH");

    private static MarketSteps steps(String provider, String url) {
        return new MarketSteps(new PriceParser("USDT"), new NewsDigestBuilder(4000), SYMBOLS, provider, url);
    }

    @Test
    void hyperliquidDefaults() {
        MarketSteps steps = steps("hyperliquid", "");

        assertThat(steps.provider()).isEqualTo("hyperliquid");
        assertThat(steps.pricesUrl()).isEqualTo("https://api.hyperliquid.xyz/info");
        assertThat(steps.pricesHttpMethod()).isEqualTo("POST");
        assertThat(steps.pricesRequestBody()).isEqualTo("{\"type\":\"allMids\"}");
    }

    @Test
    void binanceDefaultsAndProviderCaseIsIgnored() {
        MarketSteps steps = steps("Binance", null);

        assertThat(steps.provider()).isEqualTo("binance");
        assertThat(steps.pricesUrl()).isEqualTo("https://api.binance.com/api/v3/ticker/price");
        assertThat(steps.pricesHttpMethod()).isEqualTo("GET");
        assertThat(steps.pricesRequestBody()).isNull();
    }

    @Test
    void aConfiguredUrlWinsAndIsTrimmed() {
        assertThat(steps("binance", "  http://localhost:8089/prices  ").pricesUrl())
                .isEqualTo("http://localhost:8089/prices");
        assertThat(steps("hyperliquid", "   ").pricesUrl()).isEqualTo(MarketSteps.HYPERLIQUID_URL);
    }

    @Test
    void unknownProviderIsRefused() {
        assertThatThrownBy(() -> steps("coinbase", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("arena.market.prices.provider must be hyperliquid or binance, was 'coinbase'");
    }

    @Test
    void pricesFailedIsOneLineNamingTheUrlAndTheRootCause() {
        MarketSteps steps = steps("hyperliquid", null);
        Exception failure = new IllegalStateException("route failed\n  while calling http",
                new IOException("I/O error", new UnknownHostException("api.hyperliquid.xyz")));

        PriceFetch fetch = steps.pricesFailed(failure);

        assertThat(fetch.error()).isEqualTo("prices from https://api.hyperliquid.xyz/info failed: "
                + "IllegalStateException: route failed while calling http "
                + "(UnknownHostException: api.hyperliquid.xyz)");
        assertThat(fetch.prices()).isEmpty();
        assertThat(fetch.missing()).containsExactly("BTC", "ETH");
    }

    @Test
    void pricesFailedWithoutCause() {
        PriceFetch fetch = steps("binance", null).pricesFailed(new UnknownHostException("api.binance.com"));

        assertThat(fetch.error()).isEqualTo("prices from https://api.binance.com/api/v3/ticker/price failed: "
                + "UnknownHostException: api.binance.com");
    }

    @Test
    void newsFailedIsOneLineWithTheRootCause() {
        NewsFetch fetch = steps("hyperliquid", null)
                .newsFailed(new RuntimeException("rss", new ConnectException("Connection refused")));

        assertThat(fetch).isEqualTo(new NewsFetch("", "news failed: RuntimeException: rss "
                + "(ConnectException: Connection refused)"));
    }

    @Test
    void veryLongFailureMessagesAreCut() {
        NewsFetch fetch = steps("hyperliquid", null).newsFailed(new IOException("e".repeat(1000)));

        assertThat(fetch.error()).hasSize("news failed: ".length() + 401).endsWith("e…");
    }

    @Test
    void parsePricesReportsAnAnswerWithoutAnyConfiguredSymbol() {
        PriceFetch fetch = steps("hyperliquid", null).parsePrices("{\"DOGE\":\"0.1\"}");

        assertThat(fetch.prices()).isEmpty();
        assertThat(fetch.missing()).containsExactly("BTC", "ETH");
        assertThat(fetch.error()).isEqualTo("the price answer had none of [BTC, ETH]");
    }
}
