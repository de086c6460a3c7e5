package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

/**
 * A tick through the real YAML routes for three OpenAI-compatible accounts: one opens a position, one holds, one
 * answers something that is not a decision. Then the ways a tick can go wrong.
 */
// The first test checks account balances from the initial cash, so it runs first.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DecisionPipelineRouteTest extends ArenaRouteTestSupport {

    static final String OPEN_REPLY = """
            Looking at the data, BTC shows strong momentum with supportive news.

            ```json
            {
              "operation": "open",
              "symbol": "BTC",
              "direction": "long",
              "target_portion_of_balance": 0.5,
              "leverage": 3,
              "reason": "Bitcoin at a new high on ETF inflows; opening half of cash at 3x."
            }
            ```""";
    static final String HOLD_REPLY = "{\"operation\":\"hold\",\"reason\":\"No clear edge; waiting for confirmation.\"}";
    static final String GARBAGE_REPLY = "I'm sorry, but I can't provide trading decisions. Markets are risky {really}.";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        account(p, "alpha", "model-open");
        account(p, "bravo", "model-hold");
        account(p, "charlie", "model-garbage");
        return p;
    }

    private void account(Properties p, String name, String model) {
        openAiAccount(p, name, model, wiremock.baseUrl() + "/v1", "ARENA_TEST_KEY");
        p.put("arena.accounts." + name + ".initial-cash", "10000");
        p.put("arena.accounts." + name + ".max-leverage", "10");
    }

    @BeforeEach
    void stubs() {
        wiremock.resetAll();
        stubMarket();
        stubModel("model-open", OPEN_REPLY, "chatcmpl-open-1");
        stubModel("model-hold", HOLD_REPLY, "chatcmpl-hold-1");
        stubModel("model-garbage", GARBAGE_REPLY, "chatcmpl-garbage-1");
    }

    private void stubModel(String model, String content, String id) {
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(OpenAiStubs.completion(id, model, content, null, "stop", 812, 96))));
    }

    @Test
    void openTelemetryIsOffByDefault() {
        // arena.otel.enabled=false in application.properties: no SDK, no span policy on any route
        assertThat(context.getRegistry().lookupByName("arenaTelemetry")).isNull();
        assertThat(context.getRoutes()).allSatisfy(route -> assertThat(route.getRoutePolicyList())
                .noneMatch(policy -> policy.getClass().getName().startsWith("io.camelarena.telemetry")));
        assertThat(context.getRoute("decide-account").getRoutePolicyList()).isNotEmpty(); // Micrometer's
    }

    @Test
    @Order(1)
    void tickLogsOneCompleteRowPerAccount() throws Exception {
        String tickId = triggerTick();
        assertThat(tickId).isNotBlank();

        Map<String, Object> open = decisionRow(tickId, "alpha");
        assertThat(open).containsEntry("status", "EXECUTED").containsEntry("executed", "true")
                .containsEntry("operation", "open").containsEntry("symbol", "BTC")
                .containsEntry("direction", "long").containsEntry("leverage", 3)
                .containsEntry("provider", "openai").containsEntry("model", "model-open")
                .containsEntry("finish_reason", "stop").containsEntry("request_id", "chatcmpl-open-1")
                .containsEntry("input_tokens", 812).containsEntry("output_tokens", 96);
        assertThat(open.get("order_id")).isNotNull();
        assertThat((BigDecimal) open.get("target_portion")).isEqualByComparingTo("0.5");
        assertThat((BigDecimal) open.get("total_balance")).isEqualByComparingTo("10000.00");
        assertThat(open.get("reasoning_trace")).isEqualTo(OPEN_REPLY);
        assertThat((String) open.get("llm_output")).contains("\"operation\":\"open\"", "\"leverage\":3");
        assertThat((String) open.get("reason")).startsWith("Bitcoin at a new high");
        assertThat(open.get("latency_ms")).isNotNull();
        String prompt = (String) open.get("user_prompt");
        assertThat(prompt).contains("95234.5", "3421.23", "Bitcoin reaches new all-time high")
                .doesNotContain("appeared first on");

        // The order went through: position and cash are consistent.
        Map<String, Object> position = query("SELECT p.* FROM positions p JOIN accounts a ON a.id = p.account_id "
                + "WHERE a.name = 'alpha'").get(0);
        assertThat(position).containsEntry("symbol", "BTC").containsEntry("side", "long");
        Map<String, Object> account = query("SELECT * FROM accounts WHERE name = 'alpha'").get(0);
        BigDecimal cash = (BigDecimal) account.get("current_cash");
        BigDecimal margin = (BigDecimal) account.get("margin_in_use");
        assertThat(margin).isEqualByComparingTo((BigDecimal) position.get("margin"));
        assertThat(cash).isPositive();
        assertThat(cash.add(margin)).isLessThan(new BigDecimal("10000"));

        Map<String, Object> hold = decisionRow(tickId, "bravo");
        assertThat(hold).containsEntry("status", "HOLD").containsEntry("executed", "false")
                .containsEntry("operation", "hold").containsEntry("error_code", null)
                .containsEntry("reasoning_trace", HOLD_REPLY);
        assertThat(hold.get("order_id")).isNull();

        Map<String, Object> garbage = decisionRow(tickId, "charlie");
        assertThat(garbage).containsEntry("status", "PARSE_ERROR").containsEntry("executed", "false")
                .containsEntry("error_code", "UNPARSEABLE_REPLY").containsEntry("reasoning_trace", GARBAGE_REPLY)
                .containsEntry("operation", "none").containsEntry("llm_output", null);
        assertThat((String) garbage.get("user_prompt")).isNotBlank();

        // The key was sent as a bearer token and is stored nowhere.
        wiremock.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + API_KEY)));
        List<Map<String, Object>> all = query("SELECT * FROM ai_decision_logs");
        assertThat(all.toString()).doesNotContain(API_KEY);

        Map<String, Object> tick = query("SELECT * FROM market_ticks WHERE tick_id = '" + tickId + "'").get(0);
        assertThat(tick).containsEntry("status", "COMPLETED").containsEntry("accounts", 3)
                .containsEntry("trigger_source", "manual");
    }

    @Test
    void modelFailuresAreLoggedWithTheirCause() throws Exception {
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("model-open")))
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody(OpenAiStubs.error("rate_limit_exceeded", "Rate limit reached for requests"))));
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("model-hold")))
                .willReturn(aResponse().withFixedDelay(3_000).withBody("{}")));

        String tickId = triggerTick();

        Map<String, Object> limited = decisionRow(tickId, "alpha");
        assertThat(limited).containsEntry("status", "MODEL_ERROR").containsEntry("error_code", "MODEL_HTTP_ERROR")
                .containsEntry("executed", "false");
        assertThat((String) limited.get("error_message")).contains("429", "Rate limit reached");
        assertThat((String) limited.get("user_prompt")).isNotBlank();

        Map<String, Object> slow = decisionRow(tickId, "bravo");
        assertThat(slow).containsEntry("status", "MODEL_ERROR").containsEntry("error_code", "MODEL_TIMEOUT");
        assertThat((Integer) slow.get("latency_ms")).isGreaterThanOrEqualTo(1_900);

        // One account's failure never stops another's.
        assertThat(decisionRow(tickId, "charlie")).containsEntry("status", "PARSE_ERROR");
        assertThat(query("SELECT * FROM ai_decision_logs").toString()).doesNotContain(API_KEY);
    }

    @Test
    void aTickWithoutPricesIsSkippedAndTheNextOneRuns() throws Exception {
        wiremock.stubFor(post(urlEqualTo("/info")).willReturn(aResponse().withStatus(503).withBody("maintenance")));
        wiremock.stubFor(get(urlEqualTo("/news/feed/")).willReturn(aResponse().withBody("<html>not a feed")));

        String skipped = triggerTick();
        assertThat(query("SELECT * FROM ai_decision_logs WHERE tick_id = '" + skipped + "'")).isEmpty();
        Map<String, Object> tick = query("SELECT * FROM market_ticks WHERE tick_id = '" + skipped + "'").get(0);
        assertThat(tick).containsEntry("status", "SKIPPED");
        assertThat((String) tick.get("detail")).contains("no prices", "503");
        assertThat((String) tick.get("news_error")).isNotBlank();

        stubs();
        String next = triggerTick();
        assertThat(query("SELECT * FROM ai_decision_logs WHERE tick_id = '" + next + "'")).hasSize(3);
    }

    @Test
    void aPortfolioThatCannotBeLoadedIsLoggedWithNoBalanceAndTheChainStillVerifies() throws Exception {
        try (var c = dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("ALTER TABLE positions RENAME TO positions_away");
        }
        String tickId;
        try {
            tickId = triggerTick();
        } finally {
            try (var c = dataSource().getConnection(); var st = c.createStatement()) {
                st.execute("ALTER TABLE positions_away RENAME TO positions");
            }
        }

        for (String account : List.of("alpha", "bravo", "charlie")) {
            Map<String, Object> row = decisionRow(tickId, account);
            assertThat(row).containsEntry("status", "REJECTED").containsEntry("error_code", "INTERNAL_ERROR")
                    .containsEntry("total_balance", null);
            assertThat((String) row.get("error_message")).contains("could not load the portfolio");
        }
        io.camelarena.audit.VerifyReport report = template.requestBody("direct:verify-audit-chain", null,
                io.camelarena.audit.VerifyReport.class);
        assertThat(report.ok()).as(report.detail()).isTrue();
    }

    @Test
    void missingSymbolsAreNamedAndBrokenNewsOnlyEmptiesTheNewsSection() throws Exception {
        wiremock.stubFor(post(urlEqualTo("/info")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"BTC\":\"95000\",\"ETH\":\"3400.5\"}")));
        wiremock.stubFor(get(urlEqualTo("/news/feed/")).willReturn(aResponse().withStatus(500)));

        String tickId = triggerTick();

        Map<String, Object> tick = query("SELECT * FROM market_ticks WHERE tick_id = '" + tickId + "'").get(0);
        assertThat(tick).containsEntry("status", "COMPLETED").containsEntry("news_chars", 0);
        assertThat((String) tick.get("missing_symbols")).isEqualTo("SOL,BNB,XRP,DOGE");
        assertThat((String) tick.get("news_error")).contains("500");
        Map<String, Object> row = decisionRow(tickId, "bravo");
        assertThat((String) row.get("user_prompt")).contains("95000", "3400.5");
    }
}
