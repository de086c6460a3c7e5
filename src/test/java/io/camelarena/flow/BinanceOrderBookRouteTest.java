package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.execution.FillPricer;
import io.camelarena.execution.FillPricers;
import java.math.BigDecimal;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The slippage model book with the binance provider: USDⓈ-M GET /fapi/v1/depth, served by WireMock. */
class BinanceOrderBookRouteTest extends ArenaRouteTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("arena.market.prices.provider", "binance");
        p.put("arena.market.prices.url", wiremock.baseUrl() + "/api/v3/ticker/price");
        p.put("arena.market.venue.url", wiremock.baseUrl());
        p.put("arena.market.venue.timeout-ms", "3000");
        p.put("arena.trading.order-book.binance-limit", "50");
        p.put("arena.accounts.solo.provider", "simulated");
        return p;
    }

    @Test
    void aRoundWalksTheFuturesDepthOfTheQuotedSymbolFetchedOnce() {
        wiremock.stubFor(get(urlPathEqualTo("/fapi/v1/depth")).withQueryParam("symbol", equalTo("BTCUSDT"))
                .withQueryParam("limit", equalTo("50")).willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(resource("/stubs/binance-depth-BTCUSDT.json"))));
        FillPricer round = context.getRegistry().lookupByNameAndType("fillPricers", FillPricers.class)
                .forRound("tick-1");
        BigDecimal reference = new BigDecimal("95231.05");

        // 0.5 x 95231.1 + 1.2 x 95231.2 + 0.4 x 95231.6 = 199985.63; / 2.1 = 95231.252380952... UP
        assertThat(round.fillPrice("BTC", true, new BigDecimal("2.1"), reference))
                .isEqualTo(new BigDecimal("95231.25238096"));
        // 0.8 x 95231 + 0.7 x 95230.9 + 0.6 x 95230.5 = 199984.73; / 2.1 = 95230.823809523... DOWN
        assertThat(round.fillPrice("BTC", false, new BigDecimal("2.1"), reference))
                .isEqualTo(new BigDecimal("95230.82380952"));

        wiremock.verify(1, getRequestedFor(urlPathEqualTo("/fapi/v1/depth")));
    }
}
