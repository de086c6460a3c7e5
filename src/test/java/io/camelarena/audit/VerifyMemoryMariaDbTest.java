package io.camelarena.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.camelarena.config.ArenaDataSource;
import io.camelarena.flow.MariaDbDatabases;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Constant memory, shown with a heap cap: the {@code verify} command runs in a child JVM with {@code -Xmx32m}
 * ({@code -XX:+ExitOnOutOfMemoryError}) against a MariaDB chain of 6,000 rows holding about 16 KB of texts each,
 * about 96 MB the walk reads: three times the child's whole heap, so it can only finish if Connector/J streams the
 * rows instead of buffering the result. Must run with CI=true; elsewhere it skips when no server answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyMemoryMariaDbTest {

    private static final int ROWS = 6_000;
    private static final int TEXT_CHARS = 8_000;

    private String database;

    @TempDir
    Path work;

    @BeforeAll
    void createDatabase() throws Exception {
        database = MariaDbDatabases.create("arena_verify_mem");
    }

    @AfterAll
    void dropDatabase() throws Exception {
        MariaDbDatabases.drop(database);
    }

    private String url() {
        return MariaDbDatabases.SERVER + database
                + "?useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=UTF-8";
    }

    @Test
    void verifiesAChainLargerThanTheHeapFromAChildJvmCappedAt32Mb() throws Exception {
        seed();
        Path log = work.resolve("verify.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                "io.camelarena.audit.VerifyCommand", "--url=" + url(), "--user=" + MariaDbDatabases.USER,
                "--password=")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(child.waitFor(180, TimeUnit.SECONDS)).as("verify finished in 180 s").isTrue();
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // a hung verify does not outlive the test
        }
        String output = Files.readString(log);
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("audit chain OK: " + ROWS + " rows verified");
    }

    /**
     * A valid chain of {@link #ROWS} rows, hashed here and inserted in batches; the server builds the long texts
     * (REPEAT), so the test sends only the short columns.
     */
    private void seed() throws SQLException {
        try (HikariDataSource ds = ArenaDataSource.create(url(), MariaDbDatabases.USER, "", 2, 10_000)) {
            ArenaDataSource.migrate(ds);
            List<String> columns = new ArrayList<>(LogColumns.WRITTEN.keySet());
            columns.addAll(List.of("prompt_hash", "reply_hash", "chain_seq", "prev_hash", "row_hash"));
            String insert = "INSERT INTO ai_decision_logs (" + String.join(", ", columns) + ") VALUES ("
                    + columns.stream().map(c -> switch (c) {
                        case "user_prompt" -> "REPEAT('p', " + TEXT_CHARS + ")";
                        case "reasoning_trace" -> "REPEAT('r', " + TEXT_CHARS + ")";
                        default -> "?";
                    }).collect(Collectors.joining(", ")) + ")";
            String promptHash = LogColumns.sha256("p".repeat(TEXT_CHARS));
            String replyHash = LogColumns.sha256("r".repeat(TEXT_CHARS));
            try (Connection c = ds.getConnection()) {
                long accountId;
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO accounts (name, provider, model, initial_cash, current_cash) "
                            + "VALUES ('verify-memory', 'simulated', 'momentum', 10000, 10000)",
                            Statement.RETURN_GENERATED_KEYS);
                    try (var keys = st.getGeneratedKeys()) {
                        keys.next();
                        accountId = keys.getLong(1);
                    }
                }
                c.setAutoCommit(false);
                String prevHash = LogColumns.GENESIS_HASH;
                LocalDateTime start = LocalDateTime.parse("2026-01-01T00:00:00");
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    for (int seq = 1; seq <= ROWS; seq++) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("decision_id", "verify-memory-" + seq);
                        row.put("account_id", accountId);
                        row.put("decision_time", start.plusSeconds(seq));
                        row.put("tick_id", "t" + seq);
                        row.put("reason", "seeded");
                        row.put("operation", "hold");
                        row.put("prev_portion", BigDecimal.ZERO);
                        row.put("target_portion", BigDecimal.ZERO);
                        row.put("total_balance", new BigDecimal("10000.00"));
                        row.put("leverage", 1);
                        row.put("executed", "false");
                        row.put("status", "HOLD");
                        row.put("attempts", 1);
                        Map<String, Object> typed = LogColumns.normalize(row);
                        typed.put("prompt_hash", promptHash);
                        typed.put("reply_hash", replyHash);
                        typed.put("chain_seq", (long) seq);
                        typed.put("prev_hash", prevHash);
                        prevHash = LogColumns.rowHash(typed);
                        typed.put("row_hash", prevHash);
                        int i = 1;
                        for (String column : columns) {
                            if (column.equals("user_prompt") || column.equals("reasoning_trace")) {
                                continue;
                            }
                            Object v = typed.get(column);
                            if (v == null) {
                                ps.setNull(i++, Types.NULL);
                            } else if (v instanceof LocalDateTime t) {
                                ps.setString(i++, LogColumns.canonical(t).replace('T', ' '));
                            } else {
                                ps.setObject(i++, v);
                            }
                        }
                        ps.addBatch();
                        if (seq % 500 == 0) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
                    ps.setLong(1, ROWS);
                    ps.setString(2, prevHash);
                    ps.executeUpdate();
                }
                c.commit();
            }
        }
    }
}
