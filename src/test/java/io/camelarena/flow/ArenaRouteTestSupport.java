package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.camelarena.app.ArenaConfiguration;
import io.camelarena.runtime.RouteSetLoading;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Starts the real runtime (ArenaConfiguration.all() and the YAML routes under routes/, with arena.routes.overlay if a
 * test sets one) against local stubs: WireMock serves prices, RSS and the model APIs, and each test class gets its own
 * database. Nothing reaches the internet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ArenaRouteTestSupport extends CamelMainTestSupport {

    protected static final String API_KEY = "sk-test-4f9a8b7c6d5e4f3a2b1c";

    // Created on first use: CamelTestSupport asks for the properties from its constructor, before field initializers.
    protected WireMockServer wiremock;
    private String databaseUrl;

    private static WireMockServer startWireMock() {
        WireMockServer server = new WireMockServer(options().dynamicPort().containerThreads(20));
        server.start();
        return server;
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        ArenaConfiguration.addTo(configuration);
        // As ArenaMain: the route files are the routes directory with the overlay, if one is set.
        RouteSetLoading.install(configuration);
    }

    /** Settings every route test shares; subclasses add accounts and stubs. */
    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        if (wiremock == null) {
            wiremock = startWireMock();
        }
        if (databaseUrl == null) {
            databaseUrl = databaseUrl();
        }
        Properties p = new Properties();
        // The embedded HTTP server on a port of its own, so test classes and a runtime on 8080 never collide.
        int httpPort = freePort();
        p.put("camel.server.port", String.valueOf(httpPort));
        p.put("camel.management.port", String.valueOf(httpPort));
        p.put("arena.db.url", databaseUrl);
        p.put("arena.db.username", databaseUser());
        p.put("arena.db.password", "");
        p.put("arena.schedule.tick-on-start", "false");
        // Never fires during a test: ticks are triggered through direct:trigger-tick.
        p.put("arena.schedule.cron", "0 0 0 1 1 ? 2099");
        // The position watcher runs once at start-up, then not again during a test: tests send direct:watch-positions.
        p.put("arena.trading.watch-interval-ms", "86400000");
        p.put("arena.market.prices.url", wiremock.baseUrl() + "/info");
        p.put("arena.market.news.url", wiremock.baseUrl() + "/news/feed/");
        p.put("arena.market.prices.timeout-ms", "3000");
        p.put("arena.market.news.timeout-ms", "3000");
        p.put("arena.market.timeout-ms", "8000");
        p.put("arena.model.openai.timeout-ms", "2000");
        p.put("ARENA_TEST_KEY", API_KEY);
        // Retries stay fast in tests; each test class spools to a directory of its own.
        p.put("arena.model.retry.initial-delay-ms", "20");
        p.put("arena.model.retry.max-delay-ms", "500");
        p.put("arena.decisionlog.spool-dir", spoolDir().toString());
        // The idle replay-runs consumer looks at its queue every 100 ms instead of every second, so that stopping the
        // runtime at the end of the class does not wait up to a second for its poll.
        p.put("camel.component.seda.default-poll-timeout", "100");
        // The accounts of application.properties are replaced by the test's own.
        p.put("arena.accounts.sim-momentum.active", "false");
        p.put("arena.accounts.sim-contrarian.active", "false");
        return p;
    }

    private java.nio.file.Path spoolDir;

    protected java.nio.file.Path spoolDir() {
        if (spoolDir == null) {
            try {
                spoolDir = java.nio.file.Files.createTempDirectory("arena-spool-");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return spoolDir;
    }

    protected String databaseUrl() {
        return "jdbc:h2:mem:route-" + UUID.randomUUID()
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
    }

    protected String databaseUser() {
        return "sa";
    }

    /**
     * Stops this class's runtime (its routes, Quartz scheduler, route watcher, HTTP server and database pool), which
     * camel-test leaves running after a per-class lifecycle, then WireMock. A subclass's own {@code @AfterAll} runs
     * before this one: one that takes away what the runtime uses (a database, a proxy) calls {@link #stopRuntime()}
     * first.
     */
    @AfterAll
    void stopRuntimeAndWireMock() {
        try {
            stopRuntime();
        } finally {
            if (wiremock != null) {
                wiremock.stop();
            }
        }
    }

    /** Stops the runtime of this class; does nothing when it is stopped already or was never created. */
    protected void stopRuntime() {
        if (context != null && !context.isStopped()) {
            context.stop();
        }
    }

    /** An OpenAI-compatible account calling {@code baseUrl} with the key named by {@code keyEnv}. */
    protected static void openAiAccount(Properties p, String name, String model, String baseUrl, String keyEnv) {
        String prefix = "arena.accounts." + name + ".";
        p.put(prefix + "provider", "openai");
        p.put(prefix + "model", model);
        p.put(prefix + "base-url", baseUrl);
        p.put(prefix + "api-key-env", keyEnv);
    }

    /** Hyperliquid allMids (answering only the allMids query) and the CoinJournal RSS 2.0 fixture. */
    protected void stubMarket() {
        wiremock.stubFor(WireMock.post(WireMock.urlEqualTo("/info"))
                .withRequestBody(WireMock.equalToJson("{\"type\":\"allMids\"}"))
                .willReturn(WireMock.aResponse().withHeader("Content-Type", "application/json")
                        .withBody(resource("/stubs/hyperliquid-allmids.json"))));
        wiremock.stubFor(WireMock.get(WireMock.urlEqualTo("/news/feed/")).willReturn(WireMock.aResponse()
                .withHeader("Content-Type", "application/rss+xml; charset=UTF-8")
                .withBody(resource("/stubs/coinjournal-feed.xml"))));
    }

    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected String triggerTick() {
        return template.requestBody("direct:trigger-tick", null, String.class);
    }

    protected DataSource dataSource() {
        return context.getRegistry().lookupByNameAndType("arenaDataSource", DataSource.class);
    }

    protected List<Map<String, Object>> query(String sql) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i).toLowerCase(), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    protected Map<String, Object> decisionRow(String tickId, String accountName) throws SQLException {
        List<Map<String, Object>> rows = query("SELECT l.* FROM ai_decision_logs l JOIN accounts a ON a.id = "
                + "l.account_id WHERE l.tick_id = '" + tickId + "' AND a.name = '" + accountName + "'");
        if (rows.size() != 1) {
            throw new AssertionError("expected one row for " + accountName + " in tick " + tickId + ", got " + rows);
        }
        return rows.get(0);
    }

    public static String resource(String name) {
        try (var in = ArenaRouteTestSupport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
