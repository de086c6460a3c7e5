package io.camelarena.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.camelarena.config.ArenaDataSource;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Constant memory, shown with a heap cap: the runtime runs in a child JVM with {@code -Xmx96m}
 * ({@code -XX:+ExitOnOutOfMemoryError}) on an H2 file database holding 100,000 decisions of about 1.1 KB each, and
 * the test downloads {@code /api/decisions/export?format=jsonl}: more than 96 MB of JSON lines, more than the child's
 * whole heap, so it can only succeed if the export is streamed row by row from the database to the socket.
 */
class ExportMemoryTest {

    private static final int ROWS = 100_000;

    /** Generous, for a loaded machine; a hang ends the test (the interrupted read fails, the child is killed). */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void exportsMoreThanTheHeapFromAChildJvmCappedAt96Mb() throws Exception {
        Path dir = Path.of("target", "export-memory-test").toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        String url = "jdbc:h2:file:" + dir.resolve("arena") + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                + "CASE_INSENSITIVE_IDENTIFIERS=TRUE";
        seed(url);

        int port = io.camelarena.flow.ArenaRouteTestSupport.freePort();
        Path config = dir.resolve("application.properties");
        Files.writeString(config, Files.readString(Path.of("application.properties")) + "\n"
                + "arena.db.url = " + url + "\n"
                + "camel.server.port = " + port + "\ncamel.management.port = " + port + "\n"
                + "arena.schedule.tick-on-start = false\narena.schedule.cron = 0 0 0 1 1 ? 2099\n"
                + "arena.accounts.sim-momentum.active = false\narena.accounts.sim-contrarian.active = false\n"
                + "camel.main.jmx-enabled = false\n");
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                "-Darena.config=" + config, "io.camelarena.app.ArenaMain")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            URI base = URI.create("http://127.0.0.1:" + port);
            waitUntilUp(http, base, child, log);

            // The timeout covers the answer's head; the body's reads are bounded by the test's @Timeout.
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                    base.resolve("/api/decisions/export?format=jsonl")).timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            long lines = 0;
            long chars = 0;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (lines == 0) {
                        assertThat(line).startsWith("{\"id\":" + ROWS + ",");
                    }
                    lines++;
                    chars += line.length() + 1;
                }
            }
            assertThat(lines).isEqualTo(ROWS);
            assertThat(chars).as("export larger than the child's heap").isGreaterThan(96L * 1024 * 1024);
            assertThat(child.isAlive()).as("child JVM alive after the export; log: " + log).isTrue();
        } finally {
            child.destroy();
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void seed(String url) throws Exception {
        try (HikariDataSource ds = ArenaDataSource.create(url, "sa", "", 2, 10_000)) {
            ArenaDataSource.migrate(ds);
            String prompt = "x".repeat(640);
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO accounts (name, provider, model, initial_cash, current_cash) "
                            + "VALUES ('export-test', 'simulated', 'momentum', 10000, 10000)");
                }
                // One set-based insert (H2's SYSTEM_RANGE): seconds instead of minutes of batched round trips.
                try (PreparedStatement st = c.prepareStatement("INSERT INTO ai_decision_logs (account_id, "
                        + "decision_time, tick_id, reason, operation, target_portion, total_balance, status, provider, "
                        + "model, user_prompt, reasoning_trace, llm_output) SELECT a.id, "
                        + "DATEADD('SECOND', r.x, TIMESTAMP '2026-01-01 00:00:00'), CONCAT('t', r.x), 'seeded', 'hold', "
                        + "0, 10000, 'HOLD', 'simulated', 'momentum', ?, 'reply', '{}' "
                        + "FROM accounts a CROSS JOIN SYSTEM_RANGE(1, ?) r WHERE a.name = 'export-test'")) {
                    st.setString(1, prompt);
                    st.setInt(2, ROWS);
                    assertThat(st.executeUpdate()).isEqualTo(ROWS);
                }
                c.commit();
            }
        }
    }

    /** Until the child answers (a JVM start takes 10-40 s on a loaded 2-core machine); fails at once if it exits. */
    private static void waitUntilUp(HttpClient http, URI base, Process child, Path log) throws Exception {
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .failFast("child JVM exited", () -> !child.isAlive())
                    .ignoreExceptionsInstanceOf(java.io.IOException.class) // not listening yet
                    .until(() -> http.send(HttpRequest.newBuilder(base.resolve("/api/openapi.json"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200);
        } catch (org.awaitility.core.ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "; child log:\n" + Files.readString(log), e);
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
