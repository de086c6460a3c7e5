package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelarena.account.AccountSettings;
import io.camelarena.agent.DecisionRecord;
import io.camelarena.agent.DecisionStatus;
import io.camelarena.decision.ErrorCode;
import io.camelarena.audit.DecisionLogRowBuilder;
import io.camelarena.market.MarketSnapshot;
import io.camelarena.testing.CsvRecords;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The leaderboard, the equity history, the decision list's paging and every one of its filters, and the CSV export
 * through the HTTP API of the runtime on the real MySQL-compatible server (MariaDB at 127.0.0.1:3306), where
 * Connector/J and the server decide what a time parameter means. Two accounts: alpha opens BTC long (and keeps it),
 * bravo holds.
 */
class LeaderboardAndPagingMariaDbTest extends MariaDbRouteTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOLD_REPLY = "{\"operation\":\"hold\",\"reason\":\"waiting\"}";

    private final HttpClient http = HttpClient.newHttpClient();
    private int httpPort;

    private ApiCalls api() {
        return new ApiCalls(httpPort);
    }

    @Override
    protected String databasePrefix() {
        return "arena_board";
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        httpPort = Integer.parseInt(p.getProperty("camel.server.port"));
        p.put("camel.server.enabled", "true");
        openAiAccount(p, "alpha", "alpha-model", wiremock.baseUrl() + "/v1", "ARENA_TEST_KEY");
        openAiAccount(p, "bravo", "bravo-model", wiremock.baseUrl() + "/v1", "ARENA_TEST_KEY");
        return p;
    }

    @BeforeEach
    void stubs() {
        wiremock.resetAll();
        stubMarket();
        stubModel("alpha-model", DecisionPipelineRouteTest.OPEN_REPLY);
        stubModel("bravo-model", HOLD_REPLY);
    }

    @Test
    void theLeaderboardValuesPositionsAtTheLatestTickThatHadPricesAndOrdersNameTheirDecision() throws Exception {
        triggerTick();
        stubPrices(resource("/stubs/hyperliquid-allmids.json").replace("\"95234.5\"", "\"100000\""));
        String priced = triggerTick();
        wiremock.stubFor(post(urlEqualTo("/info")).willReturn(aResponse().withStatus(503).withBody("maintenance")));
        String skipped = triggerTick();
        assertThat(query("SELECT status FROM market_ticks WHERE tick_id = '" + skipped + "'"))
                .singleElement().satisfies(t -> assertThat(t.get("status")).isEqualTo("SKIPPED"));

        JsonNode board = api().getJson("/api/leaderboard");
        assertThat(board.get("prices_tick_id").asText()).isEqualTo(priced);
        Map<String, Object> btc = query("SELECT p.quantity, p.avg_entry_price FROM positions p JOIN accounts a "
                + "ON a.id = p.account_id WHERE a.name = 'alpha' AND p.symbol = 'BTC'").get(0);
        BigDecimal unrealized = new BigDecimal("100000").subtract((BigDecimal) btc.get("avg_entry_price"))
                .multiply((BigDecimal) btc.get("quantity")).setScale(2, RoundingMode.HALF_EVEN);
        assertThat(unrealized).isPositive();
        assertThat(ApiCalls.leaderboardRow(board, "alpha").get("unrealized_pnl").decimalValue())
                .isEqualByComparingTo(unrealized);
        assertThat(api().getJson("/api/accounts/alpha/positions").get("items").get(0).get("mark_price").decimalValue())
                .isEqualByComparingTo("100000");

        // every order names the decision (ai_decision_logs.decision_id) that produced it
        JsonNode order = api().getJson("/api/accounts/alpha/orders").get("items").get(0);
        Map<String, Object> decision = query("SELECT id, decision_id FROM ai_decision_logs WHERE order_id = "
                + order.get("id").asInt()).get(0);
        assertThat(order.get("decision_id").asText()).isEqualTo(decision.get("decision_id"));
        assertThat(order.get("decision_log_id").asInt()).isEqualTo(decision.get("id"));
        assertThat(query("SELECT decision_id FROM orders WHERE id = " + order.get("id").asInt()).get(0))
                .containsEntry("decision_id", decision.get("decision_id"));
    }

    @Test
    void rowsWithoutAKnownBalanceAreLoggedWithNoneAndLeftOutOfTheEquityHistory() throws Exception {
        triggerTick();
        // a database hiccup while the portfolios load: the rows are still logged, with no balance
        execute("RENAME TABLE positions TO positions_away");
        String hiccup;
        try {
            hiccup = triggerTick();
        } finally {
            execute("RENAME TABLE positions_away TO positions");
        }
        for (String account : List.of("alpha", "bravo")) {
            assertThat(decisionRow(hiccup, account)).containsEntry("status", "REJECTED")
                    .containsEntry("error_code", "INTERNAL_ERROR").containsEntry("total_balance", null);
        }
        // a tick without BTC's price: alpha's total assets are unknown, bravo (nothing held) has them
        stubPrices("{\"ETH\":\"3400.5\",\"SOL\":\"198.45\"}");
        String partial = triggerTick();
        assertThat(decisionRow(partial, "alpha")).containsEntry("total_balance", null);
        assertThat((BigDecimal) decisionRow(partial, "bravo").get("total_balance")).isEqualByComparingTo("10000");

        JsonNode board = api().getJson("/api/leaderboard?points=5000");
        JsonNode bravo = ApiCalls.leaderboardRow(board, "bravo");
        long bravoBalances = count("SELECT COUNT(*) AS n FROM ai_decision_logs l JOIN accounts a ON a.id = "
                + "l.account_id WHERE a.name = 'bravo' AND l.total_balance IS NOT NULL");
        assertThat(bravo.get("equity_history")).hasSize((int) bravoBalances + 2)
                .allSatisfy(p -> assertThat(p.get(1).decimalValue()).isEqualByComparingTo("10000"));
        assertThat(bravo.get("max_drawdown_pct").decimalValue()).isEqualByComparingTo("0");
        JsonNode alpha = ApiCalls.leaderboardRow(board, "alpha");
        long alphaBalances = count("SELECT COUNT(*) AS n FROM ai_decision_logs l JOIN accounts a ON a.id = "
                + "l.account_id WHERE a.name = 'alpha' AND l.total_balance IS NOT NULL");
        // the initial cash and the rows with a balance; no "now": BTC, held, has no price in the latest tick
        assertThat(alpha.get("equity_history")).hasSize((int) alphaBalances + 1)
                .allSatisfy(p -> assertThat(p.get(1).decimalValue()).isGreaterThan(new BigDecimal("9000")));
        assertThat(alpha.get("max_drawdown_pct").decimalValue()).isLessThan(new BigDecimal("10"));
        // rows without a balance are sealed like any other
        io.camelarena.audit.VerifyReport report = template.requestBody("direct:verify-audit-chain", null,
                io.camelarena.audit.VerifyReport.class);
        assertThat(report.ok()).as(report.detail()).isTrue();
    }

    @Test
    void pagingWalksThroughRowsThatShareASecondAndTimeFiltersKeepTheirMilliseconds() throws Exception {
        Instant shared = Instant.parse("2031-05-05T09:26:41.890Z");
        logDecision("bravo", "same-second", Instant.parse("2031-05-05T09:26:41.100Z"));
        for (int i = 0; i < 3; i++) {
            logDecision("bravo", "same-second", shared);
        }
        logDecision("bravo", "same-second", Instant.parse("2031-05-05T09:26:42.000Z"));
        List<Integer> newestFirst = query("SELECT id FROM ai_decision_logs WHERE tick_id = 'same-second' "
                + "ORDER BY decision_time DESC, id DESC").stream().map(r -> ((Number) r.get("id")).intValue()).toList();
        assertThat(newestFirst).hasSize(5);

        for (int limit : List.of(1, 2)) {
            List<Integer> paged = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = api().getJson("/api/decisions?tick=same-second&limit=" + limit
                        + (cursor == null ? "" : "&cursor=" + cursor));
                page.get("items").forEach(item -> paged.add(item.get("id").asInt()));
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            } while (cursor != null && paged.size() <= newestFirst.size());
            assertThat(paged).as("pages of %d", limit).containsExactlyElementsOf(newestFirst);
        }

        assertThat(ids("from=2031-05-05T09:26:41.890Z&to=2031-05-05T09:26:41.891Z"))
                .containsExactlyElementsOf(newestFirst.subList(1, 4));
        assertThat(ids("from=2031-05-05T09:26:41.891Z")).containsExactly(newestFirst.get(0));
        assertThat(ids("to=2031-05-05T09:26:41.890Z")).containsExactly(newestFirst.get(4));
        assertThat(api().send(HttpRequest.newBuilder(api().uri("/api/decisions/export?format=jsonl&tick=same-second"
                + "&from=2031-05-05T09:26:41.890Z&to=2031-05-05T09:26:41.891Z")).build()).lines())
                .hasSize(3);

        // the replay selection reads from and to the same way
        String created = api().send(HttpRequest.newBuilder(api().uri("/api/replays"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\": \"2031-05-05T09:26:41.890Z\", \"to\": "
                        + "\"2031-05-05T09:26:41.891Z\", \"targets\": [\"bravo\"]}")).build());
        JsonNode run = JSON.readTree(created);
        assertThat(run.get("originals").asInt()).as(created).isEqualTo(3);
        awaitReplayRun(run.get("id").asInt());
        assertThat(query("SELECT replay_of FROM ai_decision_logs WHERE replay_run_id = " + run.get("id").asInt()
                + " ORDER BY replay_of DESC")).extracting(r -> ((Number) r.get("replay_of")).intValue())
                .containsExactlyElementsOf(newestFirst.subList(1, 4));
    }

    @Test
    void everyFilterOfTheDecisionListSelectsOnMariaDb() throws Exception {
        // alpha opens SOL long (no other test of this class does: executed), bravo holds
        stubModel("alpha-model", "{\"operation\":\"open\",\"symbol\":\"SOL\",\"direction\":\"long\","
                + "\"target_portion_of_balance\":0.1,\"leverage\":2,\"reason\":\"filters\"}");
        String tickId = triggerTick();
        assertThat(decisionRow(tickId, "alpha")).containsEntry("status", "EXECUTED");
        int alphaId = ((Number) query("SELECT id FROM accounts WHERE name = 'alpha'").get(0).get("id")).intValue();
        Map<String, List<String>> expected = new java.util.LinkedHashMap<>();
        expected.put("account=alpha", List.of("alpha"));
        expected.put("account=" + alphaId, List.of("alpha"));
        expected.put("model=bravo-model", List.of("bravo"));
        expected.put("provider=OPENAI", List.of("alpha", "bravo"));
        expected.put("provider=simulated", List.of());
        expected.put("symbol=sol", List.of("alpha"));
        expected.put("status=hold", List.of("bravo"));
        expected.put("status=EXECUTED,HOLD", List.of("alpha", "bravo"));
        expected.put("executed=true", List.of("alpha"));
        expected.put("executed=false", List.of("bravo"));
        expected.put("error_code=UNPARSEABLE_REPLY", List.of());
        expected.put("replay=only", List.of());
        for (Map.Entry<String, List<String>> filter : expected.entrySet()) {
            List<String> accounts = new ArrayList<>();
            api().getJson("/api/decisions?tick=" + tickId + "&" + filter.getKey()).get("items")
                    .forEach(item -> accounts.add(item.get("account").asText()));
            assertThat(accounts).as(filter.getKey()).containsExactlyInAnyOrderElementsOf(filter.getValue());
        }
    }

    @Test
    void theCsvExportQuotesCommasQuotesAndLineBreaksAndNeutralizesFormulaText() throws Exception {
        String message = "=HYPERLINK(\"http://evil.example\",\"click\"), then \"more\"\nsecond line";
        logDecision("bravo", "csv-cells", Instant.parse("2031-06-01T10:00:00Z"), "@SUM(A1:A2)", "=1+2", message);

        String body = api().send(HttpRequest.newBuilder(api().uri("/api/decisions/export?format=csv&tick=csv-cells"))
                .build());

        // the quoted field with its quotes doubled; formula-looking text cells start with ' (OWASP's CSV-injection
        // rule), so a spreadsheet shows them as text
        assertThat(body).contains(",'@SUM(A1:A2),'=1+2,").contains(
                ",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\"), then \"\"more\"\"\nsecond line\",");
        List<List<String>> records = CsvRecords.parse(body);
        assertThat(records).hasSize(2);
        List<String> header = records.get(0);
        List<String> row = records.get(1);
        assertThat(row).hasSameSizeAs(header);
        assertThat(row.get(header.indexOf("error_message"))).isEqualTo("'" + message);
        assertThat(row.get(header.indexOf("user_prompt"))).isEqualTo("'@SUM(A1:A2)");
        assertThat(row.get(header.indexOf("reasoning_trace"))).isEqualTo("'=1+2");
        assertThat(row.get(header.indexOf("account"))).isEqualTo("bravo");
        assertThat(row.get(header.indexOf("status"))).isEqualTo("PARSE_ERROR");
    }

    private List<Integer> ids(String filters) throws Exception {
        List<Integer> ids = new ArrayList<>();
        api().getJson("/api/decisions?tick=same-second&" + filters).get("items")
                .forEach(i -> ids.add(i.get("id").asInt()));
        return ids;
    }

    private void awaitReplayRun(int id) {
        await("replay run " + id + " ended").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api().getJson("/api/replays/" + id).get("status").asText(),
                        status -> List.of("COMPLETED", "FAILED", "INTERRUPTED").contains(status));
    }

    /** A live decision row of {@code account} logged through the log-decision route at {@code time}. */
    private void logDecision(String account, String tickId, Instant time) {
        logDecision(account, tickId, time, "seeded prompt", "not a decision", "seeded");
    }

    private void logDecision(String account, String tickId, Instant time, String prompt, String reply,
            String errorMessage) {
        List<?> accounts = context.getRegistry().lookupByNameAndType("arenaAccounts", List.class);
        AccountSettings settings = accounts.stream().map(AccountSettings.class::cast)
                .filter(a -> a.name().equals(account)).findFirst().orElseThrow();
        DecisionRecord record = new DecisionRecord(tickId, settings,
                new MarketSnapshot(tickId, time, Map.of(), List.of(), null, "", null), time);
        record.totalBalance(new BigDecimal("10000"));
        record.prompt(prompt);
        record.rawReply(reply);
        record.fail(DecisionStatus.PARSE_ERROR, ErrorCode.UNPARSEABLE_REPLY, errorMessage);
        template.sendBody("direct:log-decision", context.getRegistry()
                .lookupByNameAndType("decisionLogRows", DecisionLogRowBuilder.class).build(record));
    }

    private void stubModel(String model, String content) {
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(OpenAiStubs.completion("chatcmpl-" + model, model, content, null, "stop", 500, 40))));
    }

    private void stubPrices(String body) {
        wiremock.stubFor(post(urlEqualTo("/info")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private void execute(String sql) throws Exception {
        try (Connection c = dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private long count(String sql) throws Exception {
        return ((Number) query(sql).get(0).get("n")).longValue();
    }

}
