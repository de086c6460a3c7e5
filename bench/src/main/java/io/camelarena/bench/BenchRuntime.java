package io.camelarena.bench;

import io.camelarena.app.ArenaConfiguration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * The real runtime (ArenaConfiguration.all() + routes/*.yaml + ./application.properties) on a MariaDB database of its
 * own, created for this runtime and dropped when it stops, with N openai accounts pointing at the stub model server.
 */
final class BenchRuntime implements AutoCloseable {

    static final String API_KEY = "sk-bench-0000000000000000";

    final String database;
    final Main main;
    final CamelContext context;
    final ProducerTemplate template;
    final long startMs;
    private final String serverUrl;
    private final String user;

    private BenchRuntime(String serverUrl, String user, String database, Main main, long startMs) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.database = database;
        this.main = main;
        this.context = main.getCamelContext();
        this.template = context.createProducerTemplate();
        this.startMs = startMs;
    }

    /**
     * @param overrides extra arena.* settings (parallelism, limits, schedule)
     */
    static BenchRuntime start(String serverUrl, String user, String stubBaseUrl, int accounts,
            Map<String, String> overrides) throws Exception {
        String database = "arena_bench_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = DriverManager.getConnection(serverUrl, user, ""); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("arena.db.url", serverUrl + database + "?useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=UTF-8");
        p.put("arena.db.username", user);
        p.put("arena.db.password", "");
        p.put("arena.schedule.tick-on-start", "false");
        p.put("arena.schedule.cron", "0 0 0 1 1 ? 2099");
        p.put("arena.market.prices.provider", "hyperliquid");
        p.put("arena.market.prices.url", stubBaseUrl + "/info");
        p.put("arena.market.news.url", stubBaseUrl + "/news/feed/");
        p.put("arena.model.openai.timeout-ms", "120000");
        p.put("BENCH_API_KEY", API_KEY);
        p.put("arena.accounts.sim-momentum.active", "false");
        p.put("arena.accounts.sim-contrarian.active", "false");
        for (int i = 0; i < accounts; i++) {
            String prefix = "arena.accounts." + String.format("bench%04d", i) + ".";
            p.put(prefix + "provider", "openai");
            p.put(prefix + "model", "bench-stub");
            p.put(prefix + "base-url", stubBaseUrl + "/v1");
            p.put(prefix + "api-key-env", "BENCH_API_KEY");
            p.put(prefix + "initial-cash", "1000000");
            p.put(prefix + "max-leverage", "10");
        }
        if (Boolean.parseBoolean(ArenaBench.setting("bench.otel", "false"))) {
            // OpenTelemetry on, exporting to the stub server's OTLP sink (the OTEL_* environment still wins).
            p.put("arena.otel.enabled", "true");
            p.put("otel.exporter.otlp.endpoint", stubBaseUrl);
        }
        p.putAll(overrides);

        Main main = new Main();
        ArenaConfiguration.addTo(main.configure());
        main.setPropertyPlaceholderLocations("file:application.properties");
        p.forEach(main::addOverrideProperty);
        long startMs = System.currentTimeMillis();
        try {
            main.start();
        } catch (Exception e) {
            drop(serverUrl, user, database);
            throw e;
        }
        return new BenchRuntime(serverUrl, user, database, main, startMs);
    }

    /** Runs one tick in this thread; returns its wall-clock duration in ms (fails when the tick did not complete). */
    double tick() throws SQLException {
        long t0 = System.nanoTime();
        String tickId = template.requestBody("direct:trigger-tick", null, String.class);
        double ms = (System.nanoTime() - t0) / 1e6;
        String status = scalarString("SELECT status FROM market_ticks WHERE tick_id = '" + tickId + "'");
        if (!"COMPLETED".equals(status)) {
            throw new IllegalStateException("tick " + tickId + " ended " + status);
        }
        lastTickId = tickId;
        return ms;
    }

    String lastTickId;

    DataSource dataSource() {
        return context.getRegistry().lookupByNameAndType("arenaDataSource", DataSource.class);
    }

    long scalarLong(String sql) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    double scalarDouble(String sql) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getDouble(1) : Double.NaN;
        }
    }

    String scalarString(String sql) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            main.stop();
        } finally {
            drop(serverUrl, user, database);
        }
    }

    private static void drop(String serverUrl, String user, String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl, user, ""); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database);
        }
    }
}
