package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The second price provider, selected by configuration: Binance GET /api/v3/ticker/price. */
class BinancePricesRouteTest extends ArenaRouteTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("arena.market.prices.provider", "binance");
        p.put("arena.market.prices.url", wiremock.baseUrl() + "/api/v3/ticker/price");
        p.put("arena.market.venue.url", wiremock.baseUrl());
        p.put("arena.accounts.sim-momentum.active", "true");
        return p;
    }

    @Test
    void binancePricesFeedTheTick() throws Exception {
        wiremock.stubFor(get(urlEqualTo("/api/v3/ticker/price")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(resource("/stubs/binance-ticker-price.json"))));
        wiremock.stubFor(get(urlEqualTo("/news/feed/")).willReturn(aResponse()
                .withBody(resource("/stubs/coinjournal-feed.xml"))));

        String tickId = triggerTick();

        wiremock.verify(1, getRequestedFor(urlEqualTo("/api/v3/ticker/price")));
        Map<String, Object> tick = query("SELECT * FROM market_ticks WHERE tick_id = '" + tickId + "'").get(0);
        assertThat(tick).containsEntry("status", "COMPLETED").containsEntry("missing_symbols", "XRP");
        assertThat((String) tick.get("prices_json")).contains("\"BTC\":95234.5", "\"DOGE\":0.32118")
                .doesNotContain("95230.01");
        assertThat((String) decisionRow(tickId, "sim-momentum").get("user_prompt"))
                .contains("\"BTC\": 95234.5", "no price this tick: XRP");
    }
}
