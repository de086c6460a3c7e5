package io.camelarena.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelarena.support.IsoTimes;
import io.camelarena.testing.CsvRecords;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The scoreboard on MariaDB (issue 15): the period filter, the baselines ranked with the accounts, and the CSV
 * export, over a history written straight into the tables with known times and values (no tick runs). Five hourly
 * ticks from T: BTC 100,000 / 101,000 / 99,000 / 105,000 / 110,000, ETH 3,000 / 3,000 / 3,300 / 3,300 / 3,600.
 * alpha's total assets one second after each tick: 10,000 / 10,100 / 9,900 / 10,400 / 10,600; it opened 0.01 BTC at
 * T (fee 0.70) and closed it at T+3h (realized 50.00, fee 0.735). bravo never decided.
 */
class LeaderboardScoreMariaDbTest extends MariaDbRouteTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-11-20T00:00:00Z");
    /** T+1h to T+4h30m: the close is in, the open is not, the "now" point is not. */
    private static final String PERIOD = "from=2026-11-20T01:00:00Z&to=2026-11-20T04:30:00Z";

    private final HttpClient http = HttpClient.newHttpClient();
    private int httpPort;

    private ApiCalls api() {
        return new ApiCalls(httpPort);
    }

    @Override
    protected String databasePrefix() {
        return "arena_score";
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        httpPort = Integer.parseInt(p.getProperty("camel.server.port"));
        p.put("camel.server.enabled", "true");
        p.put("arena.symbols", "BTC,ETH");
        openAiAccount(p, "alpha", "alpha-model", wiremock.baseUrl() + "/v1", "ARENA_TEST_KEY");
        openAiAccount(p, "bravo", "=HYPERLINK(\"http://example.invalid\")", wiremock.baseUrl() + "/v1",
                "ARENA_TEST_KEY");
        return p;
    }

    private boolean seeded;

    /** Written once, before the first request (the runtime, its database and its scoreboard live per class). */
    private synchronized void history() throws Exception {
        if (seeded) {
            return;
        }
        seeded = true;
        String[] btc = {"100000", "101000", "99000", "105000", "110000"};
        String[] eth = {"3000", "3000", "3300", "3300", "3600"};
        String[] alpha = {"10000", "10100", "9900", "10400", "10600"};
        try (Connection c = dataSource().getConnection()) {
            update(c, "UPDATE accounts SET created_at = ?", at(T.minusSeconds(86_400)));
            int alphaId = ((Number) query("SELECT id FROM accounts WHERE name = 'alpha'").get(0).get("id")).intValue();
            for (int i = 0; i < btc.length; i++) {
                Instant tick = T.plusSeconds(3600L * i);
                update(c, "INSERT INTO market_ticks (tick_id, trigger_source, started_at, finished_at, status, "
                        + "prices_json) VALUES (?, 'MANUAL', ?, ?, 'COMPLETED', ?)", "t" + i, at(tick),
                        at(tick.plusSeconds(5)), "{\"BTC\":\"" + btc[i] + "\",\"ETH\":\"" + eth[i] + "\"}");
                update(c, "INSERT INTO ai_decision_logs (account_id, decision_time, tick_id, reason, operation, "
                        + "target_portion, total_balance, status) VALUES (?, ?, ?, 'r', 'hold', 0, ?, 'HOLD')",
                        alphaId, at(tick.plusSeconds(1)), "t" + i, alpha[i]);
            }
            String order = "INSERT INTO orders (account_id, tick_id, symbol, operation, side, quantity, price, "
                    + "notional, leverage, margin, fee, realized_pnl, status, created_at) "
                    + "VALUES (?, ?, 'BTC', ?, 'long', 0.01, ?, ?, 1, ?, ?, ?, 'FILLED', ?)";
            update(c, order, alphaId, "t0", "open", "100000", "1000", "1000", "0.70", "0", at(T.plusSeconds(1)));
            update(c, order, alphaId, "t3", "close", "105000", "1050", "1000", "0.735", "50",
                    at(T.plusSeconds(3 * 3600 + 1)));
        }
    }

    @Test
    void aPeriodScoresTheAccountsAndTheBaselinesFromItsFirstTickAndRanksThemTogether() throws Exception {
        history();
        JsonNode items = ours(api().getJson("/api/leaderboard?" + PERIOD));
        assertThat(items).extracting(r -> r.get("account").asText())
                .containsExactly("equal-weight basket", "buy-and-hold BTC", "alpha", "bravo");
        assertThat(items).extracting(r -> r.get("rank").asInt()).isSorted();

        // alpha: 10,000 carried in at T+1h (its last point before), then 10,100 / 9,900 / 10,400 / 10,600
        JsonNode alpha = items.get(2);
        assertThat(alpha.get("baseline").asBoolean()).isFalse();
        assertThat(alpha.get("start_equity").decimalValue()).isEqualByComparingTo("10000");
        assertThat(alpha.get("end_equity").decimalValue()).isEqualByComparingTo("10600");
        assertThat(alpha.get("return_pct").decimalValue()).isEqualByComparingTo("6.00");
        // (10,100 - 9,900) / 10,100
        assertThat(alpha.get("max_drawdown_pct").decimalValue()).isEqualByComparingTo("1.98");
        assertThat(alpha.get("equity_history")).hasSize(5);
        assertThat(alpha.get("returns").asInt()).isEqualTo(4);
        // the close only: net 50 - 0.735 - 0.70 = 48.565 (HALF_EVEN 48.56); fees in the period 0.735
        assertThat(alpha.get("trades").asInt()).isEqualTo(1);
        assertThat(alpha.get("expectancy").decimalValue()).isEqualByComparingTo("48.56");
        assertThat(alpha.get("win_rate").decimalValue()).isEqualByComparingTo("1");
        assertThat(alpha.get("profit_factor").isNull()).as("no losing trade").isTrue();
        assertThat(alpha.get("avg_hold_minutes").decimalValue()).isEqualByComparingTo("180.0");
        assertThat(alpha.get("fees").decimalValue()).isEqualByComparingTo("0.74");
        assertThat(alpha.get("realized_pnl").decimalValue()).isEqualByComparingTo("50.00");
        // 600 of equity change, 50 realized, 0.735 fees: 550.735 was not realized
        assertThat(alpha.get("unrealized_pnl").decimalValue()).isEqualByComparingTo("550.74");
        assertThat(alpha.get("funding").decimalValue()).isEqualByComparingTo("0");
        assertThat(alpha.get("liquidations").asInt()).isZero();
        assertThat(alpha.get("periods_per_year").decimalValue()).isEqualByComparingTo("8766.0");
        assertThat(alpha.get("sharpe").isNumber()).isTrue();
        assertThat(alpha.get("sortino").isNumber()).isTrue();
        assertThat(alpha.get("calmar").isNumber()).isTrue();
        assertThat(alpha.get("sharpe_ci95")).hasSize(2);
        assertThat(alpha.get("p_beats_buy_and_hold").decimalValue()).isBetween(java.math.BigDecimal.ZERO,
                java.math.BigDecimal.ONE);

        // buy-and-hold BTC from T+1h (101,000): 0.09894064 BTC for 9,993.00464 + fee 6.99510325; at 110,000: 10,883.47
        JsonNode btc = items.get(1);
        assertThat(btc.get("baseline").asBoolean()).isTrue();
        assertThat(btc.get("account_id").isNull()).isTrue();
        assertThat(btc.get("equity").decimalValue()).isEqualByComparingTo("10883.47");
        assertThat(btc.get("return_pct").decimalValue()).isEqualByComparingTo("8.83");
        assertThat(btc.get("fees").decimalValue()).isEqualByComparingTo("7.00");
        assertThat(btc.get("equity_history")).hasSize(4);
        assertThat(btc.get("equity_history").get(0).get(0).asText()).isEqualTo("2026-11-20T01:00:00Z");
        assertThat(btc.get("p_beats_buy_and_hold").decimalValue()).as("never beats itself").isEqualByComparingTo("0");
        // basket: 5,000 in BTC at 101,000 and 5,000 in ETH at 3,000; ETH ends at 3,600
        JsonNode basket = items.get(0);
        assertThat(basket.get("model").asText()).isEqualTo("BTC,ETH");
        assertThat(basket.get("equity").decimalValue()).isEqualByComparingTo("11437.54");

        // bravo: nothing in the period but its starting cash carried in
        JsonNode bravo = items.get(3);
        assertThat(bravo.get("return_pct").decimalValue()).isEqualByComparingTo("0");
        assertThat(bravo.get("sharpe").isNull()).isTrue();
    }

    @Test
    void theWholeHistoryStartsAtCreationAndTheBaselinesAtTheFirstTick() throws Exception {
        history();
        JsonNode board = api().getJson("/api/leaderboard?points=5000");
        assertThat(board.get("from").isNull()).isTrue();
        JsonNode alpha = ApiCalls.leaderboardRow(board, "alpha");
        // creation, five ticks, and "now" (the account row's cash, 10,000: these orders never touched it)
        assertThat(alpha.get("equity_history")).hasSize(7);
        assertThat(alpha.get("trades").asInt()).isEqualTo(1);
        assertThat(alpha.get("fees").decimalValue()).isEqualByComparingTo("1.44");
        JsonNode btc = ApiCalls.leaderboardRow(board, "buy-and-hold BTC");
        assertThat(btc.get("equity_history")).hasSize(5);
        assertThat(btc.get("start_equity").decimalValue()).isEqualByComparingTo("10000");
        // from 100,000 to 110,000, less the open fee
        assertThat(btc.get("return_pct").decimalValue()).isEqualByComparingTo("9.92");
        JsonNode early = ours(api().getJson("/api/leaderboard?to=2026-11-20"));
        assertThat(early).extracting(r -> r.get("account").asText())
                .as("no tick before T: no baselines").containsExactlyInAnyOrder("alpha", "bravo");
    }

    @Test
    void badPeriodsAreRefusedNamingTheParameter() throws Exception {
        history();
        assertBadRequest("/api/leaderboard?from=yesterday", "from");
        assertBadRequest("/api/leaderboard?from=2026-11-20T02:00:00Z&to=2026-11-20T01:00:00Z", "to");
        assertBadRequest("/api/leaderboard/export?format=xlsx", "format");
        assertBadRequest("/api/leaderboard/export?to=soon", "to");
    }

    @Test
    void theCsvExportHasEveryFlatFieldOfTheRowsAndNeutralizesFormulas() throws Exception {
        history();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(api().uri("/api/leaderboard/export?format=csv&"
                + PERIOD)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).contains("leaderboard-");
        List<List<String>> records = CsvRecords.parse(r.body());
        List<String> header = records.get(0);
        assertThat(header).contains("rank", "account", "baseline", "return_pct", "realized_pnl", "unrealized_pnl",
                "fees", "funding", "liquidations", "trades", "win_rate", "profit_factor", "expectancy",
                "avg_hold_minutes", "max_drawdown_pct", "sharpe", "sortino", "calmar", "p_beats_buy_and_hold",
                "decisions", "parse_error_rate", "sharpe_ci95_low", "sharpe_ci95_high")
                .doesNotContain("equity_history", "models", "sharpe_ci95");
        assertThat(header.get(0)).isEqualTo("rank");
        JsonNode board = api().getJson("/api/leaderboard?" + PERIOD);
        assertThat(records).hasSize(board.get("items").size() + 1);
        for (int i = 1; i < records.size(); i++) {
            JsonNode row = board.get("items").get(i - 1);
            List<String> record = records.get(i);
            assertThat(record.get(header.indexOf("account"))).isEqualTo(row.get("account").asText());
            assertThat(new java.math.BigDecimal(record.get(header.indexOf("return_pct"))))
                    .isEqualByComparingTo(row.get("return_pct").decimalValue());
            assertThat(record.get(header.indexOf("baseline"))).isEqualTo(row.get("baseline").asText());
            String low = record.get(header.indexOf("sharpe_ci95_low"));
            if (row.get("sharpe_ci95").isNull()) {
                assertThat(low).isEmpty();
            } else {
                assertThat(new java.math.BigDecimal(low)).isEqualByComparingTo(row.get("sharpe_ci95").get(0)
                        .decimalValue());
            }
        }
        List<String> bravo = records.stream().filter(rec -> rec.get(header.indexOf("account")).equals("bravo"))
                .findFirst().orElseThrow();
        assertThat(bravo.get(header.indexOf("model"))).isEqualTo("'=HYPERLINK(\"http://example.invalid\")");
        assertThat(bravo.get(header.indexOf("sharpe"))).as("null: empty").isEmpty();
    }

    private void assertBadRequest(String path, String parameter) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(api().uri(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("parameter").asText()).isEqualTo(parameter);
    }

    private static String at(Instant instant) {
        return IsoTimes.sqlDateTime(instant);
    }

    private static void update(Connection c, String sql, Object... values) throws Exception {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                st.setObject(i + 1, values[i]);
            }
            st.executeUpdate();
        }
    }

    /** The rows of this test's accounts and the baselines (the inactive accounts of application.properties left out). */
    private static JsonNode ours(JsonNode board) {
        com.fasterxml.jackson.databind.node.ArrayNode rows = JSON.createArrayNode();
        board.get("items").forEach(r -> {
            if (!r.get("account").asText().startsWith("sim-")) {
                rows.add(r);
            }
        });
        return rows;
    }

}
