package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Array;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A recognisable key, echoed by the model (in the reply, its reasoning and the decision's reason) and carried in
 * failing calls' error bodies (401, a retried 500). Afterwards every attribute of the application MBean, every
 * readable attribute of the Camel MBeans, and the HTTP API and observability responses hold zero occurrences of it.
 */
class SecretsInJmxAndHttpTest extends ArenaRouteTestSupport {

    static final String KEY = "sk-SECRET-jmxhttp-5e1d9c3b7a2f4e6d";

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected boolean useJmx() {
        return true;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("SECRET_KEY_JMX", KEY);
        p.put("camel.server.enabled", "true");
        account(p, "echo-hold", "model-echo-hold");
        account(p, "echo-open", "model-echo-open");
        account(p, "unauthorized", "model-401");
        account(p, "flaky", "model-500");
        return p;
    }

    /**
     * With JMX on, the runtime's MBeans would stay registered in the platform MBean server, next to those of a later
     * JMX test in the same JVM: stopping it unregisters them.
     */
    @AfterAll
    void stopContextAndItsMBeans() throws Exception {
        stopRuntime();
        assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(
                new ObjectName("org.apache.camel:context=" + context.getManagementName() + ",*"), null)).isEmpty();
    }

    private void account(Properties p, String name, String model) {
        openAiAccount(p, name, model, wiremock.baseUrl() + "/v1", "SECRET_KEY_JMX");
    }

    private void stub(String model, int status, String body) {
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }

    @Test
    void noKeyInJmxAttributesOrHttpResponses() throws Exception {
        wiremock.stubFor(post(urlEqualTo("/info")).withRequestBody(equalToJson("{\"type\":\"allMids\"}"))
                .willReturn(aResponse().withBody(resource("/stubs/hyperliquid-allmids.json"))));
        wiremock.stubFor(get(urlEqualTo("/news/feed/")).willReturn(aResponse()
                .withBody(resource("/stubs/coinjournal-feed.xml"))));
        stub("model-echo-hold", 200, OpenAiStubs.completion("chatcmpl-" + KEY, "m", "My key is " + KEY
                + ", Bearer " + KEY + " {\"operation\":\"hold\",\"reason\":\"key " + KEY + "\"}",
                "thinking about " + KEY, "stop", 1, 1));
        stub("model-echo-open", 200, OpenAiStubs.completion("id-open", "m", "{\"operation\":\"open\",\"symbol\":"
                + "\"BTC\",\"direction\":\"long\",\"target_portion_of_balance\":0.1,\"leverage\":2,\"reason\":\"use "
                + KEY + "\"}", null, "stop", 1, 1));
        stub("model-401", 401, OpenAiStubs.error("invalid_api_key", "Incorrect API key provided: " + KEY));
        stub("model-500", 500, OpenAiStubs.error("server_error", "upstream rejected key " + KEY + " at ?key=" + KEY));

        List<String> ticks = List.of(triggerTick(), triggerTick());

        // The ticks really ran: the key was sent, and the failures and echoes were recorded.
        wiremock.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + KEY)));
        assertThat(decisionRow(ticks.get(0), "echo-hold")).containsEntry("status", "HOLD");
        assertThat(decisionRow(ticks.get(0), "echo-open")).containsEntry("status", "EXECUTED");
        assertThat(decisionRow(ticks.get(0), "unauthorized")).containsEntry("status", "MODEL_ERROR");
        assertThat(decisionRow(ticks.get(1), "flaky")).containsEntry("status", "MODEL_ERROR");
        assertThat(query("SELECT * FROM ai_decision_logs").toString()).contains("***").doesNotContain(KEY);

        Map<String, String> jmx = jmxTexts();
        assertThat(jmx).containsKey("camel-arena:type=Arena.LastTickId");
        assertThat(jmx.get("camel-arena:type=Arena.LastTickId")).isEqualTo(ticks.get(1));
        assertThat(jmx.keySet()).anyMatch(k -> k.startsWith("org.apache.camel:") && k.contains("type=routes"));
        jmx.forEach((attribute, value) -> assertThat(value).as(attribute).doesNotContain(KEY));

        int port = Integer.parseInt(context.getPropertiesComponent().resolveProperty("camel.server.port")
                .orElseThrow());
        List<String> paths = new ArrayList<>(List.of("/api/decisions?fields=full&limit=100",
                "/api/decisions/export?format=jsonl", "/api/decisions/export?format=csv", "/api/accounts",
                "/api/leaderboard", "/observe/health?exposureLevel=full", "/observe/metrics"));
        for (Map<String, Object> row : query("SELECT id FROM ai_decision_logs")) {
            paths.add("/api/decisions/" + row.get("id"));
        }
        for (Map<String, Object> row : query("SELECT id FROM accounts")) {
            paths.add("/api/accounts/" + row.get("id") + "/orders");
            paths.add("/api/accounts/" + row.get("id") + "/positions");
        }
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String path : paths) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            bodies.put(path, response.headers().map() + "\n" + response.body());
        }
        // the responses carry what the key was in: the scrubbed replies and error messages
        assertThat(bodies.get("/api/decisions?fields=full&limit=100")).contains("Incorrect API key provided", "***");
        assertThat(bodies.get("/api/decisions/export?format=jsonl")).contains("upstream rejected key");
        assertThat(bodies.get("/observe/metrics")).contains("arena_decisions_total");
        bodies.forEach((path, body) -> assertThat(body).as(path).doesNotContain(KEY));
    }

    /** Every readable attribute of the Arena MBean and of the Camel MBeans, as text, by "object name.attribute". */
    private Map<String, String> jmxTexts() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<ObjectName> names = new ArrayList<>(server.queryNames(new ObjectName("camel-arena:*"), null));
        names.addAll(server.queryNames(new ObjectName("org.apache.camel:*"), null));
        Map<String, String> texts = new LinkedHashMap<>();
        for (ObjectName name : names) {
            List<String> readable = new ArrayList<>();
            for (MBeanAttributeInfo info : server.getMBeanInfo(name).getAttributes()) {
                if (info.isReadable()) {
                    readable.add(info.getName());
                }
            }
            // getAttributes leaves out what cannot be read instead of failing the whole MBean
            for (Object read : server.getAttributes(name, readable.toArray(String[]::new))) {
                Attribute attribute = (Attribute) read;
                texts.put(name + "." + attribute.getName(), text(attribute.getValue()));
            }
        }
        return texts;
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value.getClass().isArray()) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < Array.getLength(value); i++) {
                all.append(text(Array.get(value, i))).append('\n');
            }
            return all.toString();
        }
        if (value instanceof CompositeData composite) {
            StringBuilder all = new StringBuilder();
            for (String key : composite.getCompositeType().keySet()) {
                all.append(key).append('=').append(text(composite.get(key))).append('\n');
            }
            return all.toString();
        }
        if (value instanceof TabularData table) {
            StringBuilder all = new StringBuilder();
            for (Object row : table.values()) {
                all.append(text(row)).append('\n');
            }
            return all.toString();
        }
        return String.valueOf(value);
    }
}
