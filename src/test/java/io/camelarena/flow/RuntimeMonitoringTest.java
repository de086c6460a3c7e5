package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.lang.management.ManagementFactory;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime as operators watch it: route statistics and the application MBean over a real remote JMX connection,
 * and the HTTP endpoints (trigger, health, metrics) on the embedded server.
 */
class RuntimeMonitoringTest extends ArenaRouteTestSupport {

    // Assigned on first use: CamelTestSupport reads the properties from its constructor.
    private int httpPort;
    private int jmxPort;
    private Registry rmiRegistry;
    private JMXConnectorServer jmxServer;
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected boolean useJmx() {
        return true;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        if (httpPort == 0) {
            httpPort = freePort();
        }
        p.put("arena.accounts.sim-momentum.active", "true");
        p.put("arena.accounts.sim-contrarian.active", "true");
        p.put("camel.server.enabled", "true");
        p.put("camel.server.port", String.valueOf(httpPort));
        p.put("camel.management.port", String.valueOf(httpPort));
        return p;
    }

    @BeforeAll
    void startJmxConnector() throws Exception {
        jmxPort = freePort();
        rmiRegistry = LocateRegistry.createRegistry(jmxPort);
        JMXServiceURL url = new JMXServiceURL(
                "service:jmx:rmi://127.0.0.1:" + jmxPort + "/jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
        jmxServer = JMXConnectorServerFactory.newJMXConnectorServer(url, null, ManagementFactory.getPlatformMBeanServer());
        jmxServer.start();
    }

    @AfterAll
    void stopJmxConnector() throws Exception {
        stopRuntime();
        jmxServer.stop();
        UnicastRemoteObject.unexportObject(rmiRegistry, true);
    }

    @BeforeEach
    void stubs() {
        wiremock.resetAll();
        stubMarket();
    }

    @Test
    void routeStatisticsAndTheArenaMBeanOverRemoteJmx() throws Exception {
        String firstTick = triggerTick();
        assertThat(query("SELECT * FROM ai_decision_logs WHERE tick_id = '" + firstTick + "'")).hasSize(2);

        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
        try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();

            Set<ObjectName> runTick = jmx.queryNames(
                    new ObjectName("org.apache.camel:type=routes,name=\"run-tick\",*"), null);
            assertThat(runTick).hasSize(1);
            ObjectName route = runTick.iterator().next();
            assertThat((Long) jmx.getAttribute(route, "ExchangesTotal")).isGreaterThanOrEqualTo(1);
            assertThat((Long) jmx.getAttribute(route, "ExchangesFailed")).isZero();
            long max = (Long) jmx.getAttribute(route, "MaxProcessingTime");
            assertThat(max).isPositive();
            // No exchange runs meanwhile (no schedule fires in tests): the statistics stand still while read.
            long completed = (Long) jmx.getAttribute(route, "ExchangesCompleted");
            assertThat(completed).isPositive();
            assertThat((Long) jmx.getAttribute(route, "MeanProcessingTime"))
                    .isEqualTo((Long) jmx.getAttribute(route, "TotalProcessingTime") / completed)
                    .isBetween((Long) jmx.getAttribute(route, "MinProcessingTime"), max);
            assertThat(jmx.queryNames(new ObjectName("org.apache.camel:type=processors,*"), null)).isNotEmpty();

            ObjectName arena = new ObjectName("camel-arena:type=Arena");
            assertThat(jmx.getAttribute(arena, "LastTickId")).isEqualTo(firstTick);
            assertThat((String) jmx.getAttribute(arena, "LastTickOutcome")).startsWith("COMPLETED");
            long decided = (Long) jmx.getAttribute(arena, "DecisionsExecuted") + (Long) jmx.getAttribute(arena,
                    "DecisionsHold") + (Long) jmx.getAttribute(arena, "DecisionsRejected");
            assertThat(decided).isEqualTo(2);
            assertThat((String[]) jmx.getAttribute(arena, "ProviderCalls"))
                    .singleElement().satisfies(line -> assertThat(line).startsWith("simulated: calls=2 errors=0"));

            String jmxTick = (String) jmx.invoke(arena, "triggerTick", new Object[0], new String[0]);
            assertThat(jmxTick).isNotEqualTo(firstTick).doesNotStartWith("not started");
            assertThat(query("SELECT * FROM ai_decision_logs WHERE tick_id = '" + jmxTick + "'")).hasSize(2);
            assertThat(query("SELECT trigger_source FROM market_ticks WHERE tick_id = '" + jmxTick + "'"))
                    .singleElement().satisfies(r -> assertThat(r.get("trigger_source")).isEqualTo("jmx"));

            jmx.invoke(arena, "pauseTrading", new Object[0], new String[0]);
            assertThat((Boolean) jmx.getAttribute(arena, "TradingPaused")).isTrue();
            String pausedTick = (String) jmx.invoke(arena, "triggerTick", new Object[0], new String[0]);
            assertThat(query("SELECT * FROM ai_decision_logs WHERE tick_id = '" + pausedTick + "'")).isEmpty();
            Map<String, Object> pausedRow = query("SELECT * FROM market_ticks WHERE tick_id = '" + pausedTick + "'")
                    .get(0);
            assertThat(pausedRow).containsEntry("status", "PAUSED");
            assertThat((String) pausedRow.get("prices_json")).contains("\"BTC\":95234.5");
            jmx.invoke(arena, "resumeTrading", new Object[0], new String[0]);
            assertThat((Boolean) jmx.getAttribute(arena, "TradingPaused")).isFalse();
        }
    }

    @Test
    void anHttpTriggerWhileATickRunsAnswers409NamingIt() throws Exception {
        io.camelarena.tick.TickLifecycle ticks = context.getRegistry()
                .lookupByNameAndType("tickLifecycle", io.camelarena.tick.TickLifecycle.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> ticks.current() == null);
        io.camelarena.tick.Tick running = ticks.begin("test");
        assertThat(running).isNotNull();
        try {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(uri("/api/ticks"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(refused.body()).isEqualTo("{\"error\":\"a tick is already running\",\"runningTickId\":\""
                    + running.id() + "\"}");
        } finally {
            ticks.end(running);
        }
    }

    @Test
    void httpTriggerHealthAndMetrics() throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(uri("/api/ticks"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).isEqualTo(202);
        String tickId = started.body().replaceAll(".*\"tickId\":\"([^\"]+)\".*", "$1");
        assertThat(tickId).matches("\\d{8}T\\d{6}Z-\\d+");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                query("SELECT * FROM market_ticks WHERE tick_id = '" + tickId + "'")).hasSize(1));
        assertThat(query("SELECT * FROM ai_decision_logs WHERE tick_id = '" + tickId + "'")).hasSize(2);
        // Run through tick-manual (wireTap) with the caller named.
        assertThat(query("SELECT trigger_source FROM market_ticks WHERE tick_id = '" + tickId + "'").get(0))
                .containsEntry("trigger_source", "http");

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri("/observe/health?exposureLevel=full"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"", "arena-database", "arena-market-snapshot",
                "arena-route-files");

        HttpResponse<String> audit = http.send(HttpRequest.newBuilder(uri("/api/audit/verify")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.body()).contains("\"ok\":true", "\"rowsChecked\":");

        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(uri("/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("arena_decisions_total{", "provider=\"simulated\"",
                "arena_tick_duration_seconds", "arena_model_latency_seconds_bucket",
                "arena_decision_log_write_failures_total");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }
}
