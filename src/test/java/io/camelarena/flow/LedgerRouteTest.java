package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.camelarena.execution.PaperTradingMath;
import io.camelarena.market.Candle;
import io.camelarena.market.CandleFixtures;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The ledger between ticks through the real routes against WireMock serving Hyperliquid's wire format: a tick opens
 * a 10x BTC long (maintenance margin from the venue's max leverage 40), the next minute's candle crosses its
 * liquidation price, the watch-positions route liquidates it before the next tick (no decision row: it is not an
 * inference), and the next tick's prompt shows the liquidation in the account's history.
 */
class LedgerRouteTest extends ArenaRouteTestSupport {

    static final String OPEN_REPLY = "{\"operation\": \"open\", \"symbol\": \"BTC\", \"direction\": \"long\","
            + " \"target_portion_of_balance\": 0.5, \"leverage\": 10, \"reason\": \"breakout\"}";
    static final String HOLD_REPLY = "{\"operation\": \"hold\", \"reason\": \"waiting\"}";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("arena.symbols", "BTC");
        openAiAccount(p, "trader", "model-ledger", wiremock.baseUrl() + "/v1", "ARENA_TEST_KEY");
        p.put("arena.accounts.trader.initial-cash", "10000");
        p.put("arena.accounts.trader.max-leverage", "10");
        return p;
    }

    private static MappingBuilder info(String type) {
        return post(urlEqualTo("/info")).withRequestBody(matchingJsonPath("$.type", equalTo(type)));
    }

    private static MappingBuilder candles(String interval) {
        return info("candleSnapshot").withRequestBody(matchingJsonPath("$.req.coin", equalTo("BTC")))
                .withRequestBody(matchingJsonPath("$.req.interval", equalTo(interval)));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    private void stubModel(String content) {
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(OpenAiStubs.completion(
                "chatcmpl-ledger", "model-ledger", content, null, "stop", 500, 40))));
    }

    @Test
    void aTenXLongCrossedByTheNextMinutesCandleIsLiquidatedBeforeTheNextTickAndTheNextPromptSaysSo()
            throws Exception {
        stubMarket();
        wiremock.stubFor(info("metaAndAssetCtxs").willReturn(json(resource("/stubs/hyperliquid-metaAndAssetCtxs.json"))));
        for (String interval : List.of("3m", "4h")) {
            wiremock.stubFor(candles(interval).willReturn(json(MarketContextRouteTest.candleBody("BTC", interval))));
        }
        wiremock.stubFor(candles("1m").willReturn(json("[]")));
        // the slippage model book: the open walks these asks, deep enough to fill at the tick's mid price
        wiremock.stubFor(info("l2Book").willReturn(json("{\"coin\":\"BTC\",\"time\":1795600000000,\"levels\":["
                + "[{\"px\":\"95234.0\",\"sz\":\"50.0\",\"n\":3}],[{\"px\":\"95234.5\",\"sz\":\"50.0\",\"n\":2}]]}")));
        stubModel(OPEN_REPLY);

        String first = triggerTick();

        assertThat(decisionRow(first, "trader")).containsEntry("status", "EXECUTED");
        Map<String, Object> opening = query("SELECT price, reference_price FROM orders").get(0);
        assertThat((BigDecimal) opening.get("price")).isEqualByComparingTo((BigDecimal) opening.get("reference_price"));
        wiremock.verify(1, postRequestedFor(urlEqualTo("/info"))
                .withRequestBody(matchingJsonPath("$.type", equalTo("l2Book"))));
        Map<String, Object> position = query("SELECT * FROM positions").get(0);
        // BTC's max leverage 40 on the venue: mmr 1 / 80
        assertThat((BigDecimal) position.get("maintenance_margin_rate")).isEqualByComparingTo("0.0125");
        assertThat(position).containsEntry("leverage", 10);
        BigDecimal liquidation = (BigDecimal) position.get("liquidation_price");
        // entry 95234.5 x 0.9 / 0.9875, to the rounding of quantity and margin
        assertThat(liquidation).isBetween(new BigDecimal("86795"), new BigDecimal("86797"));
        BigDecimal margin = (BigDecimal) position.get("margin");
        Map<String, Object> afterOpen = query("SELECT current_cash FROM accounts WHERE name = 'trader'").get(0);
        int decisionRows = query("SELECT id FROM ai_decision_logs").size();

        // The runtime's clock is the system's: rather than wait for the next minute's candle to close, the position
        // is made two minutes older, and the venue serves the 1-minute candle of the minute after its open.
        Instant opened = ((Timestamp) position.get("checked_until")).toInstant().minusSeconds(120);
        try (var c = dataSource().getConnection(); var st = c.prepareStatement(
                "UPDATE positions SET checked_until = ?, funded_until = ?")) {
            st.setTimestamp(1, Timestamp.from(opened));
            st.setTimestamp(2, Timestamp.from(opened));
            st.executeUpdate();
        }
        Instant nextMinute = opened.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Candle crash = new Candle(nextMinute, nextMinute.plusSeconds(60).minusMillis(1), new BigDecimal("95000"),
                new BigDecimal("95100"), new BigDecimal("80000"), new BigDecimal("81000"), new BigDecimal("12"));
        wiremock.stubFor(candles("1m").willReturn(json(CandleFixtures.hyperliquidBody("BTC", "1m", List.of(crash)))));
        wiremock.resetRequests();

        template.sendBody("direct:watch-positions", (Object) null);

        // one candle request for the one held symbol, from the position's watermark
        wiremock.verify(1, postRequestedFor(urlEqualTo("/info"))
                .withRequestBody(matchingJsonPath("$.req.interval", equalTo("1m"))));
        assertThat(query("SELECT * FROM positions")).isEmpty();
        Map<String, Object> order = query("SELECT * FROM orders WHERE cause = 'LIQUIDATION'").get(0);
        assertThat(order).containsEntry("operation", "close").containsEntry("side", "long")
                .containsEntry("decision_id", null).containsEntry("tick_id", null);
        assertThat(order.get("reference_price")).isEqualTo(liquidation);
        assertThat(order.get("price")).isEqualTo(liquidation);
        assertThat((BigDecimal) order.get("fee")).isZero();
        // funding up to the liquidation (the venue's hourly 0.00125% on the long) came out of the margin first
        Map<String, Object> funding = query("SELECT * FROM funding_payments").get(0);
        assertThat(funding).containsEntry("symbol", "BTC").containsEntry("side", "long");
        assertThat((BigDecimal) funding.get("amount")).isPositive();
        assertThat(((BigDecimal) order.get("margin")).add((BigDecimal) funding.get("amount"))).isEqualTo(margin);
        // the account loses exactly the margin: realized PnL - penalty = -margin left, cash untouched
        assertThat(((BigDecimal) order.get("realized_pnl")).subtract((BigDecimal) order.get("penalty")))
                .isEqualByComparingTo(((BigDecimal) order.get("margin")).negate());
        assertThat(query("SELECT current_cash, margin_in_use FROM accounts WHERE name = 'trader'").get(0))
                .containsEntry("current_cash", afterOpen.get("current_cash"))
                .containsEntry("margin_in_use", PaperTradingMath.money(BigDecimal.ZERO));
        assertThat(query("SELECT id FROM ai_decision_logs")).hasSize(decisionRows);

        stubModel(HOLD_REPLY);
        String second = triggerTick();

        String prompt = (String) decisionRow(second, "trader").get("user_prompt");
        assertThat(prompt).contains("- Current Positions: none");
        assertThat(prompt).containsPattern("open BTC long: EXECUTED, fee \\$\\d+\\.\\d\\d\n- \\S+ close BTC long:"
                + " LIQUIDATION, realized PnL -\\$\\d+\\.\\d\\d, fee \\$0\\.00");
        // the orders API says what caused it
        String port = context.resolvePropertyPlaceholders("{{camel.server.port}}");
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/api/accounts/trader/orders")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"cause\":\"LIQUIDATION\"", "\"cause\":\"DECISION\"",
                "\"reference_price\":" + liquidation.toPlainString(), "\"penalty\":");
        // the leaderboard counts the liquidation, its penalty and the funding paid
        var trader = ApiCalls.leaderboardRow(new ApiCalls(Integer.parseInt(port)).getJson("/api/leaderboard"),
                "trader");
        assertThat(trader.get("liquidations").asLong()).isEqualTo(1);
        assertThat(trader.get("stops").asLong()).isZero();
        assertThat(trader.get("liquidation_penalties").decimalValue()).isEqualByComparingTo(
                ((BigDecimal) order.get("penalty")).setScale(2, java.math.RoundingMode.HALF_EVEN));
        assertThat(trader.get("funding").decimalValue()).isEqualByComparingTo(
                ((BigDecimal) funding.get("amount")).setScale(2, java.math.RoundingMode.HALF_EVEN));
        assertThat(trader.get("trades").asLong()).isEqualTo(1);
    }
}
