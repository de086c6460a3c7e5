package io.camelarena.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.camelarena.config.ArenaDataSource;
import io.camelarena.flow.MariaDbDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The audit chain on the real MySQL-compatible server (MariaDB at 127.0.0.1:3306 through MySQL Connector/J, as the
 * runtime runs it), in a database of its own: what depends on the driver and the server's SQL. With CI=true it must
 * run; elsewhere it skips when no server answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditChainMariaDbTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00.123Z");

    private String database;
    private HikariDataSource dataSource;
    private long accountId;

    @BeforeAll
    void createDatabase() throws Exception {
        database = MariaDbDatabases.create("arena_audit");
        dataSource = open();
        ArenaDataSource.migrate(dataSource);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO accounts (name, provider, model, initial_cash, current_cash) "
                    + "VALUES ('audit', 'openai', 'gpt', 10000, 10000)", Statement.RETURN_GENERATED_KEYS);
            try (var keys = st.getGeneratedKeys()) {
                keys.next();
                accountId = keys.getLong(1);
            }
        }
    }

    /** A pool on the test database; Connector/J takes this JVM's default time zone when it connects. */
    private HikariDataSource open() {
        return ArenaDataSource.create(url(), MariaDbDatabases.USER, "", 4, 10_000);
    }

    private String url() {
        return MariaDbDatabases.SERVER + database
                + "?useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=UTF-8";
    }

    @BeforeEach
    void emptyChain() throws SQLException {
        sql("DELETE FROM ai_decision_logs");
        sql("UPDATE audit_chain_head SET last_seq = 0, last_hash = '" + LogColumns.GENESIS_HASH + "' WHERE id = 1");
    }

    @AfterAll
    void dropDatabase() throws Exception {
        if (dataSource != null) {
            dataSource.close();
        }
        MariaDbDatabases.drop(database);
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private Map<String, Object> row(String tick, Object decisionTime) {
        return HoldRows.hold(accountId, tick, decisionTime, "because \uD83D\uDE80");
    }

    private AuditChain chain(javax.sql.DataSource ds) {
        return new AuditChain(ds, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void connectorJsOwnOpenTelemetryIsOffAndBatchesAreRewritten() {
        assertThat(dataSource.getDataSourceProperties()).containsEntry("openTelemetry", "DISABLED")
                .containsEntry("rewriteBatchedStatements", "true");
    }

    @Test
    void rowsWrittenTogetherAnswerEachTheIdOfItsOwnRow() throws Exception {
        // The first append waits for its connection, so the rows sent meanwhile queue and go as one rewritten
        // multi-row INSERT (rewriteBatchedStatements): Connector/J's generated keys must still match row by row.
        java.util.concurrent.CountDownLatch firstAsked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        javax.sql.DataSource blocking = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && connections.incrementAndGet() == 1) {
                        firstAsked.countDown();
                        go.await();
                    }
                    return method.invoke(dataSource, args);
                });
        AuditChain chain = chain(blocking);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            Map<String, java.util.concurrent.Future<AuditChain.Appended>> appended = new LinkedHashMap<>();
            Map<String, Object> first = row("first", LocalDateTime.parse("2026-11-25T12:00:00.000"));
            appended.put((String) first.get("decision_id"), pool.submit(() -> chain.appendRow(first)));
            firstAsked.await();
            for (int i = 0; i < 6; i++) {
                Map<String, Object> r = row("queued-" + i, LocalDateTime.parse("2026-11-25T12:00:01.000"));
                appended.put((String) r.get("decision_id"), pool.submit(() -> chain.appendRow(r)));
            }
            Thread.sleep(500); // let them reach the queue
            go.countDown();
            for (var e : appended.entrySet()) {
                assertThat(e.getValue().get().id()).as(e.getKey()).isEqualTo(idOf(e.getKey()));
            }
            assertThat(connections.get()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    private long idOf(String decisionId) throws SQLException {
        try (Connection c = dataSource.getConnection(); var ps = c.prepareStatement(
                "SELECT id FROM ai_decision_logs WHERE decision_id = ?")) {
            ps.setString(1, decisionId);
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void onlyRetentionMayClearTextsAndVerifySaysWhichRowsItCleared() throws Exception {
        AuditChain chain = chain(dataSource);
        // 10, 9 and 8 days before NOW (12:00:00.123 UTC), then one written 2 hours before it
        for (int day = 10; day >= 8; day--) {
            assertThat(chain.append(row("old-" + day, LocalDateTime.parse("2026-11-" + (25 - day) + "T11:00:00.000"))))
                    .isTrue();
        }
        assertThat(chain.append(row("recent", LocalDateTime.parse("2026-11-25T10:00:00.000")))).isTrue();
        assertThat(chain.clearTextsOlderThan(9)).isEqualTo(2);

        VerifyReport afterRetention = chain.verify();
        assertThat(afterRetention.ok()).as(afterRetention.toString()).isTrue();
        assertThat(afterRetention.textsCleared()).isEqualTo(2);
        assertThat(afterRetention.clearedByRetention()).singleElement().satisfies(range -> {
            assertThat(range.firstChainSeq()).isEqualTo(1);
            assertThat(range.lastChainSeq()).isEqualTo(2);
            assertThat(range.clearedAt()).isEqualTo("2026-11-25T12:00:00.123");
            assertThat(range.horizonDays()).isEqualTo(9);
        });

        sql("UPDATE ai_decision_logs SET user_prompt = NULL, reasoning_trace = NULL WHERE tick_id = 'recent'");
        VerifyReport erased = chain.verify();
        assertThat(erased.ok()).isFalse();
        assertThat(erased.problem()).isEqualTo(VerifyReport.Problem.ALTERED);
        assertThat(erased.chainSeq()).isEqualTo(4);
        assertThat(erased.detail()).contains("not cleared by retention");

        // made to look like retention's work: still a row younger than the horizon it names
        sql("UPDATE ai_decision_logs SET texts_cleared_at = '2026-11-25 12:00:00.123', texts_retention_days = 9 "
                + "WHERE tick_id = 'recent'");
        assertThat(chain.verify().detail()).contains("not older than the 9-day retention horizon");
    }

    @Test
    void rowsAppendedWhileVerifyWalksTheChainAreNotTakenForTampering() throws Exception {
        AuditChain writer = chain(dataSource);
        for (int i = 0; i < 3; i++) {
            assertThat(writer.append(row("before-" + i, LocalDateTime.parse("2026-11-25T12:00:00.123")))).isTrue();
        }
        AuditChain verifier = chain(AppendDuringWalk.wrap(dataSource, () -> {
            assertThat(writer.append(row("during-1", LocalDateTime.parse("2026-11-25T12:00:01.000")))).isTrue();
            assertThat(writer.append(row("during-2", LocalDateTime.parse("2026-11-25T12:00:01.000")))).isTrue();
        }));
        VerifyReport during = verifier.verify();
        assertThat(during.ok()).as(during.toString()).isTrue();
        assertThat(during.rowsChecked()).as("the chain as it was when the walk began").isEqualTo(3);
        assertThat(writer.verify().rowsChecked()).isEqualTo(5);
    }

    @Test
    void aRowWhoseTimeFallsIntoADstGapOfTheVerifiersZoneStillVerifies() throws Exception {
        // Written where 2026-03-29 02:30 exists (UTC); verified where it does not (Berlin moves from 02:00 to 03:00).
        AuditChain writer = chain(dataSource);
        assertThat(writer.append(row("before-gap", LocalDateTime.parse("2026-03-29T01:59:59.999")))).isTrue();
        assertThat(writer.append(row("in-gap", LocalDateTime.parse("2026-03-29T02:30:00.250")))).isTrue();
        TimeZone writers = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
        try (HikariDataSource berlin = open()) {
            VerifyReport report = chain(berlin).verify();
            assertThat(report.ok()).as(report.toString()).isTrue();
            assertThat(report.rowsChecked()).isEqualTo(2);
        } finally {
            TimeZone.setDefault(writers);
        }
    }
}
