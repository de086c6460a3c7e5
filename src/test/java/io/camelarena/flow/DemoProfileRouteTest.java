package io.camelarena.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.config.ArenaProfile;
import io.camelarena.execution.FillPricer;
import io.camelarena.execution.FillPricers;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The demo profile's settings on the real runtime: its overlay routes/demo/ runs in place of the live fetch routes,
 * so ticks complete on the bundled prices and news with no request leaving the process (WireMock, where the live
 * routes would go, has no stubs and must see nothing).
 */
class DemoProfileRouteTest extends ArenaRouteTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("arena.accounts.sim.provider", "simulated");
        p.put("arena.accounts.sim.model", "momentum");
        try {
            // As -Darena.profile=demo: the profile's entries the test has not set (its cron never fires).
            ArenaProfile.unsetEntries("demo").forEach(p::putIfAbsent);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    @Test
    void theDemoOverlayRunsTheFetchRoutesOnBundledDataOffline() throws Exception {
        assertThat(context.resolvePropertyPlaceholders("{{arena.routes.overlay}}")).isEqualTo("demo");
        assertThat(context.getRoute("prices-feed").getSourceResource().getLocation())
                .isEqualTo("file:routes/demo/prices-feed.camel.yaml");
        assertThat(context.getRoute("news-feed").getSourceResource().getLocation())
                .isEqualTo("file:routes/demo/news-feed.camel.yaml");
        assertThat(context.getRoute("venue-feed").getSourceResource().getLocation())
                .isEqualTo("file:routes/demo/venue-feed.camel.yaml");
        // parsing is the live routes' own
        assertThat(context.getRoute("fetch-prices").getSourceResource().getLocation())
                .isEqualTo("file:routes/fetch-prices.camel.yaml");
        assertThat(context.getRoute("run-tick").getSourceResource().getLocation())
                .isEqualTo("file:routes/run-tick.camel.yaml");

        String first = triggerTick();
        String second = triggerTick();

        Map<String, Object> tick = query("SELECT * FROM market_ticks WHERE tick_id = '" + first + "'").get(0);
        assertThat(tick).containsEntry("status", "COMPLETED").containsEntry("news_error", null)
                .containsEntry("missing_symbols", "");
        // the first bundled snapshot (demo/prices/hyperliquid-allmids-001.json), then the next one
        assertThat((String) tick.get("prices_json")).contains("\"BTC\":95230", "\"DOGE\":0.32145");
        assertThat((String) query("SELECT prices_json FROM market_ticks WHERE tick_id = '" + second + "'").get(0)
                .get("prices_json")).contains("\"BTC\":95402.5");
        assertThat((Integer) tick.get("news_chars")).isPositive();
        assertThat((String) decisionRow(first, "sim").get("user_prompt")).contains("\"BTC\": 95230",
                "Bitcoin reclaims $95K as spot ETF inflows return");
        // venue context and candles from the bundled data too: every section of the prompt is there
        assertThat(tick).containsEntry("market_errors", null);
        String prompt = (String) decisionRow(second, "sim").get("user_prompt");
        assertThat(prompt).contains("Perpetual Futures (hyperliquid;", "- BTC: mark ", "max leverage 40x",
                "- DOGE: mark ", "Technical Indicators (from closed candles only):\nBTC 3m (100 candles closed by ",
                "DOGE 4h (100 candles closed by ", "  RSI14, last 10 oldest first: [");
        // the slippage model book walks a synthetic book around the last played price (BTC 95402.5): 1 BTC bought
        // takes 0.20963 at 95407.3, 0.41921 at 95416.8 and 0.37116 at 95426.4
        FillPricer round = context.getRegistry().lookupByNameAndType("fillPricers", FillPricers.class)
                .forRound("demo-round");
        assertThat(round.fillPrice("BTC", true, BigDecimal.ONE, new BigDecimal("95402.5")))
                .isEqualTo(new BigDecimal("95418.37165100"));
        assertThat(round.fillPrice("BTC", false, BigDecimal.ONE, new BigDecimal("95402.5")))
                .isEqualTo(new BigDecimal("95386.62997900"));
        assertThat(wiremock.getAllServeEvents()).isEmpty();
    }
}
