package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camelarena.audit.VerifyReport;
import io.camelarena.audit.DecisionLogSpool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The database connection is cut in the middle of a tick (a TCP proxy between the runtime and MariaDB) and restored:
 * the rows that could not be written are spooled to disk and drained by the drain-spool route, and every decision
 * of the tick ends up in ai_decision_logs exactly once, with the hash chain intact. An order that could not commit is
 * logged as not executed. Needs MariaDB at 127.0.0.1:3306 (as MariaDbIntegrationTest: must run with CI=true).
 */
class SpoolDrainMariaDbTest extends MariaDbRouteTestSupport {

    private TcpProxy proxy;

    @Override
    protected String databasePrefix() {
        return "arena_spool";
    }

    /** Through a TCP proxy the test can cut. */
    @Override
    protected String runtimeUrl() {
        try {
            proxy = new TcpProxy("127.0.0.1", 3306);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return jdbcUrl("127.0.0.1:" + proxy.port(), "&connectTimeout=1000&socketTimeout=5000");
    }

    @AfterAll
    void closeProxy() throws java.io.IOException {
        stopRuntime(); // before the proxy it reaches its database through
        if (proxy != null) {
            proxy.close();
        }
    }

    private Connection direct() throws SQLException {
        return DriverManager.getConnection(SERVER + (database() == null ? "" : database()), USER, "");
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("arena.db.connect-timeout-ms", "1000");
        p.put("arena.decisionlog.drain-interval-ms", "500");
        p.put("arena.model.openai.timeout-ms", "5000");
        account(p, "fast", "model-fast");
        account(p, "slow-hold", "model-slow-hold");
        account(p, "slow-open", "model-slow-open");
        return p;
    }

    private void account(Properties p, String name, String model) {
        openAiAccount(p, name, model, wiremock.baseUrl() + "/v1", "ARENA_TEST_KEY");
    }

    private void stubModel(String model, String content, int delayMs) {
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(aResponse().withFixedDelay(delayMs).withHeader("Content-Type", "application/json")
                        .withBody(OpenAiStubs.completion("id-" + model, model, content, null, "stop", 10, 5))));
    }

    private Map<String, Integer> rowsPerAccount(String tickId) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = direct(); PreparedStatement ps = c.prepareStatement("SELECT a.name, COUNT(*) FROM "
                + "ai_decision_logs l JOIN accounts a ON a.id = l.account_id WHERE l.tick_id = ? GROUP BY a.name")) {
            ps.setString(1, tickId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return counts;
    }

    private int rowsOfCurrentTick() throws SQLException {
        try (Connection c = direct(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM ai_decision_logs")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aConnectionCutMidTickLosesNothingAndDuplicatesNothing() throws Exception {
        stubMarket();
        stubModel("model-fast", DecisionPipelineRouteTest.HOLD_REPLY, 0);
        stubModel("model-slow-hold", DecisionPipelineRouteTest.HOLD_REPLY, 2_000);
        stubModel("model-slow-open", DecisionPipelineRouteTest.OPEN_REPLY, 2_000);

        CompletableFuture<String> tick = CompletableFuture.supplyAsync(this::triggerTick);
        // The fast account's row is in: now the database goes away while the slow accounts still wait for replies.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> rowsOfCurrentTick() >= 1);
        proxy.cut();
        String tickId = tick.get(60, TimeUnit.SECONDS);

        DecisionLogSpool spool = context.getRegistry().lookupByNameAndType("decisionLogSpool", DecisionLogSpool.class);
        assertThat(spool.spooledCount()).isGreaterThanOrEqualTo(2);
        assertThat(rowsPerAccount(tickId)).containsOnlyKeys("fast");

        proxy.restore();
        // The drain-spool timer (every 500 ms here) writes the spooled rows.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> rowsPerAccount(tickId).size() == 3 && spool.pending() == 0);

        assertThat(rowsPerAccount(tickId)).containsExactlyInAnyOrderEntriesOf(
                Map.of("fast", 1, "slow-hold", 1, "slow-open", 1));
        // A second drain (and the timer going on) writes nothing twice.
        assertThat(template.requestBody("direct:drain-spool", null, Integer.class)).isZero();
        assertThat(rowsPerAccount(tickId).values()).containsOnly(1);

        // The order that could not commit is logged as not executed, with its cause, and left no trace.
        try (Connection c = direct(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT l.status, l.executed, l.error_code, l.error_message, l.order_id FROM ai_decision_logs l "
                        + "JOIN accounts a ON a.id = l.account_id WHERE a.name = 'slow-open'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("executed")).isEqualTo("false");
            assertThat(rs.getString("status")).isEqualTo("REJECTED");
            assertThat(rs.getString("error_message")).isNotBlank();
            assertThat(rs.getObject("order_id")).isNull();
        }
        try (Connection c = direct(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM orders")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }

        VerifyReport report = template.requestBody("direct:verify-audit-chain", null, VerifyReport.class);
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.rowsChecked()).isEqualTo(3);
    }
}
