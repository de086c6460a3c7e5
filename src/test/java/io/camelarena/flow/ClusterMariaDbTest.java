package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.camelarena.app.ArenaMain;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runtimes (child JVMs started through ArenaMain, each with its own Quartz scheduler) on one MariaDB database,
 * clustered: every account is decided exactly once per scheduled slot, both runtimes take groups, and when one is
 * killed (a crash, no shutdown) the other takes all groups and records the tick that was cut as INTERRUPTED; a
 * stop (SIGTERM) of the survivor at the end leaves nothing RUNNING.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterMariaDbTest {

    private static final int GROUPS = 4;
    private static final List<String> ACCOUNTS = List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7");

    private final WireMockServer wiremock = new WireMockServer(options().dynamicPort().containerThreads(40));
    private final List<Process> processes = new ArrayList<>();
    private String database;

    @TempDir
    Path work;

    @BeforeAll
    void start() throws Exception {
        database = MariaDbDatabases.create("arena_cluster");
        wiremock.start();
        wiremock.stubFor(post(urlEqualTo("/info")).willReturn(aResponse()
                .withBody("{\"BTC\":\"95000\",\"ETH\":\"3400\"}")));
        wiremock.stubFor(get(urlEqualTo("/news/feed/")).willReturn(aResponse().withStatus(404)));
        // Slow enough that a tick is in flight most of the time, so the crash below cuts one.
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withFixedDelay(900).withHeader("Content-Type", "application/json")
                .withBody(OpenAiStubs.completion("chatcmpl-cluster", "hold-model",
                        "{\"operation\":\"hold\",\"reason\":\"steady\"}", null, "stop", 10, 5))));
    }

    @AfterAll
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        wiremock.stop();
        MariaDbDatabases.drop(database);
    }

    @Test
    void twoRuntimesShareTheScheduleAndTheSurvivorTakesOver() throws Exception {
        Process a = start("a");
        // The first runtime migrates the database and stores the accounts; the second joins a ready database.
        // (Generous limits: a JVM start takes 10-40 s on a loaded 2-core machine; the test takes ~30 s on a calm one.)
        await().atMost(Duration.ofSeconds(120)).until(() -> count("SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE") == 1);
        Process b = start("b");
        String byA = ":" + a.pid();
        String byB = ":" + b.pid();

        // Both runtimes take groups.
        await().atMost(Duration.ofSeconds(120)).until(() -> completedBy(byA) >= 2 && completedBy(byB) >= 2);

        // Crash b while it runs a group tick that began less than 600 ms ago (its model calls take 900 ms).
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> rows(
                "SELECT tick_id FROM market_ticks WHERE status = 'RUNNING' AND detail LIKE '%" + byB + "'").stream()
                .anyMatch(r -> System.currentTimeMillis() - slotMillis(slotOf((String) r.get("tick_id"))) < 600));
        b.destroyForcibly();
        assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = System.currentTimeMillis();

        // Quartz notices b is gone (check-in 1 s + 7.5 s grace) and recovers its tick: recorded, not decided again.
        // (b may have run several groups of that slot side by side.)
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(rows(
                "SELECT tick_id, detail FROM market_ticks WHERE status = 'INTERRUPTED'"))
                .isNotEmpty().allSatisfy(r -> assertThat((String) r.get("detail"))
                        .contains("not decided:", "the runtime running it stopped")));
        // Quartz recovers b's jobs one after another: wait for the last, not the first.
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(count(
                "SELECT COUNT(*) FROM market_ticks WHERE status = 'RUNNING' AND detail LIKE '%" + byB + "'"))
                .as("b's ticks in flight are all recorded as interrupted").isZero());
        // From then on a runs every group of a slot.
        await().atMost(Duration.ofSeconds(40)).until(() -> fullSlotsAfter(killedAt, byA) >= 2);

        // Never two decisions of one account in one tick, and every account once in every slot all groups ran.
        assertThat(rows("SELECT tick_id, account_id, COUNT(*) AS n FROM ai_decision_logs GROUP BY tick_id, "
                + "account_id HAVING COUNT(*) > 1")).isEmpty();
        // ... nor in two groups of one slot (the tick id up to its -g suffix is the slot)
        assertThat(rows("SELECT SUBSTRING_INDEX(tick_id, '-g', 1) AS slot, account_id FROM ai_decision_logs "
                + "GROUP BY SUBSTRING_INDEX(tick_id, '-g', 1), account_id HAVING COUNT(*) > 1")).isEmpty();
        Map<String, List<Map<String, Object>>> slots = slots();
        int full = 0;
        for (Map.Entry<String, List<Map<String, Object>>> slot : slots.entrySet()) {
            if (slot.getValue().size() == GROUPS && slot.getValue().stream()
                    .allMatch(r -> "COMPLETED".equals(r.get("status")))) {
                full++;
                assertThat(rows("SELECT a.name FROM ai_decision_logs l JOIN accounts a ON a.id = l.account_id "
                        + "WHERE l.tick_id LIKE '" + slot.getKey() + "-g%'"))
                        .as("decisions of slot %s", slot.getKey())
                        .extracting(r -> r.get("name")).containsExactlyInAnyOrderElementsOf(ACCOUNTS);
            }
        }
        assertThat(full).isGreaterThanOrEqualTo(4);
        for (Map<String, Object> tick : rows("SELECT tick_id, accounts FROM market_ticks WHERE status = 'COMPLETED'")) {
            assertThat(count("SELECT COUNT(*) FROM ai_decision_logs WHERE tick_id = '" + tick.get("tick_id") + "'"))
                    .as("decision rows of %s", tick.get("tick_id")).isEqualTo(((Number) tick.get("accounts")).longValue());
        }
        // b's slots missed during the failover (longer than the 2 s cron) are not caught up back to back on the
        // same market data: all but the latest due one are recorded SKIPPED, without decisions.
        assertThat(count("SELECT COUNT(*) FROM market_ticks WHERE status = 'SKIPPED'")).isPositive();
        assertThat(count("SELECT COUNT(*) FROM ai_decision_logs l JOIN market_ticks t ON t.tick_id = l.tick_id "
                + "WHERE t.status = 'SKIPPED'")).isZero();
        assertThat(a.isAlive()).isTrue();

        // A stop (SIGTERM) is not a crash: the tick in flight finishes, nothing is left RUNNING or interrupted.
        long interrupted = count("SELECT COUNT(*) FROM market_ticks WHERE status = 'INTERRUPTED'");
        a.destroy();
        assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(count("SELECT COUNT(*) FROM market_ticks WHERE status = 'RUNNING'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM market_ticks WHERE status = 'INTERRUPTED'")).isEqualTo(interrupted);
        assertThat(Files.readString(Path.of("target", "cluster-test", "runtime-a.log")))
                .contains("its Quartz scheduler fires no more group jobs");
        // The key was given as a -D flag: Camel Main's start-up property summary must not have printed it.
        for (String runtime : List.of("runtime-a.log", "runtime-b.log")) {
            assertThat(Files.readString(Path.of("target", "cluster-test", runtime)))
                    .contains("api-key-env = ARENA_TEST_KEY").doesNotContain("sk-cluster-0123456789");
        }
    }

    /** Group ticks by slot (the tick id without its -g suffix). */
    private Map<String, List<Map<String, Object>>> slots() throws SQLException {
        Map<String, List<Map<String, Object>>> slots = new TreeMap<>();
        for (Map<String, Object> r : rows("SELECT tick_id, status, detail FROM market_ticks "
                + "WHERE tick_id LIKE '%-g%'")) {
            String id = (String) r.get("tick_id");
            slots.computeIfAbsent(slotOf(id), k -> new ArrayList<>()).add(r);
        }
        return slots;
    }

    private long completedBy(String runtime) throws SQLException {
        return count("SELECT COUNT(*) FROM market_ticks WHERE status = 'COMPLETED' AND detail LIKE '%" + runtime + "'");
    }

    private long fullSlotsAfter(long millis, String runtime) throws SQLException {
        long n = 0;
        for (Map.Entry<String, List<Map<String, Object>>> slot : slots().entrySet()) {
            List<Map<String, Object>> ticks = slot.getValue();
            boolean all = slotMillis(slot.getKey()) > millis && ticks.size() == GROUPS && ticks.stream().allMatch(r ->
                    "COMPLETED".equals(r.get("status")) && String.valueOf(r.get("detail")).endsWith(runtime));
            n += all ? 1 : 0;
        }
        return n;
    }

    private static String slotOf(String tickId) {
        return tickId.substring(0, tickId.lastIndexOf("-g"));
    }

    /** A slot (the tick id without its group) is the scheduled fire time, UTC. */
    private static long slotMillis(String slot) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC)
                .parse(slot, java.time.Instant::from).toEpochMilli();
    }

    private Process start(String name) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(List.of("-Darena.db.url=" + MariaDbDatabases.SERVER + database
                        + "?useSSL=false&allowPublicKeyRetrieval=true",
                "-Darena.db.username=" + MariaDbDatabases.USER, "-Darena.db.password=",
                "-Darena.cluster.enabled=true", "-Darena.cluster.groups=" + GROUPS,
                "-Darena.cluster.checkin-interval-ms=1000", "-Darena.cluster.idle-wait-ms=1000",
                "-Darena.cluster.instance-id=" + name,
                "-Darena.schedule.cron=0/2 * * * * ?",
                "-Darena.routes.reload.enabled=false",
                "-Darena.market.prices.url=" + wiremock.baseUrl() + "/info",
                "-Darena.market.news.url=" + wiremock.baseUrl() + "/news/feed/",
                "-Darena.model.retry.max-attempts=1",
                "-Darena.decisionlog.spool-dir=" + work.resolve("spool-" + name),
                "-Dcamel.server.port=0", "-Dcamel.management.port=0",
                "-DARENA_TEST_KEY=sk-cluster-0123456789",
                "-Darena.accounts.sim-momentum.active=false", "-Darena.accounts.sim-contrarian.active=false"));
        for (String account : ACCOUNTS) {
            command.add("-Darena.accounts." + account + ".provider=openai");
            command.add("-Darena.accounts." + account + ".model=hold-model");
            command.add("-Darena.accounts." + account + ".base-url=" + wiremock.baseUrl() + "/v1");
            command.add("-Darena.accounts." + account + ".api-key-env=ARENA_TEST_KEY");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ArenaMain.class.getName());
        Process process = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true)
                // Kept after the test (target/), for reading what each runtime did.
                .redirectOutput(Files.createDirectories(Path.of("target", "cluster-test"))
                        .resolve("runtime-" + name + ".log").toFile())
                .start();
        processes.add(process);
        return process;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(MariaDbDatabases.SERVER + database, MariaDbDatabases.USER, "");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if (e.getMessage().contains("doesn't exist")) {
                return -1; // not migrated yet
            }
            throw e;
        }
    }

    private List<Map<String, Object>> rows(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
