package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.camelarena.app.ArenaMain;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime as an operator runs it: its own JVM started through ArenaMain with application.properties and
 * routes/ from the working directory. Start-up failures exit non-zero with one line; SIGTERM lets the tick in
 * flight finish writing its rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneRuntimeTest {

    private final WireMockServer wiremock = new WireMockServer(options().dynamicPort());

    @TempDir
    Path work;

    @BeforeAll
    void start() {
        wiremock.start();
        wiremock.stubFor(post(urlEqualTo("/info")).willReturn(aResponse()
                .withBody("{\"BTC\":\"95000\",\"ETH\":\"3400\"}")));
        wiremock.stubFor(get(urlEqualTo("/news/feed/")).willReturn(aResponse().withStatus(404)));
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withFixedDelay(4_000).withHeader("Content-Type", "application/json")
                .withBody(OpenAiStubs.completion("chatcmpl-slow", "slow-model",
                        "{\"operation\":\"hold\",\"reason\":\"slow but sure\"}", null, "stop", 10, 5))));
    }

    @AfterAll
    void stop() {
        wiremock.stop();
    }

    @Test
    void anUnreachableDatabaseStopsStartUpWithOneLineAndExitCodeOne() throws Exception {
        Result result = run(List.of("-Darena.db.url=jdbc:mysql://127.0.0.1:9/arena",
                "-Darena.db.connect-timeout-ms=1500"), Duration.ofSeconds(90));
        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr).containsOnlyOnce("camel-arena failed to start:").contains("Communications link failure");
    }

    @Test
    void anActiveAccountWithoutItsKeyStopsStartUp() throws Exception {
        Result result = run(List.of(h2("nokey"), "-Darena.accounts.gpt.provider=openai",
                "-Darena.accounts.gpt.api-key-env=ARENA_TEST_MISSING_KEY"), Duration.ofSeconds(90));
        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr).contains("camel-arena failed to start:", "account gpt has no API key",
                "ARENA_TEST_MISSING_KEY");
    }

    @Test
    void sigtermLetsTheTickInFlightFinishItsLogWrites() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> flags = new ArrayList<>(List.of(h2("graceful"),
                "-Darena.schedule.first-tick-delay-ms=500",
                "-Darena.market.prices.url=" + wiremock.baseUrl() + "/info",
                "-Darena.market.news.url=" + wiremock.baseUrl() + "/news/feed/",
                "-Dcamel.server.port=" + port, "-Dcamel.management.port=" + port,
                "-DARENA_TEST_KEY=sk-standalone-0123456789",
                "-Darena.accounts.sim-momentum.active=false", "-Darena.accounts.sim-contrarian.active=false"));
        for (String name : List.of("slow-a", "slow-b")) {
            flags.add("-Darena.accounts." + name + ".provider=openai");
            flags.add("-Darena.accounts." + name + ".model=slow-model");
            flags.add("-Darena.accounts." + name + ".base-url=" + wiremock.baseUrl() + "/v1");
            flags.add("-Darena.accounts." + name + ".api-key-env=ARENA_TEST_KEY");
        }
        Process process = start(flags);
        try {
            // Both model calls are in flight (the stub answers after 4 s) when the runtime is told to stop.
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    wiremock.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions"))));
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // a runtime that hangs does not outlive the test
        }

        try (Connection c = DriverManager.getConnection(h2Url("graceful"), "sa", "");
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*), MIN(status), MAX(request_id) FROM ai_decision_logs")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
                assertThat(rs.getString(2)).isEqualTo("HOLD");
                assertThat(rs.getString(3)).isEqualTo("chatcmpl-slow");
            }
            try (ResultSet rs = st.executeQuery("SELECT status, accounts FROM market_ticks")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("COMPLETED");
                assertThat(rs.getInt(2)).isEqualTo(2);
            }
        }
    }

    @Test
    void theDemoProfileRunsItsRouteOverlayOffline() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path stdout = work.resolve("demo-stdout.log");
        // Read while the runtime runs: H2's automatic mixed mode.
        String database = h2Url("demo") + ";AUTO_SERVER=TRUE";
        // Where the live fetch routes would go: the demo overlay must not.
        Process process = start(List.of("-Darena.db.url=" + database, "-Darena.profile=demo",
                "-Darena.schedule.first-tick-delay-ms=500",
                "-Darena.market.prices.url=" + wiremock.baseUrl() + "/demo-must-not-call/info",
                "-Darena.market.news.url=" + wiremock.baseUrl() + "/demo-must-not-call/feed/",
                "-Dcamel.server.port=" + port, "-Dcamel.management.port=" + port), stdout);
        String prices;
        try {
            // the runtime opens the database first (and so serves it to this test)
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Files.readString(stdout).contains(" is running"));
            prices = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> completedTickPrices(database), p -> p != null);
        } finally {
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        // the first bundled snapshot, demo/prices/hyperliquid-allmids-001.json
        assertThat(prices).contains("\"BTC\":95230");
        assertThat(Files.readString(stdout)).contains("  files:    routes/*.yaml with overlay routes/demo/ (replaces "
                + "news-feed.camel.yaml, prices-feed.camel.yaml, venue-feed.camel.yaml)").contains(" prices-feed,");
        assertThat(wiremock.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlMatching("/demo-must-not-call/.*")))).isEmpty();
    }

    private static String completedTickPrices(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT prices_json FROM market_ticks WHERE status = 'COMPLETED'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private String h2(String name) {
        return "-Darena.db.url=" + h2Url(name);
    }

    private String h2Url(String name) {
        return "jdbc:h2:file:" + work.resolve(name).toAbsolutePath()
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";
    }

    private Process start(List<String> flags) throws Exception {
        return start(flags, work.resolve("stdout-" + System.nanoTime() + ".log"));
    }

    private Process start(List<String> flags, Path stdout) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-Darena.schedule.cron=0 0 0 1 1 ? 2099");
        // A free port chosen by the server unless the test names one (a later -D of the same name wins): the
        // default 8080 of application.properties may be taken on this machine.
        command.add("-Dcamel.server.port=0");
        command.add("-Dcamel.management.port=0");
        command.addAll(flags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ArenaMain.class.getName());
        // The project folder: ./application.properties and ./routes/*.yaml, as an installed runtime reads them.
        return new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                .redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
    }

    private Result run(List<String> flags, Duration limit) throws Exception {
        Process process = start(flags);
        boolean ended = process.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
            throw new AssertionError("runtime did not exit within " + limit);
        }
        return new Result(process.exitValue(), new String(process.getErrorStream().readAllBytes(),
                StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String stderr) {
    }
}
