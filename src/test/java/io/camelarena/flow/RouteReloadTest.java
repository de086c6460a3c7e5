package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camelarena.runtime.RouteReloader;
import io.camelarena.testing.ThreadWaits;
import io.camelarena.runtime.RouteReloader.RefusedEdit;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import javax.management.ObjectName;
import org.apache.camel.main.MainConfigurationProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The runtime on a temporary copy of routes/, edited while it runs: a valid edit changes what the next tick does; an
 * invalid edit is refused (file, line, cause; the health check and the MBean say so) and ticks keep running on the
 * previous routes; the fix is applied and clears the refusal; an edit Camel cannot start is rolled back; a deleted
 * file's route goes away. How fast a reload is (about 2 s) is not measured here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouteReloadTest extends ArenaRouteTestSupport {

    /** Generous: a reload takes a poll, a quiet poll and the swap (about 2 s), far longer on a loaded machine. */
    private static final Duration APPLIED_WITHIN = Duration.ofSeconds(60);
    private static final ObjectName ARENA_MBEAN = objectName("camel-arena:type=Arena");

    private final HttpClient http = HttpClient.newHttpClient();
    private int httpPort;

    private Path routesDir;

    private Path routesDir() {
        if (routesDir == null) {
            try {
                routesDir = Files.createTempDirectory("arena-routes-");
                try (Stream<Path> files = Files.list(Path.of("routes"))) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                        Files.copy(file, routesDir.resolve(file.getFileName()));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return routesDir;
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        super.configure(configuration);
        configuration.setRoutesIncludePattern("file:" + routesDir() + "/*.yaml");
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("camel.main.routes-include-pattern", "file:" + routesDir() + "/*.yaml");
        p.put("arena.routes.dir", routesDir().toString());
        p.put("arena.routes.reload.enabled", "true");
        p.put("arena.routes.reload.poll-ms", "500");
        p.put("arena.accounts.sim.provider", "simulated");
        p.put("arena.accounts.sim.model", "momentum");
        p.put("arena.market.funding.url", wiremock.baseUrl() + "/fapi/v1/premiumIndex");
        p.put("camel.server.enabled", "true"); // for /observe/health
        httpPort = Integer.parseInt(p.getProperty("camel.server.port"));
        return p;
    }

    @BeforeEach
    void stubs() {
        wiremock.resetAll();
        stubMarket();
        wiremock.stubFor(get(urlPathEqualTo("/fapi/v1/premiumIndex")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"symbol\":\"BTCUSDT\",\"markPrice\":"
                        + "\"97012.50000000\",\"lastFundingRate\":\"0.00010000\",\"nextFundingTime\":1764086400000}")));
    }

    @AfterAll
    void deleteRoutesCopy() throws IOException {
        stopRuntime(); // its route watcher polls this directory
        try (Stream<Path> files = Files.walk(routesDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private HttpResponse<String> health() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/observe/health?exposureLevel=full")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the route watcher has polled at least {@code polls} more times. */
    private void awaitPolls(int polls) {
        Thread watcher = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().endsWith(" - arena-route-reload")).findFirst().orElseThrow();
        // Each poll ends with the watcher's thread waiting for the next one; one wait more covers a poll in progress.
        ThreadWaits.awaitWaitsBeyond(watcher, ThreadWaits.waits(watcher), polls + 1);
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private RouteReloader reloader() {
        return context.getRegistry().lookupByNameAndType("arenaRouteReloader", RouteReloader.class);
    }

    /**
     * A tick through direct:trigger-tick; returns its market_ticks trigger_source ("dropped" when the trigger came
     * while routes were being swapped: dropped as a trigger during a running tick is).
     */
    private String tickTriggerSource() throws Exception {
        String tickId;
        try {
            tickId = triggerTick();
        } catch (org.apache.camel.CamelExecutionException e) {
            return "dropped"; // sent while tick-manual itself was being swapped: its old consumer was stopping
        }
        var rows = query("SELECT trigger_source FROM market_ticks WHERE tick_id = '" + tickId + "'");
        return rows.isEmpty() ? "dropped" : (String) rows.get(0).get("trigger_source");
    }

    private static String manualRoute(String trigger) {
        return """
                # A tick on demand (edited by RouteReloadTest).
                - route:
                    id: tick-manual
                    from:
                      uri: direct:trigger-tick
                      steps:
                        - setHeader:
                            name: arenaTrigger
                            constant: %s
                        - to: direct:run-tick
                """.formatted(trigger);
    }

    private void write(String file, String content) throws IOException {
        Files.writeString(routesDir.resolve(file), content, StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void aValidEditChangesTheNextTicks() throws Exception {
        assertThat(reloader().isWatching()).isTrue();
        assertThat(tickTriggerSource()).isEqualTo("manual");

        write("tick-manual.camel.yaml", manualRoute("edited"));

        await().atMost(APPLIED_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(this::tickTriggerSource, "edited"::equals);
        assertThat(reloader().lastRefusedEdit()).isEmpty();
        assertThat(reloader().lastReload()).contains("tick-manual");
    }

    @Test
    @Order(2)
    void anInvalidEditIsRefusedAndTicksKeepRunningOnThePreviousRoutes() throws Exception {
        int routes = context.getRoutes().size();
        // The setHeader's fields are indented one column short: not YAML the DSL can read.
        write("tick-manual.camel.yaml", manualRoute("broken").replace("            name: arenaTrigger",
                "           name: arenaTrigger"));

        await().atMost(APPLIED_WITHIN).until(() -> reloader().lastRefusedEdit().isPresent());
        RefusedEdit refused = reloader().lastRefusedEdit().orElseThrow();
        assertThat(refused.file()).endsWith("tick-manual.camel.yaml");
        assertThat(refused.line()).isEqualTo(9);
        assertThat(refused.message()).contains("YAML syntax");
        assertThat(reloader().lastRefusedEditSummary()).contains("tick-manual.camel.yaml:9:");

        // Every route is still there, and ticks still run the last good version.
        assertThat(context.getRoutes()).hasSize(routes);
        assertThat(tickTriggerSource()).isEqualTo("edited");
        // What docs/operations.md promises: readiness stays UP (the last good routes run, a load balancer keeps the
        // runtime), the route-files check names the refusal in its details, and so does the MBean.
        HttpResponse<String> health = health();
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("arena-route-files",
                "route edit refused, the last good routes still run: tick-manual.camel.yaml:9: YAML syntax")
                .doesNotContain("DOWN", "\\/");
        assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(ARENA_MBEAN, "LastRefusedRouteEdit"))
                .isEqualTo(refused.summary());
        awaitPolls(3); // several polls later: still refused (not validated again), still the old routes
        assertThat(reloader().lastRefusedEdit()).contains(refused);
        assertThat(tickTriggerSource()).isEqualTo("edited");
        assertThat(context.getRouteController().getRouteStatus("tick-schedule").isStarted()).isTrue();
    }

    @Test
    @Order(3)
    void theFixIsAppliedAndClearsTheRefusal() throws Exception {
        write("tick-manual.camel.yaml", manualRoute("fixed"));

        await().atMost(APPLIED_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(this::tickTriggerSource, "fixed"::equals);
        assertThat(reloader().lastRefusedEdit()).isEmpty();
        assertThat(reloader().lastRefusedEditSummary()).isEmpty();
        assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(ARENA_MBEAN, "LastRefusedRouteEdit"))
                .isEqualTo("");
        HttpResponse<String> health = health();
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("arena-route-files").doesNotContain("route edit refused");
    }

    @Test
    @Order(4)
    void anUnknownEndpointOptionIsRefusedWithItsLine() throws Exception {
        String recordTick = Files.readString(routesDir.resolve("record-tick.camel.yaml"));
        write("record-tick.camel.yaml", recordTick.replace("dataSource=#arenaDataSource", "dataSourcee=#arenaDataSource"));

        await().atMost(APPLIED_WITHIN).until(() -> reloader().lastRefusedEdit().isPresent());
        RefusedEdit refused = reloader().lastRefusedEdit().orElseThrow();
        assertThat(refused.file()).endsWith("record-tick.camel.yaml");
        assertThat(refused.line()).isEqualTo(9);
        assertThat(refused.message()).contains("unknown option 'dataSourcee'");
        // The market_ticks row is still written through the previous record-tick route.
        assertThat(tickTriggerSource()).isEqualTo("fixed");

        write("record-tick.camel.yaml", recordTick);
        await().atMost(APPLIED_WITHIN).until(() -> reloader().lastRefusedEdit().isEmpty());
    }

    @Test
    @Order(5)
    void anEditCamelCannotStartIsRolledBack() throws Exception {
        // Valid YAML, known endpoints: only creating the route finds that the bean does not exist.
        write("tick-manual.camel.yaml", manualRoute("rolled-back").replace("        - to: direct:run-tick",
                "        - bean:\n            ref: noSuchBean\n        - to: direct:run-tick"));

        await().atMost(APPLIED_WITHIN).until(() -> reloader().lastRefusedEdit().isPresent());
        RefusedEdit refused = reloader().lastRefusedEdit().orElseThrow();
        assertThat(refused.file()).endsWith("tick-manual.camel.yaml");
        assertThat(refused.message()).contains("tick-manual").contains("previous routes restored");
        assertThat(context.getRoute("tick-manual")).isNotNull();
        // The rollback may still be finishing; a trigger until then is dropped by design.
        await().atMost(APPLIED_WITHIN).until(() -> "fixed".equals(tickTriggerSource()));
    }

    @Test
    @Order(6)
    void anAddedFileAddsItsRouteAndADeletedFileRemovesIt() throws Exception {
        write("tick-manual.camel.yaml", manualRoute("fixed"));
        write("echo.yaml", """
                - route:
                    id: echo
                    from:
                      uri: direct:echo
                      steps:
                        - setBody:
                            simple: "echo ${body}"
                """);
        // reloadNow, the JMX operation, does not wait for the next poll.
        assertThat(reloader().reloadNow()).startsWith("applied");
        assertThat(template.requestBody("direct:echo", "hi", String.class)).isEqualTo("echo hi");
        assertThat(reloader().lastRefusedEdit()).isEmpty();

        Files.delete(routesDir.resolve("echo.yaml"));
        await().atMost(APPLIED_WITHIN).until(() -> context.getRoute("echo") == null);
        // The route disappears before the reload has finished; a trigger until then is dropped by design.
        await().atMost(APPLIED_WITHIN).until(() -> "fixed".equals(tickTriggerSource()));
    }

    @Test
    @Order(7)
    void theReadmeExampleAddsAFundingRateDataSourceToThePrompt() throws Exception {
        // Saved in the "wrong" order: the multicast first, refused until the route it calls exists.
        String snapshot = Files.readString(routesDir.resolve("market-snapshot.camel.yaml"));
        write("market-snapshot.camel.yaml", snapshot.replace("              - to: direct:fetch-news\n",
                "              - to: direct:fetch-news\n              - to: direct:fetch-funding\n"));
        await().atMost(APPLIED_WITHIN).until(() -> reloader().lastRefusedEdit().isPresent());
        assertThat(reloader().lastRefusedEdit().orElseThrow().message())
                .contains("direct:fetch-funding has no route");

        Files.copy(Path.of("docs/examples/fetch-funding.camel.yaml"), routesDir.resolve("fetch-funding.camel.yaml"));
        await().atMost(APPLIED_WITHIN).until(() -> reloader().lastRefusedEdit().isEmpty());
        assertThat(context.getRoute("fetch-funding")).isNotNull();

        String tickId = triggerTick();
        assertThat((String) decisionRow(tickId, "sim").get("user_prompt"))
                .contains("Funding rate (Binance BTCUSDT perpetual, last): 0.00010000, mark price 97012.50000000");
    }
}
