package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.market.CandleFixtures;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The binance provider's venue: USDⓈ-M futures premiumIndex (funding per 8 h, shown per hour), openInterest per symbol
 * and klines, served by WireMock in Binance's shapes (numbers as strings, klines as arrays).
 */
class BinanceVenueRouteTest extends ArenaRouteTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("arena.symbols", "BTC,SOL");
        p.put("arena.market.prices.provider", "binance");
        p.put("arena.market.prices.url", wiremock.baseUrl() + "/api/v3/ticker/price");
        p.put("arena.market.venue.url", wiremock.baseUrl());
        p.put("arena.market.candles.series", "15m:50");
        p.put("arena.market.candles.ledger-interval", "");
        p.put("arena.accounts.solo.provider", "simulated");
        return p;
    }

    @Test
    void premiumIndexOpenInterestAndKlinesMakeTheVenueAndIndicatorSections() throws Exception {
        wiremock.stubFor(get(urlEqualTo("/api/v3/ticker/price")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(resource("/stubs/binance-ticker-price.json"))));
        wiremock.stubFor(get(urlEqualTo("/news/feed/")).willReturn(aResponse()
                .withBody(resource("/stubs/coinjournal-feed.xml"))));
        wiremock.stubFor(get(urlEqualTo("/fapi/v1/premiumIndex")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(resource("/stubs/binance-premiumIndex.json"))));
        wiremock.stubFor(get(urlPathEqualTo("/fapi/v1/openInterest")).withQueryParam("symbol", equalTo("BTCUSDT"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(resource("/stubs/binance-openInterest-BTCUSDT.json"))));
        // SOL's open interest request fails: the rest of its context is still shown
        wiremock.stubFor(get(urlPathEqualTo("/fapi/v1/openInterest")).withQueryParam("symbol", equalTo("SOLUSDT"))
                .willReturn(aResponse().withStatus(429)));
        wiremock.stubFor(get(urlPathEqualTo("/fapi/v1/klines")).withQueryParam("symbol", equalTo("BTCUSDT"))
                .withQueryParam("interval", equalTo("15m")).willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(CandleFixtures.binanceBody(CandleFixtures.candles(
                                Instant.parse("2026-11-25T00:00:00Z"), Duration.ofMinutes(15), 50,
                                new BigDecimal("95000"), 1)))));

        String tickId = triggerTick();

        wiremock.verify(1, getRequestedFor(urlEqualTo("/fapi/v1/premiumIndex")));
        wiremock.verify(2, getRequestedFor(urlPathEqualTo("/fapi/v1/openInterest")));
        wiremock.verify(getRequestedFor(urlPathEqualTo("/fapi/v1/klines")).withQueryParam("limit", equalTo("51")));
        String prompt = ((String) decisionRow(tickId, "solo").get("user_prompt"))
                .replaceAll("as of \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "as of T");
        assertThat(prompt).contains("""
                Perpetual Futures (binance; funding per hour, open interest in coins, 24h notional volume; as of T):
                - BTC: mark 95231.1, oracle 95218.4351087, funding 0.00125%, open interest 81234.567, volume n/a, \
                max leverage n/a
                - SOL: mark 198.42, oracle 198.46413043, funding -0.000300625%, open interest n/a, volume n/a, \
                max leverage n/a

                Technical Indicators (from closed candles only):
                BTC 15m (50 candles closed by 2026-11-25T12:30:00Z): close """);
        assertThat(prompt).contains("SOL 15m: unavailable this tick");
        Map<String, Object> tick = query("SELECT * FROM market_ticks WHERE tick_id = '" + tickId + "'").get(0);
        assertThat((String) tick.get("market_errors")).startsWith("venue: open interest SOL: ")
                .contains("statusCode: 429").contains("candles: SOL 15m: ");
    }
}
