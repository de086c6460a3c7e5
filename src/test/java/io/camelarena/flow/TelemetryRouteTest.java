package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.camelarena.telemetry.ArenaTelemetry;
import io.camelarena.telemetry.OtlpReceiver;
import io.camelarena.telemetry.OtlpReceiver.Received;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A tick (then a replay) with OpenTelemetry on, against WireMock models, exported over OTLP/HTTP to a receiver
 * inside the test that decodes the protobuf requests: the span tree, the GenAI attribute names and values, the
 * links to the decision-log rows, the GenAI metrics, and that the API key appears nowhere in the export although a
 * model echoes it and content capture is on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TelemetryRouteTest extends ArenaRouteTestSupport {

    static final String OPEN_WITH_KEY = "Sure. My key is " + API_KEY + ".\n```json\n{\"operation\":\"open\","
            + "\"symbol\":\"BTC\",\"direction\":\"long\",\"target_portion_of_balance\":0.1,\"leverage\":2,"
            + "\"reason\":\"breakout\"}\n```";

    private OtlpReceiver otlp;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        if (otlp == null) {
            otlp = new OtlpReceiver();
        }
        openAiAccount(p, "gpt", "gpt-test", wiremock.baseUrl() + "/v1", "ARENA_TEST_KEY");
        openAiAccount(p, "echo", "echo-test", wiremock.baseUrl() + "/v1", "ARENA_TEST_KEY");
        p.put("arena.models.replayer.provider", "openai");
        p.put("arena.models.replayer.model", "replayer-model");
        p.put("arena.models.replayer.base-url", wiremock.baseUrl() + "/replayer/v1");
        p.put("arena.models.replayer.api-key-env", "ARENA_TEST_KEY");
        p.put("arena.otel.enabled", "true");
        p.put("arena.otel.capture-content", "true");
        p.put("otel.exporter.otlp.endpoint", otlp.endpoint());
        // Exported when the test flushes; the periodic export stays out of the way.
        p.put("otel.metric.export.interval", "600000");
        return p;
    }

    @AfterAll
    void stopReceiver() {
        otlp.close();
    }

    private void stubModels() {
        stubMarket();
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(matchingJsonPath("$.model",
                equalTo("gpt-test"))).inScenario("gpt").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("recovered").willReturn(aResponse().withStatus(503)
                        .withHeader("Content-Type", "application/json")
                        .withBody(OpenAiStubs.error("overloaded", "try again"))));
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(matchingJsonPath("$.model",
                equalTo("gpt-test"))).inScenario("gpt").whenScenarioStateIs("recovered")
                .willReturn(json(OpenAiStubs.completion("chatcmpl-gpt-2", "gpt-test-2025-01",
                        DecisionPipelineRouteTest.HOLD_REPLY, null, "stop", 700, 40))));
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(matchingJsonPath("$.model",
                equalTo("echo-test"))).willReturn(json(OpenAiStubs.completion("chatcmpl-echo-1", "echo-test",
                OPEN_WITH_KEY, "thinking about " + API_KEY, "stop", 650, 55))));
        wiremock.stubFor(post(urlEqualTo("/replayer/v1/chat/completions")).willReturn(json(OpenAiStubs.completion(
                "chatcmpl-replayer-1", "replayer-model", DecisionPipelineRouteTest.HOLD_REPLY, null, "stop", 710,
                30))));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String tickId;

    @Test
    @Order(1)
    @SuppressWarnings("unchecked")
    void aTickIsOneTraceOfDecisionsAndModelCallAttemptsWithTheGenAiAttributes() throws Exception {
        stubModels();
        tickId = triggerTick();
        Map<String, Object> gptRow = decisionRow(tickId, "gpt");
        Map<String, Object> echoRow = decisionRow(tickId, "echo");
        assertThat(gptRow).containsEntry("status", "HOLD").containsEntry("attempts", 2);
        assertThat(echoRow).containsEntry("status", "EXECUTED");

        List<Received> trace = awaitTrace("tick", "arena.tick.id", tickId);
        Received tick = only(trace, "tick");
        assertThat(tick.span().getParentSpanId().isEmpty()).isTrue();
        assertThat(tick.attributes()).containsEntry("arena.tick.id", tickId)
                .containsEntry("arena.tick.trigger", "manual").containsEntry("arena.tick.status", "COMPLETED");
        assertThat((List<Object>) tick.attribute("arena.tick.accounts")).containsExactlyInAnyOrder("gpt", "echo");
        assertThat(trace).allSatisfy(s -> assertThat(s.traceId()).isEqualTo(tick.traceId()));
        assertThat(names(childrenOf(trace, tick))).containsExactlyInAnyOrder("market snapshot", "decision gpt",
                "decision echo");
        assertThat(names(childrenOf(trace, only(trace, "market snapshot"))))
                .containsExactlyInAnyOrder("fetch prices", "fetch news");
        assertThat(only(trace, "fetch prices").attributes()).containsEntry("arena.market.prices", 6L);

        // The decision that retried: two attempt spans, the first failed with the provider's status.
        Received gpt = only(trace, "decision gpt");
        assertThat(gpt.attributes()).containsEntry("arena.account.name", "gpt")
                .containsEntry("arena.decision.id", gptRow.get("decision_id"))
                .containsEntry("arena.decision_log.id", ((Number) gptRow.get("id")).longValue())
                .containsEntry("arena.decision.status", "HOLD").containsEntry("arena.decision.operation", "hold")
                .containsEntry("arena.decision.executed", false).containsEntry("arena.model.attempts", 2L)
                .containsEntry("arena.tick.id", tickId);
        List<Received> gptChildren = childrenOf(trace, gpt);
        assertThat(names(gptChildren)).containsExactly("chat gpt-test", "chat gpt-test", "decision_log write");
        Received failed = gptChildren.get(0);
        Received answered = gptChildren.get(1);
        assertThat(failed.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(failed.attributes()).containsEntry("arena.model.attempt", 1L).containsEntry("error.type", "503")
                .doesNotContainKeys("gen_ai.response.id", "gen_ai.usage.input_tokens");
        assertThat(failed.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(failed.span().getStatus().getMessage()).contains("HTTP 503", "try again");
        int port = wiremock.port();
        assertThat(answered.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(answered.attributes())
                .containsEntry("gen_ai.operation.name", "chat")
                .containsEntry("gen_ai.provider.name", "openai")
                .containsEntry("gen_ai.request.model", "gpt-test")
                .containsEntry("gen_ai.request.temperature", 0.7)
                .containsEntry("gen_ai.request.max_tokens", 1000L)
                .containsEntry("gen_ai.response.id", "chatcmpl-gpt-2")
                .containsEntry("gen_ai.response.model", "gpt-test-2025-01")
                .containsEntry("gen_ai.response.finish_reasons", List.of("stop"))
                .containsEntry("gen_ai.usage.input_tokens", 700L)
                .containsEntry("gen_ai.usage.output_tokens", 40L)
                .containsEntry("server.address", "localhost")
                .containsEntry("server.port", (long) port)
                .containsEntry("arena.model.attempt", 2L)
                .doesNotContainKey("error.type");
        assertThat(answered.span().getStatus().getCode()).isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(answered.span().getStartTimeUnixNano()).isGreaterThanOrEqualTo(failed.span().getEndTimeUnixNano());
        assertThat(only(trace, gpt, "decision_log write").attributes())
                .containsEntry("arena.decision_log.id", ((Number) gptRow.get("id")).longValue())
                .containsEntry("arena.decision_log.written", true);

        // The executed decision: its order, and the reply captured with the key scrubbed.
        Received echo = only(trace, "decision echo");
        assertThat(echo.attributes()).containsEntry("arena.decision.status", "EXECUTED")
                .containsEntry("arena.decision.executed", true)
                .containsEntry("arena.order.id", ((Number) echoRow.get("order_id")).longValue())
                .containsEntry("arena.decision_log.id", ((Number) echoRow.get("id")).longValue())
                .containsEntry("arena.decision.symbol", "BTC");
        assertThat(names(childrenOf(trace, echo))).containsExactly("chat echo-test", "execute order",
                "decision_log write");
        assertThat(only(trace, echo, "execute order").attributes())
                .containsEntry("arena.order.id", ((Number) echoRow.get("order_id")).longValue());
        Received echoCall = only(trace, echo, "chat echo-test");
        String output = (String) echoCall.attribute("gen_ai.output.messages");
        assertThat(output).startsWith("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"reasoning\","
                + "\"content\":\"thinking about ***\"},{\"type\":\"text\",\"content\":\"Sure. My key is ***.")
                .endsWith("\"finish_reason\":\"stop\"}]");
        String input = (String) echoCall.attribute("gen_ai.input.messages");
        assertThat(input).startsWith("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"")
                .contains("BTC");

        // Metrics over OTLP too: one duration per attempt (the failed one with its error.type), tokens by type.
        Metric duration = otlp.lastMetric("gen_ai.client.operation.duration");
        assertThat(duration.getUnit()).isEqualTo("s");
        List<HistogramDataPoint> points = duration.getHistogram().getDataPointsList();
        assertThat(points.stream().mapToLong(HistogramDataPoint::getCount).sum()).isEqualTo(3);
        assertThat(points).anySatisfy(point -> assertThat(OtlpReceiver.values(point.getAttributesList()))
                .containsEntry("error.type", "503").containsEntry("gen_ai.request.model", "gpt-test")
                .containsEntry("gen_ai.provider.name", "openai").containsEntry("gen_ai.operation.name", "chat"));
        Metric tokens = otlp.lastMetric("gen_ai.client.token.usage");
        assertThat(tokens.getUnit()).isEqualTo("{token}");
        assertThat(tokenSum(tokens, "gpt-test", "input")).isEqualTo(700);
        assertThat(tokenSum(tokens, "gpt-test", "output")).isEqualTo(40);
        assertThat(tokenSum(tokens, "echo-test", "input")).isEqualTo(650);
        assertThat(tokenSum(tokens, "echo-test", "output")).isEqualTo(55);

        assertNoKeyInTheExport();
        assertThat(otlp.traceRequests().toString()).contains("***");
    }

    @Test
    @Order(2)
    void aReplayIsATraceOfItsOwnWithTheSameDecisionSpans() throws Exception {
        otlp.reset();
        Map<?, ?> run = template.requestBodyAndHeader("direct:replay-start", "{\"ticks\": [\"" + tickId
                + "\"], \"accounts\": [\"gpt\"], \"targets\": [\"replayer\"]}", "arenaReplayTrigger", "test",
                Map.class);
        long runId = ((Number) run.get("id")).longValue();
        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(
                query("SELECT status FROM replay_runs WHERE id = " + runId).get(0).get("status")));
        Map<String, Object> replayRow = query("SELECT * FROM ai_decision_logs WHERE replay_run_id = " + runId).get(0);

        List<Received> trace = awaitTrace("replay run", "arena.replay.run_id", runId);
        Received root = only(trace, "replay run");
        assertThat(names(trace)).as("the replay's trace").containsExactlyInAnyOrder("replay run",
                "decision replayer", "chat replayer-model", "decision_log write");
        assertThat(root.span().getParentSpanId().isEmpty()).isTrue();
        Received decision = only(trace, "decision replayer");
        assertThat(decision.parentId()).isEqualTo(root.id());
        assertThat(decision.attributes()).containsEntry("arena.replay.run_id", runId)
                .containsEntry("arena.account.id", ((Number) replayRow.get("account_id")).longValue())
                .containsEntry("arena.replay.of", ((Number) replayRow.get("replay_of")).longValue())
                .containsEntry("arena.replay.target", "replayer")
                .containsEntry("arena.decision.status", "HOLD")
                .containsEntry("arena.decision.id", replayRow.get("decision_id"))
                .containsEntry("arena.decision_log.id", ((Number) replayRow.get("id")).longValue());
        assertThat(names(childrenOf(trace, decision))).containsExactly("chat replayer-model", "decision_log write");
        assertThat(only(trace, decision, "chat replayer-model").attributes())
                .containsEntry("gen_ai.response.id", "chatcmpl-replayer-1")
                .containsEntry("gen_ai.usage.input_tokens", 710L);
        assertNoKeyInTheExport();
    }

    @Test
    @Order(3)
    void aRowTheDatabaseDidNotTakeIsSpooledAndTheTraceSaysSo() throws Exception {
        otlp.reset();
        // The pool closed: the rows of this tick go to the spool (the test's last, the database stays away).
        ((com.zaxxer.hikari.HikariDataSource) dataSource()).close();
        String spooledTick;
        try {
            spooledTick = triggerTick();
        } catch (RuntimeException e) {
            spooledTick = null; // a tick without its database still ends; its id is on the trace
        }
        List<Received> trace = awaitTrace("tick", "arena.tick.trigger", "manual");
        if (spooledTick != null) {
            assertThat(only(trace, "tick").attributes()).containsEntry("arena.tick.id", spooledTick);
        }
        Received decision = only(trace, "decision gpt");
        assertThat(decision.attributes()).doesNotContainKey("arena.decision_log.id")
                .containsKey("arena.decision.id");
        Received write = only(trace, decision, "decision_log write");
        assertThat(write.attributes()).containsEntry("arena.decision_log.spooled", true)
                .doesNotContainKey("arena.decision_log.id");
        assertThat(write.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(write.span().getStatus().getMessage()).startsWith("spooled: the database did not take the row");
        assertNoKeyInTheExport();
    }

    /** Neither the raw OTLP bytes nor their decoded text hold the key, anywhere (spans, resource, metrics). */
    private void assertNoKeyInTheExport() {
        List<byte[]> bodies = otlp.bodies();
        assertThat(bodies).isNotEmpty();
        for (byte[] body : bodies) {
            assertThat(new String(body, StandardCharsets.ISO_8859_1)).doesNotContain(API_KEY);
        }
        assertThat(otlp.traceRequests().toString()).doesNotContain(API_KEY);
        assertThat(otlp.metricRequests().toString()).doesNotContain(API_KEY);
    }

    /** Flushes the runtime's telemetry until the trace whose root has {@code key} = {@code value} has arrived. */
    private List<Received> awaitTrace(String rootName, String key, Object value) {
        ArenaTelemetry telemetry = context.getRegistry().lookupByNameAndType("arenaTelemetry", ArenaTelemetry.class);
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            telemetry.flush(Duration.ofSeconds(5));
            List<Received> spans = otlp.spans();
            return spans.stream().filter(s -> s.name().equals(rootName) && value.equals(s.attribute(key)))
                    .findFirst().map(root -> spans.stream().filter(s -> s.traceId().equals(root.traceId()))
                            .toList()).orElse(List.of());
        }, trace -> !trace.isEmpty());
    }

    private static Received only(List<Received> spans, String name) {
        List<Received> named = spans.stream().filter(s -> s.name().equals(name)).toList();
        assertThat(named).as("spans named " + name).hasSize(1);
        return named.get(0);
    }

    private static Received only(List<Received> spans, Received parent, String name) {
        return only(childrenOf(spans, parent), name);
    }

    /** The children of {@code parent} in the order they started. */
    private static List<Received> childrenOf(List<Received> spans, Received parent) {
        return spans.stream().filter(s -> s.parentId().equals(parent.id()))
                .sorted(Comparator.comparingLong(s -> s.span().getStartTimeUnixNano())).toList();
    }

    private static List<String> names(List<Received> spans) {
        return spans.stream().map(Received::name).toList();
    }

    private static double tokenSum(Metric tokens, String model, String type) {
        return tokens.getHistogram().getDataPointsList().stream()
                .filter(p -> {
                    Map<String, Object> a = OtlpReceiver.values(p.getAttributesList());
                    return model.equals(a.get("gen_ai.request.model")) && type.equals(a.get("gen_ai.token.type"));
                }).mapToDouble(HistogramDataPoint::getSum).sum();
    }
}
