package io.camelarena.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.camelarena.config.ArenaDataSource;
import io.camelarena.audit.AuditChain;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The decision log's write path alone, on MariaDB: rows per second through {@link AuditChain#append} (seal and insert
 * in one transaction, concurrent rows grouped) beside two plain-JDBC writers of the same rows on the same pool, in
 * the same run: one seal transaction plus one insert per row (what the log did before grouping), and the bare
 * autocommit insert with no chain at all (the database's own limit for these rows). Rounds alternate.
 *
 * <pre>mvn -B -q -Pbench compile exec:exec -Dbench.main=io.camelarena.bench.LogWriteBench</pre>
 * Settings (-Dbench.jvm="-D..."): bench.log.threads (16), bench.log.rows (2000 per measurement), bench.rounds (3).
 */
public final class LogWriteBench {

    private LogWriteBench() {
    }

    public static void main(String[] args) throws Exception {
        String server = ArenaBench.setting("bench.db.server", "jdbc:mysql://127.0.0.1:3306/");
        String user = ArenaBench.setting("bench.db.user", "root");
        int threads = Integer.parseInt(ArenaBench.setting("bench.log.threads", "16"));
        int rows = Integer.parseInt(ArenaBench.setting("bench.log.rows", "2000"));
        int rounds = Integer.parseInt(ArenaBench.setting("bench.rounds", "3"));
        String database = "arena_logbench_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = DriverManager.getConnection(server, user, ""); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        List<String> out = new ArrayList<>();
        try (HikariDataSource ds = ArenaDataSource.create(server + database
                + "?useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=UTF-8", user, "", threads + 4, 10000)) {
            ArenaDataSource.migrate(ds);
            long accountId = insertAccount(ds);
            AuditChain chain = new AuditChain(ds, Clock.systemUTC());
            out.add(String.format("decision-log rows/s on MariaDB, %d threads, %d rows (~8.5 KB) per measurement;"
                    + " load average at start %s", threads, rows, ArenaBench.loadAverage()));
            out.add("| round | audit chain (grouped seal + insert, one tx) | plain JDBC: seal tx + insert per row |"
                    + " plain JDBC: insert only, no chain | load |");
            out.add("|---|---|---|---|---|");
            run(threads, 200, () -> chain.append(row(accountId))); // warm-up
            for (int round = 1; round <= rounds; round++) {
                double grouped = run(threads, rows, () -> chain.append(row(accountId)));
                double perRow = run(threads, rows, () -> sealThenInsert(ds, row(accountId)));
                double bare = run(threads, rows, () -> insertOnly(ds, row(accountId)));
                out.add(String.format("| %d | %.0f | %.0f | %.0f | %s |", round, grouped, perRow, bare,
                        ArenaBench.loadAverage()));
            }
        } finally {
            try (Connection c = DriverManager.getConnection(server, user, ""); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE " + database);
            }
        }
        System.out.println();
        System.out.println("==== decision-log write benchmark ====");
        out.forEach(System.out::println);
    }

    private interface Write {
        Object run() throws Exception;
    }

    /** Writes {@code rows} rows from {@code threads} threads; returns rows per second. */
    private static double run(int threads, int rows, Write write) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                tasks.add(write::run);
            }
            long t0 = System.nanoTime();
            for (Future<Object> f : pool.invokeAll(tasks)) {
                f.get();
            }
            return rows / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static final String PROMPT = "You trade crypto perpetuals. ".repeat(190);
    private static final String REPLY = "{\"operation\":\"open\",\"symbol\":\"BTC\",\"direction\":\"long\","
            + "\"target_portion_of_balance\":0.1,\"leverage\":2,\"reason\":\"" + "momentum ".repeat(45) + "\"}";

    /** A row like the pipeline's: ~5,600-character prompt, ~500-character reply. */
    private static Map<String, Object> row(long accountId) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("decision_id", UUID.randomUUID().toString());
        row.put("account_id", accountId);
        row.put("decision_time", new Timestamp(System.currentTimeMillis()));
        row.put("tick_id", "logbench");
        row.put("reason", "momentum");
        row.put("operation", "open");
        row.put("symbol", "BTC");
        row.put("direction", "long");
        row.put("prev_portion", new java.math.BigDecimal("0.000000"));
        row.put("target_portion", new java.math.BigDecimal("0.100000"));
        row.put("total_balance", new java.math.BigDecimal("10000.00"));
        row.put("leverage", 2);
        row.put("executed", "true");
        row.put("status", "EXECUTED");
        row.put("provider", "openai");
        row.put("model", "bench");
        row.put("latency_ms", 1000);
        row.put("attempts", 1);
        row.put("user_prompt", PROMPT);
        row.put("reasoning_trace", REPLY);
        row.put("llm_output", REPLY);
        return row;
    }

    private static Object sealThenInsert(HikariDataSource ds, Map<String, Object> row) throws SQLException {
        try (Connection c = ds.getConnection()) {
            PlainJdbcBaseline.sealThenInsert(c, row);
        }
        return null;
    }

    private static Object insertOnly(HikariDataSource ds, Map<String, Object> row) throws SQLException {
        try (Connection c = ds.getConnection()) {
            PlainJdbcBaseline.insertRow(c, row);
        }
        return null;
    }

    private static long insertAccount(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO accounts"
                + " (name, provider, model, initial_cash, current_cash) VALUES ('bench', 'openai', 'bench', 10000,"
                + " 10000)", Statement.RETURN_GENERATED_KEYS)) {
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }
}
