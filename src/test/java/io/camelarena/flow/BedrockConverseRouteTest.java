package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bedrock provider through camel-aws-bedrock (Converse) against a local stub of the Converse REST API. */
class BedrockConverseRouteTest extends ArenaRouteTestSupport {

    static final String ACCESS_KEY = "AKIATESTARENA0000001";
    static final String SECRET_KEY = "arenaTestSecretKey/0123456789abcdefghijk";
    static final String CLAUDE = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";
    static final String QWEN = "qwen.qwen3-32b-v1:0";
    static final String CLAUDE_REPLY = """
            Based on the portfolio and prices, I'll take a modest short on ETH.

            ```json
            {"operation": "open", "symbol": "ETHUSDT", "direction": "SHORT", "target_portion_of_balance": "20%",
             "leverage": "2x", "reason": "ETH lagging BTC; fading the rebound."}
            ```""";
    static final String REASONING = "ETH is up 4% but volume is thin {vol: low}; a small short is reasonable.";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("arena.model.bedrock.endpoint-override", wiremock.baseUrl());
        p.put("ARENA_TEST_AWS_ACCESS", ACCESS_KEY);
        p.put("ARENA_TEST_AWS_SECRET", SECRET_KEY);
        bedrockAccount(p, "claude", CLAUDE);
        bedrockAccount(p, "qwen", QWEN);
        return p;
    }

    private static void bedrockAccount(Properties p, String name, String model) {
        p.put("arena.accounts." + name + ".provider", "bedrock");
        p.put("arena.accounts." + name + ".model", model);
        p.put("arena.accounts." + name + ".region", "us-west-2");
        p.put("arena.accounts." + name + ".aws-access-key-env", "ARENA_TEST_AWS_ACCESS");
        p.put("arena.accounts." + name + ".aws-secret-key-env", "ARENA_TEST_AWS_SECRET");
    }

    @BeforeEach
    void stubs() {
        wiremock.resetAll();
        stubMarket();
        wiremock.stubFor(post(urlPathMatching("/model/global\\.anthropic\\..+/converse"))
                .withRequestBody(matchingJsonPath("$.inferenceConfig.maxTokens", equalTo("1000")))
                .atPriority(5)
                .willReturn(converse("req-claude-1", CLAUDE_REPLY, REASONING, "end_turn")));
        wiremock.stubFor(post(urlPathMatching("/model/qwen\\.qwen3-32b-v1(:|%3A)0/converse"))
                .atPriority(1)
                .willReturn(converse("req-qwen-1", "{\"decision\": {\"operation\": \"hold\", \"reason\": \"flat\"}}",
                        null, "end_turn")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder converse(String requestId,
            String text, String reasoning, String stopReason) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ObjectNode message = root.putObject("output").putObject("message");
        message.put("role", "assistant");
        ArrayNode content = message.putArray("content");
        if (reasoning != null) {
            ObjectNode rt = content.addObject().putObject("reasoningContent").putObject("reasoningText");
            rt.put("text", reasoning);
            rt.put("signature", "sig-abc");
        }
        content.addObject().put("text", text);
        root.put("stopReason", stopReason);
        ObjectNode usage = root.putObject("usage");
        usage.put("inputTokens", 1532);
        usage.put("outputTokens", 118);
        usage.put("totalTokens", 1650);
        root.putObject("metrics").put("latencyMs", 2113);
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-RequestId", requestId).withBody(root.toString());
    }

    @Test
    void converseRepliesAreParsedExecutedAndLogged() throws Exception {
        String tickId = triggerTick();

        Map<String, Object> claude = decisionRow(tickId, "claude");
        assertThat(claude).containsEntry("status", "EXECUTED").containsEntry("provider", "bedrock")
                .containsEntry("model", CLAUDE).containsEntry("symbol", "ETH").containsEntry("direction", "short")
                .containsEntry("leverage", 2).containsEntry("finish_reason", "end_turn")
                .containsEntry("request_id", "req-claude-1").containsEntry("input_tokens", 1532)
                .containsEntry("output_tokens", 118);
        String trace = (String) claude.get("reasoning_trace");
        assertThat(trace).startsWith("<think>\n" + REASONING).endsWith(CLAUDE_REPLY);

        assertThat(decisionRow(tickId, "qwen")).containsEntry("status", "HOLD").containsEntry("request_id", "req-qwen-1");

        // Signed with the account's credentials; the secret never travels or lands anywhere.
        wiremock.verify(postRequestedFor(urlPathMatching("/model/.+/converse"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/.*/us-west-2/bedrock/aws4_request.*")));
        assertThat(query("SELECT * FROM ai_decision_logs").toString()).doesNotContain(SECRET_KEY);
    }

    @Test
    void throttlingIsAModelErrorWithTheProvidersMessage() throws Exception {
        wiremock.stubFor(post(urlPathMatching("/model/.+/converse")).atPriority(0)
                .willReturn(aResponse().withStatus(429).withHeader("x-amzn-RequestId", "req-throttled")
                        .withHeader("x-amzn-ErrorType", "ThrottlingException")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Too many requests, please wait before trying again.\"}")));

        String tickId = triggerTick();

        Map<String, Object> row = decisionRow(tickId, "claude");
        assertThat(row).containsEntry("status", "MODEL_ERROR").containsEntry("error_code", "MODEL_HTTP_ERROR")
                .containsEntry("request_id", "req-throttled");
        assertThat((String) row.get("error_message")).contains("429", "ThrottlingException", "Too many requests");
        assertThat((String) row.get("user_prompt")).contains("ETH");
    }
}
