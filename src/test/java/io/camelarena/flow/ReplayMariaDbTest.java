package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.camelarena.app.ArenaMain;
import io.camelarena.audit.VerifyReport;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The replay SQL on the real MySQL-compatible server (MariaDB at 127.0.0.1:3306, root, no password) in a database of
 * its own: the V4 migration, a replay started by the command line in a child JVM (java ... ArenaMain replay ...)
 * against the database this runtime writes, the compare endpoint and the outcomes/chat exports. With CI=true it must
 * run; elsewhere it skips when no server answers.
 */
class ReplayMariaDbTest extends MariaDbRouteTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    private int httpPort;
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected String databasePrefix() {
        return "arena_replay";
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        httpPort = Integer.parseInt(p.getProperty("camel.server.port"));
        p.put("camel.server.enabled", "true");
        openAiAccount(p, "alpha", "alpha-live", wiremock.baseUrl() + "/alpha/v1", "ARENA_TEST_KEY");
        p.put("arena.models.opener.provider", "openai");
        p.put("arena.models.opener.model", "opener-model");
        p.put("arena.models.opener.base-url", wiremock.baseUrl() + "/opener/v1");
        p.put("arena.models.opener.api-key-env", "ARENA_TEST_KEY");
        return p;
    }

    @Test
    void aCommandLineReplayOnMariaDbIsStoredSealedAndCompared() throws Exception {
        stubMarket();
        wiremock.stubFor(post(urlEqualTo("/alpha/v1/chat/completions")).inScenario("alpha")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("opened")
                .willReturn(reply("alpha-live", ReplayRouteTest.OPEN)));
        wiremock.stubFor(post(urlEqualTo("/alpha/v1/chat/completions")).inScenario("alpha")
                .whenScenarioStateIs("opened").willReturn(reply("alpha-live", ReplayRouteTest.CLOSE)));
        wiremock.stubFor(post(urlEqualTo("/opener/v1/chat/completions"))
                .willReturn(reply("opener-model", ReplayRouteTest.OPEN_BIG)));
        String tick1 = triggerTick();
        String tick2 = triggerTick();
        assertThat(decisionRow(tick2, "alpha").get("status")).isEqualTo("EXECUTED");

        Process cli = cli("--ticks=" + tick1 + "," + tick2, "--targets=opener", "--poll-ms=200");
        assertThat(cli.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(outFile(cli));
        assertThat(cli.exitValue()).as(out).isZero();
        assertThat(out).contains("replay run 1: 2 decisions to [opener], 2 replays")
                .contains("run 1 COMPLETED: 2/2 done, 0 errors")
                .contains("original vs opener: 2 compared, 1 same operation (0.5000), 1 same symbol+direction (0.5000)");

        // tick 1: nothing held, the open is valid; tick 2: the position from tick 1 was there, so the close is the
        // live answer and the opener's open is refused
        assertThat(query("SELECT tick_id, status, error_code, replay_target, executed, order_id FROM ai_decision_logs "
                + "WHERE replay_run_id = 1 ORDER BY replay_of"))
                .extracting(r -> r.get("tick_id") + " " + r.get("status") + " " + r.get("error_code") + " "
                        + r.get("replay_target") + " " + r.get("executed") + " " + r.get("order_id"))
                .containsExactly(tick1 + " VALID null opener false null",
                        tick2 + " REJECTED POSITION_EXISTS opener false null");
        VerifyReport report = template.requestBody("direct:verify-audit-chain", null, VerifyReport.class);
        assertThat(report.ok()).as(report.detail()).isTrue();
        assertThat(report.rowsChecked()).isEqualTo(4);

        JsonNode compare = JSON.readTree(get("/api/replays/1/compare"));
        assertThat(compare.get("run").get("trigger_source").asText()).isEqualTo("cli");
        assertThat(compare.get("agreement").get(0).get("same_operation").asInt()).isEqualTo(1);
        List<String> outcomes = get("/api/decisions/export?format=outcomes").lines().toList();
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(2)).contains(",open,long,").contains(",closed,");
        assertThat(get("/api/decisions/export?format=chat&replay=only").lines()).hasSize(2);
        assertThat(JSON.readTree(get("/api/decisions")).get("items")).hasSize(2);

        Process refused = cli("--decisions=1", "--targets=nobody");
        assertThat(refused.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(errFile(refused));
        assertThat(refused.exitValue()).isEqualTo(2);
        assertThat(err).contains("replay refused: targets: unknown target 'nobody'");
    }

    private Process cli(String... args) throws Exception {
        Path spool = Files.createTempDirectory("arena-replay-cli-spool-");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m",
                "-Darena.db.url=" + jdbcUrl(), "-Darena.db.username=" + USER, "-Darena.db.password=",
                "-DARENA_TEST_KEY=" + API_KEY, "-Darena.decisionlog.spool-dir=" + spool,
                "-Darena.schedule.tick-on-start=false", "-Darena.schedule.cron=0 0 0 1 1 ? 2099",
                "-Darena.accounts.sim-momentum.active=false", "-Darena.accounts.sim-contrarian.active=false",
                "-Darena.accounts.alpha.provider=openai", "-Darena.accounts.alpha.model=alpha-live",
                "-Darena.accounts.alpha.base-url=" + wiremock.baseUrl() + "/alpha/v1",
                "-Darena.accounts.alpha.api-key-env=ARENA_TEST_KEY",
                "-Darena.models.opener.provider=openai", "-Darena.models.opener.model=opener-model",
                "-Darena.models.opener.base-url=" + wiremock.baseUrl() + "/opener/v1",
                "-Darena.models.opener.api-key-env=ARENA_TEST_KEY",
                "-cp", System.getProperty("java.class.path"), ArenaMain.class.getName(), "replay"));
        command.addAll(List.of(args));
        // to files, not pipes: the child's start-up log must never fill a pipe nobody reads yet
        Path out = Files.createTempFile("arena-replay-cli-", ".out");
        Path err = Files.createTempFile("arena-replay-cli-", ".err");
        Process process = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        outputs.put(process, new Path[] {out, err});
        return process;
    }

    private final Map<Process, Path[]> outputs = new java.util.HashMap<>();

    /** A command that hung (its test failed on the wait) does not outlive the class. */
    @org.junit.jupiter.api.AfterAll
    void killHungCommands() throws InterruptedException {
        for (Process p : outputs.keySet()) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Path outFile(Process p) {
        return outputs.get(p)[0];
    }

    private Path errFile(Process p) {
        return outputs.get(p)[1];
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder reply(String model, String content) {
        return aResponse().withHeader("Content-Type", "application/json")
                .withBody(OpenAiStubs.completion("chatcmpl-" + model, model, content, null, "stop", 700, 40));
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }
}
