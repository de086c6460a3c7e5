package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.camelarena.audit.VerifyReport;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Replays of two logged decisions of one account against two stub models that disagree in known ways: "opener"
 * always opens BTC long, "holder" first answers prose (unparseable), then holds. Live, the account opened BTC long
 * in tick 1 and held in tick 2, so the replay of tick 2's prompt to "opener" must be refused (the position existed
 * then) although the account has long since moved on. Checks the stored rows, the agreement, progress, that no
 * account changed, that the audit chain verifies, and the API's refusals.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayRouteTest extends ArenaRouteTestSupport {

    static final String OPEN = "{\"operation\":\"open\",\"symbol\":\"BTC\",\"direction\":\"long\","
            + "\"target_portion_of_balance\":0.1,\"leverage\":2,\"reason\":\"breakout\"}";
    static final String HOLD = "{\"operation\":\"hold\",\"symbol\":\"BTC\",\"reason\":\"wait\"}";
    static final String OPEN_BIG = "{\"operation\":\"open\",\"symbol\":\"BTC\",\"direction\":\"long\","
            + "\"target_portion_of_balance\":0.2,\"leverage\":3,\"reason\":\"always long\"}";
    static final String CLOSE = "{\"operation\":\"close\",\"symbol\":\"BTC\",\"direction\":\"long\","
            + "\"target_portion_of_balance\":1,\"reason\":\"take it\"}";
    static final String PROSE = "I would rather not trade today.";
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private int httpPort;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        httpPort = Integer.parseInt(p.getProperty("camel.server.port"));
        p.put("camel.server.enabled", "true");
        openAiAccount(p, "alpha", "alpha-live", wiremock.baseUrl() + "/alpha/v1", "ARENA_TEST_KEY");
        for (String target : List.of("opener", "holder", "down", "slow")) {
            p.put("arena.models." + target + ".provider", "openai");
            p.put("arena.models." + target + ".model", target + "-model");
            p.put("arena.models." + target + ".base-url", wiremock.baseUrl() + "/" + target + "/v1");
            p.put("arena.models." + target + ".api-key-env", "ARENA_TEST_KEY");
        }
        // one replay at a time, so the holder's first (prose) reply goes to the first original
        p.put("arena.replay.parallelism", "1");
        return p;
    }

    private void stubModels() {
        stubMarket();
        wiremock.stubFor(post(urlEqualTo("/alpha/v1/chat/completions")).inScenario("alpha")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("opened")
                .willReturn(reply("chatcmpl-alpha-1", "alpha-live", OPEN, 700, 40)));
        wiremock.stubFor(post(urlEqualTo("/alpha/v1/chat/completions")).inScenario("alpha")
                .whenScenarioStateIs("opened").willSetStateTo("held")
                .willReturn(reply("chatcmpl-alpha-2", "alpha-live", HOLD, 720, 30)));
        wiremock.stubFor(post(urlEqualTo("/alpha/v1/chat/completions")).inScenario("alpha")
                .whenScenarioStateIs("held").willReturn(reply("chatcmpl-alpha-3", "alpha-live", CLOSE, 730, 35)));
        wiremock.stubFor(post(urlEqualTo("/opener/v1/chat/completions"))
                .willReturn(reply("chatcmpl-opener", "opener-model", OPEN_BIG, 800, 50)));
        wiremock.stubFor(post(urlEqualTo("/holder/v1/chat/completions")).inScenario("holder")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("talked")
                .willReturn(reply("chatcmpl-holder-1", "holder-model", PROSE, 810, 12)));
        wiremock.stubFor(post(urlEqualTo("/holder/v1/chat/completions")).inScenario("holder")
                .whenScenarioStateIs("talked").willReturn(reply("chatcmpl-holder-2", "holder-model", HOLD, 820, 20)));
        wiremock.stubFor(post(urlEqualTo("/down/v1/chat/completions")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(OpenAiStubs.error("invalid_request_error", "model is down for maintenance"))));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder reply(String id, String model,
            String content, int in, int out) {
        return aResponse().withHeader("Content-Type", "application/json")
                .withBody(OpenAiStubs.completion(id, model, content, null, "stop", in, out));
    }

    private static List<Integer> originals;
    private static String tick1;
    private static String tick2;

    @Test
    @Order(1)
    void replaysAreStoredExactlyAndChangeNoAccount() throws Exception {
        stubModels();
        tick1 = triggerTick();
        tick2 = triggerTick();
        Map<String, Object> live1 = decisionRow(tick1, "alpha");
        Map<String, Object> live2 = decisionRow(tick2, "alpha");
        assertThat(live1.get("status")).isEqualTo("EXECUTED");
        assertThat(live2.get("status")).isEqualTo("HOLD");
        originals = List.of(((Number) live1.get("id")).intValue(), ((Number) live2.get("id")).intValue());
        List<Map<String, Object>> accountBefore = query("SELECT * FROM accounts ORDER BY id");
        List<Map<String, Object>> positionsBefore = query("SELECT * FROM positions ORDER BY id");
        List<Map<String, Object>> ordersBefore = query("SELECT * FROM orders ORDER BY id");
        List<Map<String, Object>> tradesBefore = query("SELECT * FROM trades ORDER BY id");
        JsonNode board = getJson("/api/leaderboard");

        HttpResponse<String> started = postJson("/api/replays",
                "{\"ticks\": [\"" + tick1 + "\", \"" + tick2 + "\"], \"accounts\": [\"alpha\"], "
                        + "\"targets\": [\"opener\", \"holder\"]}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode run = JSON.readTree(started.body());
        int runId = run.get("id").asInt();
        assertThat(run.get("total").asInt()).isEqualTo(4);
        assertThat(run.get("originals").asInt()).isEqualTo(2);
        JsonNode done = awaitRun(runId);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("done").asInt()).isEqualTo(4);
        assertThat(done.get("errors").asInt()).isZero();
        assertThat(done.get("targets")).hasSize(2);

        List<Map<String, Object>> rows = query("SELECT * FROM ai_decision_logs WHERE replay_run_id = " + runId
                + " ORDER BY replay_of, replay_target");
        assertThat(rows).extracting(r -> r.get("replay_of") + "/" + r.get("replay_target") + " " + r.get("status")
                + " " + r.get("operation") + " " + r.get("symbol") + " " + r.get("direction") + " "
                + r.get("error_code") + " " + r.get("model") + " " + r.get("input_tokens") + "/"
                + r.get("output_tokens"))
                .containsExactly(
                        originals.get(0) + "/holder PARSE_ERROR none null null UNPARSEABLE_REPLY holder-model 810/12",
                        originals.get(0) + "/opener VALID open BTC long null opener-model 800/50",
                        originals.get(1) + "/holder HOLD hold BTC null null holder-model 820/20",
                        originals.get(1) + "/opener REJECTED open BTC long POSITION_EXISTS opener-model 800/50");
        for (Map<String, Object> r : rows) {
            Map<String, Object> original = r.get("replay_of").equals(originals.get(0)) ? live1 : live2;
            assertThat(r.get("user_prompt")).isEqualTo(original.get("user_prompt"));
            assertThat(r.get("account_id")).isEqualTo(original.get("account_id"));
            assertThat(r.get("tick_id")).isEqualTo(original.get("tick_id"));
            assertThat(r.get("total_balance")).isEqualTo(original.get("total_balance"));
            assertThat(r.get("executed")).isEqualTo("false");
            assertThat(r.get("order_id")).isNull();
            assertThat(r.get("provider")).isEqualTo("openai");
            assertThat(r.get("finish_reason")).isEqualTo("stop");
            assertThat(r.get("attempts")).isEqualTo(1);
            assertThat(r.get("latency_ms")).isNotNull();
            assertThat(r.get("decision_id")).isNotNull().isNotEqualTo(original.get("decision_id"));
            assertThat(r.get("row_hash")).isNotNull();
        }
        Map<String, Object> openerRow = rows.get(1);
        assertThat(openerRow.get("reasoning_trace")).isEqualTo(OPEN_BIG);
        assertThat((BigDecimal) openerRow.get("target_portion")).isEqualByComparingTo("0.2");
        assertThat(openerRow.get("leverage")).isEqualTo(3);
        assertThat(rows.get(0).get("reasoning_trace")).isEqualTo(PROSE);

        // replays never touch an account
        assertThat(query("SELECT * FROM accounts ORDER BY id")).isEqualTo(accountBefore);
        assertThat(query("SELECT * FROM positions ORDER BY id")).isEqualTo(positionsBefore);
        assertThat(query("SELECT * FROM orders ORDER BY id")).isEqualTo(ordersBefore);
        assertThat(query("SELECT * FROM trades ORDER BY id")).isEqualTo(tradesBefore);
        // and are not live decisions to the API
        assertThat(withoutNow(getJson("/api/leaderboard"))).isEqualTo(withoutNow(board));
        assertThat(getJson("/api/decisions").get("items")).hasSize(2);
        assertThat(getJson("/api/decisions?replay=only").get("items")).hasSize(4);
        assertThat(getJson("/api/decisions?replay=include").get("items")).hasSize(6);
        assertThat(getJson("/api/decisions?replay_run=" + runId + "&status=VALID").get("items")).hasSize(1);
        assertThat(getJson("/api/decisions/" + originals.get(1)).get("replays")).hasSize(2);
        assertThat(getJson("/api/decisions/" + originals.get(1)).get("same_tick")).hasSize(1);

        VerifyReport report = template.requestBody("direct:verify-audit-chain", null, VerifyReport.class);
        assertThat(report.ok()).as(report.detail()).isTrue();
        assertThat(report.rowsChecked()).isEqualTo(6);
    }

    @Test
    @Order(2)
    void compareLinesUpOriginalsAndReplaysWithExactAgreement() throws Exception {
        int runId = query("SELECT MAX(replay_run_id) AS r FROM ai_decision_logs").get(0).get("r") instanceof Number n
                ? n.intValue() : -1;
        JsonNode compare = getJson("/api/replays/" + runId + "/compare");
        assertThat(compare.get("sides").toString()).isEqualTo("[\"original\",\"opener\",\"holder\"]");
        assertThat(compare.get("agreement").toString()).isEqualTo("["
                + "{\"a\":\"original\",\"b\":\"opener\",\"compared\":2,\"same_operation\":1,\"same_operation_rate\":0.5,"
                + "\"same_symbol_direction\":1,\"same_symbol_direction_rate\":0.5},"
                + "{\"a\":\"original\",\"b\":\"holder\",\"compared\":2,\"same_operation\":1,\"same_operation_rate\":0.5,"
                + "\"same_symbol_direction\":1,\"same_symbol_direction_rate\":0.5},"
                + "{\"a\":\"opener\",\"b\":\"holder\",\"compared\":2,\"same_operation\":0,\"same_operation_rate\":0.0,"
                + "\"same_symbol_direction\":0,\"same_symbol_direction_rate\":0.0}]");
        JsonNode items = compare.get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("original").get("id").asInt()).isEqualTo(originals.get(0));
        assertThat(items.get(0).get("original").get("operation").asText()).isEqualTo("open");
        assertThat(items.get(0).get("replays").get("holder").get("status").asText()).isEqualTo("PARSE_ERROR");
        assertThat(items.get(1).get("replays").get("opener").get("error_code").asText()).isEqualTo("POSITION_EXISTS");
        assertThat(items.get(1).get("replays").get("opener").get("latency_ms").isNumber()).isTrue();
    }

    @Test
    @Order(3)
    void aModelThatFailsCountsAsErrorsAndTheRunStillCompletes() throws Exception {
        HttpResponse<String> started = postJson("/api/replays",
                "{\"decisions\": " + originals + ", \"targets\": [\"down\"]}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode done = awaitRun(JSON.readTree(started.body()).get("id").asInt());
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("done").asInt()).isEqualTo(2);
        assertThat(done.get("errors").asInt()).isEqualTo(2);
        assertThat(query("SELECT status, error_code FROM ai_decision_logs WHERE replay_target = 'down'"))
                .extracting(r -> r.get("status") + " " + r.get("error_code"))
                .containsExactly("MODEL_ERROR MODEL_HTTP_ERROR", "MODEL_ERROR MODEL_HTTP_ERROR");
        VerifyReport report = template.requestBody("direct:verify-audit-chain", null, VerifyReport.class);
        assertThat(report.ok()).as(report.detail()).isTrue();
    }

    @Test
    @Order(4)
    void badRequestsNameTheField() throws Exception {
        assertRefused("not json", "body");
        assertRefused("[]", "body");
        assertRefused("{\"targets\": [\"opener\"]}", "decisions");
        assertRefused("{\"decisions\": [1], \"targets\": []}", "targets");
        assertRefused("{\"decisions\": [1], \"targets\": [\"nobody\"]}", "targets");
        assertRefused("{\"decisions\": [\"x\"], \"targets\": [\"opener\"]}", "decisions");
        assertRefused("{\"decisions\": [1], \"targets\": [\"opener\"], \"colour\": 1}", "colour");
        assertRefused("{\"from\": \"yesterday\", \"targets\": [\"opener\"]}", "from");
        assertRefused("{\"from\": \"2026-11-25\", \"to\": \"2026-11-24\", \"targets\": [\"opener\"]}", "to");
        assertRefused("{\"decisions\": [999999], \"targets\": [\"opener\"]}", "decisions");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base() + "/api/replays/424242")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base() + "/api/decisions?replay=maybe")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("\"parameter\":\"replay\"");

        // A run that cannot even be created (its table is away): a JSON 500, no stack trace.
        try (var c = dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("ALTER TABLE replay_runs RENAME TO replay_runs_away");
        }
        try {
            HttpResponse<String> failed = postJson("/api/replays",
                    "{\"decisions\": [" + originals.get(0) + "], \"targets\": [\"opener\"]}");
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(JSON.readTree(failed.body()).get("error").asText()).isEqualTo("internal_error");
            assertThat(failed.body()).doesNotContain("Exception", "\tat ");
        } finally {
            try (var c = dataSource().getConnection(); var st = c.createStatement()) {
                st.execute("ALTER TABLE replay_runs_away RENAME TO replay_runs");
            }
        }
    }

    @Test
    @Order(5)
    void theMBeanStartsAReplayAndShowsItsProgress() throws Exception {
        var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        var name = new javax.management.ObjectName("camel-arena:type=Replay");
        String answer = (String) server.invoke(name, "startReplay", new Object[] {
                "{\"decisions\": [" + originals.get(0) + "], \"targets\": [\"opener\"]}"},
                new String[] {String.class.getName()});
        assertThat(answer).matches("run \\d+ queued: 1 replays");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat((String) server.getAttribute(name, "LastRunProgress")).contains("COMPLETED: 1/1 done"));
        assertThat(server.getAttribute(name, "LastRunDone")).isEqualTo(1);
        assertThat((String) server.invoke(name, "startReplay", new Object[] {"{\"targets\": [\"opener\"]}"},
                new String[] {String.class.getName()})).startsWith("refused: decisions: ");
    }

    @Test
    @Order(6)
    void datasetsExportChatMessagesAndRealizedOutcomes() throws Exception {
        String tick3 = triggerTick();
        assertThat(decisionRow(tick3, "alpha").get("status")).isEqualTo("EXECUTED");

        HttpResponse<String> chat = http.send(HttpRequest.newBuilder(URI.create(base()
                + "/api/decisions/export?format=chat&account=alpha")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chat.statusCode()).isEqualTo(200);
        assertThat(chat.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        List<String> lines = chat.body().lines().toList();
        assertThat(lines).hasSize(3);
        JsonNode newest = JSON.readTree(lines.get(0));
        Map<String, Object> row3 = decisionRow(tick3, "alpha");
        assertThat(newest.get("messages").get(0).get("role").asText()).isEqualTo("user");
        assertThat(newest.get("messages").get(0).get("content").asText()).isEqualTo(row3.get("user_prompt"));
        assertThat(newest.get("messages").get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(newest.get("messages").get(1).get("content").asText()).isEqualTo(CLOSE);
        JsonNode meta = newest.get("metadata");
        assertThat(meta.get("id").asInt()).isEqualTo(((Number) row3.get("id")).intValue());
        assertThat(meta.get("decision_id").asText()).isEqualTo(row3.get("decision_id"));
        assertThat(meta.get("status").asText()).isEqualTo("EXECUTED");
        assertThat(meta.get("model").asText()).isEqualTo("alpha-live");
        assertThat(meta.get("parsed_decision").get("operation").asText()).isEqualTo("close");
        assertThat(meta.has("user_prompt")).isFalse();
        assertThat(meta.get("replay_of").isNull()).isTrue();
        assertThat(meta.get("hypothetical_outcome").get("status").asText()).isEqualTo("pending");
        assertThat(meta.get("hypothetical_outcome").get("basis").asText()).isEqualTo("close");
        assertThat(meta.get("hypothetical_outcome").get("horizon_ticks").asInt()).isEqualTo(12);
        List<String> replayLines = http.send(HttpRequest.newBuilder(URI.create(base()
                + "/api/decisions/export?format=chat&replay=only&replay_run=1")).build(),
                HttpResponse.BodyHandlers.ofString()).body().lines().toList();
        assertThat(replayLines).hasSize(4);
        assertThat(replayLines).allSatisfy(l -> assertThat(JSON.readTree(l).get("metadata").get("replay_run_id")
                .asInt()).isEqualTo(1));

        HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create(base()
                + "/api/decisions/export?format=outcomes&account=alpha")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> records = csv.body().lines().toList();
        List<String> header = List.of(records.get(0).split(","));
        assertThat(header).endsWith("order_operation", "order_side", "order_quantity", "order_price",
                "order_notional", "order_fee", "position_outcome", "realized_pnl", "total_fees", "closed_at",
                "hypothetical_outcome", "hypothetical_basis", "horizon_ticks", "horizon_tick_id", "price_at_decision",
                "price_at_horizon", "hypothetical_return", "return_on_margin");
        // three ticks in all, fewer than the horizon (12): every outcome is still pending
        assertThat(records.subList(1, records.size())).allSatisfy(r -> assertThat(r.split(",", -1)
                [header.indexOf("hypothetical_outcome")]).isEqualTo("pending"));
        assertThat(records).hasSize(4);
        Map<String, Object> open = query("SELECT * FROM orders WHERE operation = 'open'").get(0);
        Map<String, Object> close = query("SELECT * FROM orders WHERE operation = 'close'").get(0);
        BigDecimal fees = ((BigDecimal) open.get("fee")).add((BigDecimal) close.get("fee"));
        // newest first: the close (tick 3), the hold (tick 2), the open (tick 1)
        assertThat(outcome(records.get(1), header)).isEqualTo("close closed "
                + plain(close.get("realized_pnl")) + " " + plain(close.get("fee")));
        assertThat(outcome(records.get(2), header)).isEqualTo("   ");
        assertThat(outcome(records.get(3), header)).isEqualTo("open closed "
                + plain(close.get("realized_pnl")) + " " + plain(fees));
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base()
                + "/api/decisions/export?format=chat&fields=summary")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(400);
    }

    private static String outcome(String record, List<String> header) {
        String[] f = record.split(",", -1);
        return f[header.indexOf("order_operation")] + " " + f[header.indexOf("position_outcome")] + " "
                + f[header.indexOf("realized_pnl")] + " " + f[header.indexOf("total_fees")];
    }

    private static String plain(Object decimal) {
        BigDecimal d = ((BigDecimal) decimal).stripTrailingZeros();
        return (d.scale() < 0 ? d.setScale(0) : d).toPlainString();
    }

    @Test
    @Order(7)
    void progressIsVisibleWhileTheRunGoesOn() throws Exception {
        wiremock.stubFor(post(urlEqualTo("/slow/v1/chat/completions")).willReturn(
                reply("chatcmpl-slow", "slow-model", HOLD, 700, 5).withFixedDelay(1200)));
        HttpResponse<String> started = postJson("/api/replays",
                "{\"decisions\": " + originals + ", \"targets\": [\"slow\"]}");
        int runId = JSON.readTree(started.body()).get("id").asInt();
        // one replay at a time (arena.replay.parallelism=1): halfway, the run says so
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode run = getJson("/api/replays/" + runId);
            assertThat(run.get("status").asText()).isEqualTo("RUNNING");
            assertThat(run.get("done").asInt()).isEqualTo(1);
            assertThat(run.get("total").asInt()).isEqualTo(2);
            assertThat(run.get("started_at").isNull()).isFalse();
        });
        JsonNode done = awaitRun(runId);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("done").asInt()).isEqualTo(2);
        assertThat(done.get("finished_at").isNull()).isFalse();
        JsonNode listed = getJson("/api/replays").get("items").get(0);
        assertThat(listed.get("id").asInt()).isEqualTo(runId);
        assertThat(listed.get("targets").isArray()).as("targets are a list, as in GET /api/replays/{id}").isTrue();
    }

    /** The leaderboard without the "now" point each equity history ends with. */
    private static String withoutNow(JsonNode board) {
        for (JsonNode item : board.get("items")) {
            com.fasterxml.jackson.databind.node.ArrayNode history = (com.fasterxml.jackson.databind.node.ArrayNode)
                    item.get("equity_history");
            history.remove(history.size() - 1);
        }
        return board.toString();
    }

    private void assertRefused(String body, String field) throws Exception {
        HttpResponse<String> r = postJson("/api/replays", body);
        assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("parameter").asText()).as(r.body()).isEqualTo(field);
    }

    private JsonNode awaitRun(int runId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            last[0] = getJson("/api/replays/" + runId);
            assertThat(last[0].get("status").asText()).isIn("COMPLETED", "FAILED");
        });
        return last[0];
    }

    private String base() {
        return "http://127.0.0.1:" + httpPort;
    }

    private HttpResponse<String> postJson(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
