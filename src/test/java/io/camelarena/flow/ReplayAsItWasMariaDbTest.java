package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Replays are validated against the account as it was when the original was decided, rebuilt on MariaDB from the
 * orders of the account's earlier decisions (decision_time before the original's, to the millisecond): a replayed
 * close is refused (NO_POSITION) where there was no position at the time, also when there is one now, and valid where
 * there was one, also when it is closed now; the simulated target decides on the cash of that time, not today's.
 * (Validation has no cash rule: cash is the order executor's, which a replay never reaches.)
 */
class ReplayAsItWasMariaDbTest extends MariaDbRouteTestSupport {

    static final String HOLD = "{\"operation\":\"hold\",\"reason\":\"wait\"}";
    static final String OPEN = "{\"operation\":\"open\",\"symbol\":\"BTC\",\"direction\":\"long\","
            + "\"target_portion_of_balance\":0.5,\"leverage\":2,\"reason\":\"breakout\"}";
    static final String CLOSE = "{\"operation\":\"close\",\"symbol\":\"BTC\",\"direction\":\"long\","
            + "\"target_portion_of_balance\":1,\"reason\":\"take it\"}";

    @Override
    protected String databasePrefix() {
        return "arena_replay_as_it_was";
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        openAiAccount(p, "alpha", "alpha-live", wiremock.baseUrl() + "/alpha/v1", "ARENA_TEST_KEY");
        p.put("arena.models.closer.provider", "openai");
        p.put("arena.models.closer.model", "closer-model");
        p.put("arena.models.closer.base-url", wiremock.baseUrl() + "/closer/v1");
        p.put("arena.models.closer.api-key-env", "ARENA_TEST_KEY");
        p.put("arena.models.simmo.provider", "simulated");
        p.put("arena.models.simmo.model", "momentum");
        return p;
    }

    private void stubModels() {
        stubMarket();
        String[][] live = {{Scenario.STARTED, "held", HOLD}, {"held", "opened", OPEN}, {"opened", "closed", CLOSE}};
        for (String[] step : live) {
            wiremock.stubFor(post(urlEqualTo("/alpha/v1/chat/completions")).inScenario("alpha")
                    .whenScenarioStateIs(step[0]).willSetStateTo(step[1]).willReturn(reply("alpha-live", step[2])));
        }
        wiremock.stubFor(post(urlEqualTo("/closer/v1/chat/completions")).willReturn(reply("closer-model", CLOSE)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder reply(String model,
            String content) {
        return aResponse().withHeader("Content-Type", "application/json")
                .withBody(OpenAiStubs.completion("chatcmpl-" + model, model, content, null, "stop", 700, 40));
    }

    private int liveDecision(String tickId, String status) throws Exception {
        Map<String, Object> row = decisionRow(tickId, "alpha");
        assertThat(row.get("status")).as(tickId).isEqualTo(status);
        return ((Number) row.get("id")).intValue();
    }

    @Test
    void replaysSeeThePositionsAndCashOfTheirOriginalsTime() throws Exception {
        stubModels();
        int held = liveDecision(triggerTick(), "HOLD");        // no position yet
        int opened = liveDecision(triggerTick(), "EXECUTED");  // opens BTC long
        int closed = liveDecision(triggerTick(), "EXECUTED");  // the position is open while it decides, then closes
        BigDecimal cashNow = (BigDecimal) query("SELECT current_cash FROM accounts WHERE name = 'alpha'").get(0)
                .get("current_cash");
        assertThat(cashNow).isNotEqualByComparingTo("10000");
        assertThat(query("SELECT * FROM positions")).isEmpty();

        @SuppressWarnings("unchecked")
        Map<String, Object> run = template.requestBodyAndHeader("direct:replay-start", "{\"decisions\": [" + held
                + ", " + opened + ", " + closed + "], \"targets\": [\"closer\", \"simmo\"]}", "arenaReplayTrigger",
                "test", Map.class);
        int runId = ((Number) run.get("id")).intValue();
        await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(query(
                "SELECT status FROM replay_runs WHERE id = " + runId).get(0).get("status")));

        List<Map<String, Object>> rows = query("SELECT replay_of, replay_target, status, operation, error_code, "
                + "reason FROM ai_decision_logs WHERE replay_run_id = " + runId + " ORDER BY replay_of, replay_target");
        assertThat(rows).extracting(r -> r.get("replay_of") + "/" + r.get("replay_target") + " " + r.get("status")
                + " " + r.get("operation") + " " + r.get("error_code"))
                .containsExactly(
                        // before any order: no position to close (though one was opened later)
                        held + "/closer REJECTED close NO_POSITION",
                        held + "/simmo VALID open null",
                        // the open's own order is not before it: still no position
                        opened + "/closer REJECTED close NO_POSITION",
                        opened + "/simmo VALID open null",
                        // the position was open then (it is closed now): the close is valid, momentum holds it
                        closed + "/closer VALID close null",
                        closed + "/simmo HOLD hold null");
        // momentum opens with a share of the cash it sees: the 10,000 of the time, not today's cash
        assertThat((String) rows.get(1).get("reason")).contains("of $10000.00 cash");
        assertThat((String) rows.get(3).get("reason")).contains("of $10000.00 cash");
    }
}
