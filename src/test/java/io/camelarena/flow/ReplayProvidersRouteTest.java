package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Replay targets of the other providers: a Bedrock model profile (its own region and AWS key references, called
 * through camel-aws-bedrock against a local Converse stub) and a simulated one, replaying a simulated account's
 * decision.
 */
class ReplayProvidersRouteTest extends ArenaRouteTestSupport {

    static final String ACCESS_KEY = "AKIATESTREPLAY000001";
    static final String SECRET_KEY = "replayTestSecretKey/0123456789abcdefghij";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("arena.model.bedrock.endpoint-override", wiremock.baseUrl());
        p.put("ARENA_TEST_AWS_ACCESS", ACCESS_KEY);
        p.put("ARENA_TEST_AWS_SECRET", SECRET_KEY);
        p.put("arena.accounts.sim-momentum.active", "true");
        p.put("arena.models.qwen.provider", "bedrock");
        p.put("arena.models.qwen.model", "qwen.qwen3-32b-v1:0");
        p.put("arena.models.qwen.region", "eu-west-1");
        p.put("arena.models.qwen.aws-access-key-env", "ARENA_TEST_AWS_ACCESS");
        p.put("arena.models.qwen.aws-secret-key-env", "ARENA_TEST_AWS_SECRET");
        p.put("arena.models.contrarian.provider", "simulated");
        p.put("arena.models.contrarian.model", "contrarian");
        return p;
    }

    @Test
    void bedrockAndSimulatedProfilesAnswerTheLoggedPrompt() throws Exception {
        stubMarket();
        ObjectNode root = new ObjectMapper().createObjectNode();
        ObjectNode message = root.putObject("output").putObject("message");
        message.put("role", "assistant");
        message.putArray("content").addObject().put("text", "{\"operation\": \"hold\", \"reason\": \"flat\"}");
        root.put("stopReason", "end_turn");
        root.putObject("usage").put("inputTokens", 1500).put("outputTokens", 12).put("totalTokens", 1512);
        wiremock.stubFor(post(urlPathMatching("/model/qwen\\.qwen3-32b-v1(:|%3A)0/converse"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-RequestId", "req-qwen-replay").withBody(root.toString())));
        String tick = triggerTick();
        int original = ((Number) decisionRow(tick, "sim-momentum").get("id")).intValue();

        @SuppressWarnings("unchecked")
        Map<String, Object> run = template.requestBodyAndHeader("direct:replay-start", "{\"decisions\": [" + original
                + "], \"targets\": [\"qwen\", \"contrarian\"]}", "arenaReplayTrigger", "test", Map.class);
        int runId = ((Number) run.get("id")).intValue();
        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(query(
                "SELECT status FROM replay_runs WHERE id = " + runId).get(0).get("status")));

        List<Map<String, Object>> rows = query("SELECT * FROM ai_decision_logs WHERE replay_run_id = " + runId
                + " ORDER BY replay_target");
        // The contrarian strategy, on the portfolio the original decision saw (no position, all cash), opens a short;
        // a replay validates it (VALID) and executes nothing. The simulated provider's request id names the original
        // tick and the replay's model profile.
        assertThat(rows).extracting(r -> r.get("replay_target") + " " + r.get("provider") + " " + r.get("model") + " "
                + r.get("status") + " " + r.get("operation") + " " + r.get("direction") + " " + r.get("executed") + " "
                + r.get("request_id"))
                .containsExactly(
                        "contrarian simulated contrarian VALID open short false sim-" + tick + "-model~contrarian",
                        "qwen bedrock qwen.qwen3-32b-v1:0 HOLD hold null false req-qwen-replay");
        assertThat(rows.get(1).get("input_tokens")).isEqualTo(1500);
        // signed with the profile's own key reference, for its own region
        wiremock.verify(postRequestedFor(urlPathMatching("/model/qwen.*")).withHeader("Authorization",
                containing("Credential=" + ACCESS_KEY + "/")).withHeader("Authorization", containing("/eu-west-1/")));
    }
}
