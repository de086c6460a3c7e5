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
import io.camelarena.testing.CsvRecords;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * What each model costs and how it behaves (docs/llm-costs.md) and replays scored by outcome
 * (docs/replay-outcomes.md) on the real MySQL-compatible server (MariaDB at 127.0.0.1:3306). Two accounts: alpha on
 * gpt-4o-mini (priced in application.properties: USD 0.15 / 0.60 per million tokens) opens BTC long in tick 1;
 * bravo on an unpriced model holds, its replies cut at the token limit (finish reason {@code length}). BTC is at
 * 95,234.5 in tick 1, 96,000 in tick 2 and 97,000 in tick 3; the horizon is 2 ticks.
 */
class CostAndOutcomesMariaDbTest extends MariaDbRouteTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOLD_REPLY = "{\"operation\":\"hold\",\"reason\":\"waiting\"}";

    private final HttpClient http = HttpClient.newHttpClient();
    private int httpPort;

    private ApiCalls api() {
        return new ApiCalls(httpPort);
    }

    @Override
    protected String databasePrefix() {
        return "arena_cost";
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        httpPort = Integer.parseInt(p.getProperty("camel.server.port"));
        p.put("camel.server.enabled", "true");
        p.put("arena.replay.horizon-ticks", "2");
        openAiAccount(p, "alpha", "gpt-4o-mini", wiremock.baseUrl() + "/v1", "ARENA_TEST_KEY");
        openAiAccount(p, "bravo", "bravo-model", wiremock.baseUrl() + "/v1", "ARENA_TEST_KEY");
        return p;
    }

    @Test
    void theLeaderboardShowsCostLatencyTokensAndRatesAndTheCompareRanksByHypotheticalReturn() throws Exception {
        stubMarket();
        stubModel("gpt-4o-mini", DecisionPipelineRouteTest.OPEN_REPLY, "stop");
        stubModel("bravo-model", HOLD_REPLY, "length");
        String tick1 = triggerTick();
        stubPrices("96000");
        triggerTick();
        stubPrices("97000");
        triggerTick();
        assertThat(decisionRow(tick1, "alpha")).containsEntry("status", "EXECUTED");

        // (500 x 0.15 + 40 x 0.60) / 1,000,000 = 0.000099 per decision, stored on the row
        assertThat((BigDecimal) decisionRow(tick1, "alpha").get("cost_usd")).isEqualByComparingTo("0.000099");
        assertThat(decisionRow(tick1, "bravo").get("cost_usd")).isNull();

        JsonNode board = api().getJson("/api/leaderboard");
        JsonNode alpha = ApiCalls.leaderboardRow(board, "alpha");
        assertThat(alpha.get("decisions").asLong()).isEqualTo(3);
        assertThat(alpha.get("llm_cost_usd").decimalValue()).isEqualByComparingTo("0.000297");
        assertThat(alpha.get("cost_unknown").asLong()).isZero();
        assertThat(alpha.get("tokens_in").asLong()).isEqualTo(1500);
        assertThat(alpha.get("tokens_out").asLong()).isEqualTo(120);
        assertThat(alpha.get("input_tokens").asLong()).isEqualTo(1500);
        assertThat(alpha.get("truncated_rate").decimalValue()).isEqualByComparingTo("0");
        BigDecimal equity = alpha.get("equity").decimalValue();
        // equity - initial cash - LLM cost; equity itself is shown rounded, the difference is at most a cent
        assertThat(alpha.get("pnl_net_of_llm_cost").decimalValue())
                .isBetween(equity.subtract(new BigDecimal("10000.01")), equity.subtract(new BigDecimal("9999.99")));
        List<Long> latencies = new ArrayList<>();
        query("SELECT latency_ms FROM ai_decision_logs l JOIN accounts a ON a.id = l.account_id "
                + "WHERE a.name = 'alpha' ORDER BY latency_ms").forEach(r -> latencies.add(
                        ((Number) r.get("latency_ms")).longValue()));
        // three latencies: p50 is the middle one; p95: rank 1 + 2 x 0.95 = 2.9 -> l2 + 0.9 (l3 - l2)
        assertThat(alpha.get("p50_latency_ms").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(latencies.get(1)));
        assertThat(alpha.get("p95_latency_ms").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(latencies.get(1))
                .add(new BigDecimal("0.9").multiply(BigDecimal.valueOf(latencies.get(2) - latencies.get(1))))
                .setScale(1, RoundingMode.HALF_EVEN));
        JsonNode bravo = ApiCalls.leaderboardRow(board, "bravo");
        assertThat(bravo.get("llm_cost_usd").decimalValue()).isEqualByComparingTo("0");
        assertThat(bravo.get("cost_unknown").asLong()).isEqualTo(3);
        assertThat(bravo.get("unpriced_models")).hasSize(1);
        assertThat(bravo.get("unpriced_models").get(0).asText()).isEqualTo("bravo-model");
        assertThat(bravo.get("truncated_rate").decimalValue()).isEqualByComparingTo("1");
        assertThat(bravo.get("parse_error_rate").decimalValue()).isEqualByComparingTo("0");
        // costs are written out in full, never in E-notation
        assertThat(api().send(HttpRequest.newBuilder(api().uri("/api/leaderboard")).build()))
                .contains("\"llm_cost_usd\":0.00000000,").contains("\"llm_cost_usd\":0.00029700,");

        // replay tick 1 to bravo's model: alpha's open becomes a hold
        JsonNode run = JSON.readTree(api().send(HttpRequest.newBuilder(api().uri("/api/replays"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"ticks\": [\"" + tick1 + "\"], \"targets\": [\"bravo\"]}")).build()));
        int runId = run.get("id").asInt();
        await("replay run").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api().getJson("/api/replays/" + runId).get("status").asText(), "COMPLETED"::equals);
        // replays are costed like live rows, and left out of the leaderboard
        assertThat(query("SELECT cost_usd FROM ai_decision_logs WHERE replay_run_id = " + runId))
                .hasSize(2).allSatisfy(r -> assertThat(r.get("cost_usd")).isNull());
        assertThat(ApiCalls.leaderboardRow(api().getJson("/api/leaderboard"), "bravo").get("decisions").asLong())
                .isEqualTo(3);

        JsonNode compare = api().getJson("/api/replays/" + runId + "/compare");
        assertThat(compare.get("horizon_ticks").asInt()).isEqualTo(2);
        // alpha's open at 95,234.5 marked at 97,000 (tick 3), both fees at 0.07 %:
        // (1,765.5 - 0.0007 x 192,234.5) / 95,234.5 = 1,630.93585 / 95,234.5 = 0.01712547; bravo's hold: 0
        JsonNode ranking = compare.get("ranking");
        assertThat(ranking.get(0).get("side").asText()).isEqualTo("original");
        assertThat(ranking.get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(ranking.get(0).get("scored").asInt()).isEqualTo(2);
        assertThat(ranking.get(0).get("mean_hypothetical_return").decimalValue())
                .isEqualByComparingTo("0.00856274");
        assertThat(ranking.get(1).get("side").asText()).isEqualTo("bravo");
        assertThat(ranking.get(1).get("mean_hypothetical_return").decimalValue()).isEqualByComparingTo("0");
        assertThat(ranking.get(1).get("same_operation_rate").decimalValue()).isEqualByComparingTo("0.5");
        JsonNode alphaItem = null;
        for (JsonNode item : compare.get("items")) {
            if (item.get("account").asText().equals("alpha")) {
                alphaItem = item;
            }
        }
        JsonNode outcome = alphaItem.get("original").get("outcome");
        assertThat(outcome.get("status").asText()).isEqualTo("scored");
        assertThat(outcome.get("basis").asText()).isEqualTo("open");
        assertThat(outcome.get("hypothetical_return").decimalValue()).isEqualByComparingTo("0.01712547");
        // on the margin at 3x: 3 x 1,630.93585 / 95,234.5 = 4,892.80755 / 95,234.5 = 0.0513764187 -> 0.05137642
        assertThat(outcome.get("return_on_margin").decimalValue()).isEqualByComparingTo("0.05137642");
        assertThat(outcome.get("price_at_horizon").decimalValue()).isEqualByComparingTo("97000");

        // the outcomes CSV and the chat dataset carry the same outcome
        List<List<String>> csv = CsvRecords.parse(api().send(HttpRequest.newBuilder(
                api().uri("/api/decisions/export?format=outcomes&account=alpha&tick=" + tick1)).build()));
        List<String> header = csv.get(0);
        assertThat(csv).hasSize(2);
        assertThat(csv.get(1).get(header.indexOf("hypothetical_outcome"))).isEqualTo("scored");
        assertThat(csv.get(1).get(header.indexOf("hypothetical_basis"))).isEqualTo("open");
        assertThat(csv.get(1).get(header.indexOf("horizon_ticks"))).isEqualTo("2");
        assertThat(new BigDecimal(csv.get(1).get(header.indexOf("hypothetical_return"))))
                .isEqualByComparingTo("0.01712547");
        JsonNode chat = JSON.readTree(api().send(HttpRequest.newBuilder(
                api().uri("/api/decisions/export?format=chat&account=alpha&tick=" + tick1)).build()).lines().findFirst()
                .orElseThrow());
        assertThat(chat.at("/metadata/hypothetical_outcome/hypothetical_return").decimalValue())
                .isEqualByComparingTo("0.01712547");
        // the newest tick has no later ticks yet: pending
        JsonNode latest = JSON.readTree(api().send(HttpRequest.newBuilder(
                api().uri("/api/decisions/export?format=chat&account=bravo")).build()).lines().findFirst()
                .orElseThrow());
        assertThat(latest.at("/metadata/hypothetical_outcome/status").asText()).isEqualTo("pending");
    }

    private void stubModel(String model, String content, String finishReason) {
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(
                        OpenAiStubs.completion("chatcmpl-" + model, model, content, null, finishReason, 500, 40))));
    }

    private void stubPrices(String btc) {
        wiremock.stubFor(post(urlEqualTo("/info")).willReturn(aResponse().withHeader("Content-Type",
                "application/json").withBody(resource("/stubs/hyperliquid-allmids.json")
                        .replace("\"95234.5\"", "\"" + btc + "\""))));
    }

}
