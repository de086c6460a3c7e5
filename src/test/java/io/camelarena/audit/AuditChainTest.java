package io.camelarena.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camelarena.execution.H2TestDatabase;
import io.camelarena.testing.ThreadWaits;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00.123456Z");

    private H2TestDatabase db;
    private AuditChain chain;
    private long accountId;
    private final List<Long> ids = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = new H2TestDatabase();
        chain = new AuditChain(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
        accountId = db.insertAccount("audit", new BigDecimal("10000"));
        for (int i = 0; i < 5; i++) {
            assertThat(chain.append(row("tick-" + i, NOW.minus(10 - i, ChronoUnit.DAYS)))).isTrue();
        }
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT id FROM ai_decision_logs ORDER BY chain_seq")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    Map<String, Object> row(String tick, Instant time) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("decision_id", UUID.randomUUID().toString());
        row.put("account_id", accountId);
        row.put("decision_time", Timestamp.from(time));
        row.put("tick_id", tick);
        row.put("reason", "because \uD83D\uDE80 and a lone \uD800 surrogate");
        row.put("operation", "hold");
        row.put("prev_portion", new BigDecimal("0.250000"));
        row.put("target_portion", new BigDecimal("0.000000"));
        row.put("total_balance", new BigDecimal("10000.00"));
        row.put("leverage", 1);
        row.put("executed", "false");
        row.put("status", "HOLD");
        row.put("provider", "openai");
        row.put("model", "gpt");
        row.put("latency_ms", 42);
        row.put("attempts", 2);
        row.put("last_error", "HTTP 429");
        row.put("user_prompt", "prompt of " + tick);
        row.put("reasoning_trace", "{\"operation\":\"hold\"}");
        row.put("llm_output", "{\"operation\":\"hold\"}");
        return row;
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    @Test
    void replayColumnsAreHashedOnlyWhenSetSoRowsSealedBeforeThemKeepTheirHash() throws Exception {
        Map<String, Object> live = LogColumns.normalize(row("tick-x", NOW));
        Map<String, Object> withoutReplayKeys = new LinkedHashMap<>(live);
        LogColumns.HASHED_WHEN_SET.forEach(withoutReplayKeys::remove);
        assertThat(LogColumns.rowHash(live)).isEqualTo(LogColumns.rowHash(withoutReplayKeys));
        Map<String, Object> replay = new LinkedHashMap<>(live);
        replay.put("replay_of", 7L);
        assertThat(LogColumns.rowHash(replay)).isNotEqualTo(LogColumns.rowHash(live));

        Map<String, Object> replayRow = row("tick-r", NOW);
        replayRow.put("replay_of", ids.get(0));
        replayRow.put("replay_run_id", 1);
        replayRow.put("replay_target", "claude");
        assertThat(chain.append(replayRow)).isTrue();
        assertThat(chain.verify().ok()).isTrue();
        // a replay row turned into a "live" one is noticed
        sql("UPDATE ai_decision_logs SET replay_of = NULL, replay_run_id = NULL, replay_target = NULL "
                + "WHERE tick_id = 'tick-r'");
        VerifyReport report = chain.verify();
        assertThat(report.ok()).isFalse();
        assertThat(report.problem()).isEqualTo(VerifyReport.Problem.ALTERED);
    }

    @Test
    void theInputTimeAndSnapshotAreHashedWhenSetAndAChangeIsNoticed() throws Exception {
        // a row sealed before V7 (no input time, no snapshot) keeps its hash: the new columns are left out when NULL
        Map<String, Object> before = LogColumns.normalize(row("tick-x", NOW));
        Map<String, Object> withNewKeysNull = new LinkedHashMap<>(before);
        withNewKeysNull.put("inputs_as_of", null);
        withNewKeysNull.put("snapshot_id", null);
        assertThat(LogColumns.rowHash(withNewKeysNull)).isEqualTo(LogColumns.rowHash(before));

        Map<String, Object> current = row("tick-s", NOW);
        current.put("inputs_as_of", java.sql.Timestamp.from(NOW.minusSeconds(3)));
        current.put("snapshot_id", 42);
        assertThat(chain.append(current)).isTrue();
        assertThat(chain.verify().ok()).isTrue();
        // claiming the decision saw older inputs than it did is noticed
        sql("UPDATE ai_decision_logs SET inputs_as_of = NULL WHERE tick_id = 'tick-s'");
        VerifyReport report = chain.verify();
        assertThat(report.ok()).isFalse();
        assertThat(report.problem()).isEqualTo(VerifyReport.Problem.ALTERED);
    }

    @Test
    void theCostIsHashedWhenSetSoRowsSealedBeforeV10KeepTheirHashAndAChangedCostIsNoticed() throws Exception {
        Map<String, Object> before = LogColumns.normalize(row("tick-x", NOW));
        Map<String, Object> withoutCost = new LinkedHashMap<>(before);
        withoutCost.remove("cost_usd");
        assertThat(LogColumns.rowHash(before)).isEqualTo(LogColumns.rowHash(withoutCost));

        Map<String, Object> priced = row("tick-c", NOW);
        priced.put("cost_usd", new java.math.BigDecimal("0.00875500"));
        assertThat(LogColumns.rowHash(LogColumns.normalize(priced))).isNotEqualTo(LogColumns.rowHash(before));
        assertThat(chain.append(priced)).isTrue();
        assertThat(chain.verify().ok()).isTrue();
        // a decision made to look cheaper is noticed
        sql("UPDATE ai_decision_logs SET cost_usd = 0.0001 WHERE tick_id = 'tick-c'");
        VerifyReport report = chain.verify();
        assertThat(report.ok()).isFalse();
        assertThat(report.problem()).isEqualTo(VerifyReport.Problem.ALTERED);
    }

    @Test
    void anUntouchedChainVerifies() throws Exception {
        VerifyReport report = chain.verify();
        assertThat(report.ok()).isTrue();
        assertThat(report.rowsChecked()).isEqualTo(5);
        assertThat(report.toString()).startsWith("audit chain OK: 5 rows");
    }

    @Test
    void aChangedDecisionColumnNamesTheRow() throws Exception {
        sql("UPDATE ai_decision_logs SET status = 'EXECUTED' WHERE id = " + ids.get(2));
        VerifyReport report = chain.verify();
        assertThat(report.ok()).isFalse();
        assertThat(report.problem()).isEqualTo(VerifyReport.Problem.ALTERED);
        assertThat(report.rowId()).isEqualTo(ids.get(2));
        assertThat(report.chainSeq()).isEqualTo(3);
    }

    @Test
    void aChangedPromptTextNamesTheRow() throws Exception {
        sql("UPDATE ai_decision_logs SET user_prompt = 'rewritten' WHERE id = " + ids.get(1));
        VerifyReport report = chain.verify();
        assertThat(report.problem()).isEqualTo(VerifyReport.Problem.ALTERED);
        assertThat(report.rowId()).isEqualTo(ids.get(1));
        assertThat(report.detail()).contains("user_prompt");
    }

    @Test
    void aDeletedRowIsNamed() throws Exception {
        sql("DELETE FROM ai_decision_logs WHERE id = " + ids.get(2));
        VerifyReport report = chain.verify();
        assertThat(report.problem()).isEqualTo(VerifyReport.Problem.DELETED);
        assertThat(report.chainSeq()).isEqualTo(3);
        assertThat(report.rowId()).isEqualTo(ids.get(3));
    }

    @Test
    void aDeletedLastRowIsNoticedThroughTheHead() throws Exception {
        sql("DELETE FROM ai_decision_logs WHERE id = " + ids.get(4));
        VerifyReport report = chain.verify();
        assertThat(report.problem()).isEqualTo(VerifyReport.Problem.DELETED);
        assertThat(report.chainSeq()).isEqualTo(5);
    }

    @Test
    void aRowInsertedOutsideTheChainIsNamed() throws Exception {
        sql("INSERT INTO ai_decision_logs (account_id, decision_time, reason, operation, target_portion, "
                + "total_balance, status) VALUES (" + accountId + ", CURRENT_TIMESTAMP, 'forged', 'hold', 0, 1, 'HOLD')");
        VerifyReport report = chain.verify();
        assertThat(report.problem()).isEqualTo(VerifyReport.Problem.INSERTED);
        assertThat(report.rowId()).isGreaterThan(ids.get(4));
    }

    @Test
    void aRowRelinkedToAnotherPredecessorIsNamed() throws Exception {
        // A forger links row 4 to row 1, as if rows 2 and 3 were not in the chain (row 2's prev_hash, the hash of
        // row 1, copied into row 4): row 4's prev_hash no longer is the hash of row 3.
        sql("UPDATE ai_decision_logs SET prev_hash = (SELECT prev_hash FROM ai_decision_logs WHERE chain_seq = 2) "
                + "WHERE id = " + ids.get(3));
        VerifyReport report = chain.verify();
        assertThat(report.ok()).isFalse();
        assertThat(report.problem()).isEqualTo(VerifyReport.Problem.INSERTED);
        assertThat(report.rowId()).isEqualTo(ids.get(3));
        assertThat(report.chainSeq()).isEqualTo(4);
        assertThat(report.detail()).contains("prev_hash does not link to the previous row's hash");
    }

    @Test
    void aDecisionIdIsWrittenOnce() throws Exception {
        Map<String, Object> row = row("tick-dup", NOW);
        assertThat(chain.append(row)).isTrue();
        assertThat(chain.append(row)).isFalse();
        assertThat(chain.verify().rowsChecked()).isEqualTo(6);
    }

    @Test
    void concurrentAppendsKeepOneUnbrokenChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String tick = "parallel-" + i;
                futures.add(pool.submit(() -> chain.append(row(tick, NOW))));
            }
            for (Future<Boolean> f : futures) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        VerifyReport report = chain.verify();
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.rowsChecked()).isEqualTo(85);
    }

    /**
     * Appends a first row whose transaction waits for its connection, queues {@code queued} behind it, then lets the
     * first go: the queued rows are one group. Returns the outcomes, the first row's first.
     */
    private List<Future<Boolean>> appendAGroupBehindABlockedFirst(BlockedFirstConnection blocked,
            ExecutorService pool, List<Map<String, Object>> queued) throws Exception {
        AuditChain grouped = new AuditChain(blocked.dataSource, Clock.fixed(NOW, ZoneOffset.UTC));
        List<Future<Boolean>> written = new ArrayList<>();
        written.add(pool.submit(() -> grouped.append(row("first", NOW))));
        blocked.firstConnection.await();
        for (Map<String, Object> r : queued) {
            written.add(pool.submit(() -> grouped.append(r)));
        }
        // A queued row is in the queue once its thread waits for the append lock; the first waits for its connection.
        ThreadWaits.awaitThreadsWaitingIn(queued.size() + 1, AuditChain.class, "append");
        blocked.go.countDown();
        return written;
    }

    private List<Map<String, Object>> rows(String tick, int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(row(tick + "-" + i, NOW));
        }
        return rows;
    }

    @Test
    void everyAppendAnswersTheIdOfItsOwnRowAlsoWhenRowsAreWrittenTogether() throws Exception {
        BlockedFirstConnection blocked = new BlockedFirstConnection();
        AuditChain grouped = new AuditChain(blocked.dataSource, Clock.fixed(NOW, ZoneOffset.UTC));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Map<String, Future<AuditChain.Appended>> byDecisionId = new LinkedHashMap<>();
        try {
            Map<String, Object> first = row("first", NOW);
            byDecisionId.put((String) first.get("decision_id"), pool.submit(() -> grouped.appendRow(first)));
            blocked.firstConnection.await();
            for (Map<String, Object> r : rows("queued", 7)) {
                byDecisionId.put((String) r.get("decision_id"), pool.submit(() -> grouped.appendRow(r)));
            }
            Thread.sleep(500); // let them reach the queue
            blocked.go.countDown();
            for (var e : byDecisionId.entrySet()) {
                AuditChain.Appended appended = e.getValue().get();
                assertThat(appended.written()).isTrue();
                assertThat(appended.id()).as(e.getKey()).isEqualTo(idOf(e.getKey()));
            }
            // the seven queued rows were one group: one batch insert, seven generated ids
            assertThat(blocked.connections.get()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
        Map<String, Object> again = row("again", NOW);
        assertThat(chain.appendRow(again).id()).isEqualTo(idOf((String) again.get("decision_id")));
        assertThat(chain.appendRow(again)).isEqualTo(new AuditChain.Appended(false, null));
    }

    private long idOf(String decisionId) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); var ps = c.prepareStatement(
                "SELECT id FROM ai_decision_logs WHERE decision_id = ?")) {
            ps.setString(1, decisionId);
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).as("row of " + decisionId).isTrue();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void rowsQueuedWhileAnAppendRunsAreWrittenTogetherByTheNextTransaction() throws Exception {
        // Seven rows queued behind a running append must share one transaction (one head lock, one commit).
        BlockedFirstConnection blocked = new BlockedFirstConnection();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<Boolean> f : appendAGroupBehindABlockedFirst(blocked, pool, rows("queued", 7))) {
                assertThat(f.get()).isTrue();
            }
            assertThat(blocked.connections.get()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
        VerifyReport report = chain.verify();
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.rowsChecked()).isEqualTo(13);
    }

    @Test
    void aRowTheDatabaseRefusesFailsAloneAndTheRestOfItsGroupIsWritten() throws Exception {
        List<Map<String, Object>> queued = rows("good", 3);
        Map<String, Object> poison = row("poison", NOW);
        poison.put("decision_id", "x".repeat(80)); // longer than the column
        queued.add(poison);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Boolean>> written = appendAGroupBehindABlockedFirst(new BlockedFirstConnection(), pool,
                    queued);
            for (Future<Boolean> f : written.subList(0, 4)) {
                assertThat(f.get()).isTrue();
            }
            assertThatThrownBy(written.get(4)::get).hasCauseInstanceOf(SQLException.class);
        } finally {
            pool.shutdownNow();
        }
        VerifyReport report = chain.verify();
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.rowsChecked()).isEqualTo(9);
    }

    @Test
    void withoutADatabaseAQueuedGroupFailsAtOnceInsteadOfRowByRow() throws Exception {
        BlockedFirstConnection blocked = new BlockedFirstConnection();
        blocked.thenFail = true;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> written = appendAGroupBehindABlockedFirst(blocked, pool, rows("queued", 7));
            assertThat(written.get(0).get()).isTrue();
            for (Future<Boolean> f : written.subList(1, 8)) {
                assertThatThrownBy(f::get).hasCauseInstanceOf(SQLTransientConnectionException.class);
            }
            assertThat(blocked.connections.get()).as("one attempt for the group, none per row").isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anErrorWhileAppendingAGroupFailsEveryRowOfItNeverReportingItStored() throws Exception {
        BlockedFirstConnection blocked = new BlockedFirstConnection();
        blocked.thenError = true;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> written = appendAGroupBehindABlockedFirst(blocked, pool, rows("queued", 3));
            assertThat(written.get(0).get()).isTrue();
            int errors = 0;
            for (Future<Boolean> f : written.subList(1, 4)) {
                try {
                    f.get();
                    throw new AssertionError("a row of the failed group was reported written or already stored");
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOfAny(SQLException.class, OutOfMemoryError.class);
                    errors += e.getCause() instanceof OutOfMemoryError ? 1 : 0;
                }
            }
            assertThat(errors).as("the caller that hit the error gets it itself").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenTheChainHeadIsGoneEveryConcurrentAppendGetsTheError() throws Exception {
        sql("DELETE FROM audit_chain_head");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> written = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String tick = "unchainable-" + i;
                written.add(pool.submit(() -> chain.append(row(tick, NOW))));
            }
            for (Future<Boolean> f : written) {
                assertThatThrownBy(f::get).hasCauseInstanceOf(SQLException.class)
                        .hasMessageContaining("audit_chain_head has no row");
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM ai_decision_logs")) {
            rs.next();
            assertThat(rs.getLong(1)).as("nothing written without the chain head").isEqualTo(5);
        }
    }

    /** The test database, except that the first connection asked for waits until {@code go}. */
    private final class BlockedFirstConnection {
        final CountDownLatch firstConnection = new CountDownLatch(1);
        final CountDownLatch go = new CountDownLatch(1);
        final AtomicInteger connections = new AtomicInteger();
        /** After the first connection: no more (the pool timed out), or an Error instead of one. */
        volatile boolean thenFail;
        volatile boolean thenError;
        final DataSource dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        int n = connections.incrementAndGet();
                        if (n == 1) {
                            firstConnection.countDown();
                            go.await();
                        } else if (thenFail) {
                            throw new SQLTransientConnectionException("arena-db - Connection is not available,"
                                    + " request timed out after 10000ms");
                        } else if (thenError) {
                            throw new OutOfMemoryError("test");
                        }
                    }
                    return method.invoke(db.dataSource(), args);
                });
    }

    @Test
    void retentionClearsOldTextsAndVerifyReportsEachClearedRow() throws Exception {
        assertThat(chain.clearTextsOlderThan(0)).isZero();
        // rows are 10, 9, 8, 7 and 6 days old
        assertThat(chain.clearTextsOlderThan(8)).isEqualTo(2);
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM ai_decision_logs WHERE user_prompt IS NULL "
                        + "AND reasoning_trace IS NULL AND prompt_hash IS NOT NULL AND texts_cleared_at IS NOT NULL "
                        + "AND texts_retention_days = 8")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
        assertThat(chain.clearTextsOlderThan(8)).isZero();
        assertThat(chain.clearTextsOlderThan(7)).isEqualTo(1);
        VerifyReport report = chain.verify();
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.textsCleared()).isEqualTo(3);
        assertThat(report.clearedByRetention()).containsExactly(
                new ClearedTexts(ids.get(0), ids.get(1), 1, 2, 2, "2026-11-25T12:00:00.123", 8),
                new ClearedTexts(ids.get(2), ids.get(2), 3, 3, 1, "2026-11-25T12:00:00.123", 7));
        assertThat(report.toString()).contains("texts of 3 rows cleared by retention");
    }

    @Test
    void textsSetToNullOnARecentRowAreReportedAltered() throws Exception {
        sql("UPDATE ai_decision_logs SET user_prompt = NULL, reasoning_trace = NULL WHERE id = " + ids.get(4));
        VerifyReport report = chain.verify();
        assertThat(report.ok()).isFalse();
        assertThat(report.problem()).isEqualTo(VerifyReport.Problem.ALTERED);
        assertThat(report.rowId()).isEqualTo(ids.get(4));
        assertThat(report.detail()).contains("user_prompt is NULL").contains("not cleared by retention");
    }

    @Test
    void aReplyClearedAloneIsReportedAltered() throws Exception {
        sql("UPDATE ai_decision_logs SET reasoning_trace = NULL WHERE id = " + ids.get(0));
        VerifyReport report = chain.verify();
        assertThat(report.problem()).isEqualTo(VerifyReport.Problem.ALTERED);
        assertThat(report.rowId()).isEqualTo(ids.get(0));
        assertThat(report.detail()).contains("reasoning_trace is NULL");
    }

    @Test
    void aRetentionMarkOnARowYoungerThanItsHorizonDoesNotExcuseClearedTexts() throws Exception {
        // The row is 6 days old; a retention with an 8-day horizon would not have touched it.
        sql("UPDATE ai_decision_logs SET user_prompt = NULL, reasoning_trace = NULL, "
                + "texts_cleared_at = '2026-11-25 12:00:00.123', texts_retention_days = 8 WHERE id = " + ids.get(4));
        VerifyReport report = chain.verify();
        assertThat(report.problem()).isEqualTo(VerifyReport.Problem.ALTERED);
        assertThat(report.rowId()).isEqualTo(ids.get(4));
        assertThat(report.detail()).contains("not older than the 8-day retention horizon");
    }

    @Test
    void aRetentionMarkInTheFutureDoesNotExcuseClearedTexts() throws Exception {
        sql("UPDATE ai_decision_logs SET user_prompt = NULL, reasoning_trace = NULL, "
                + "texts_cleared_at = '2099-01-01 00:00:00.000', texts_retention_days = 1 WHERE id = " + ids.get(4));
        VerifyReport report = chain.verify();
        assertThat(report.problem()).isEqualTo(VerifyReport.Problem.ALTERED);
        assertThat(report.rowId()).isEqualTo(ids.get(4));
        assertThat(report.detail()).contains("in the future");
    }

    @Test
    void aRetentionMarkWithoutAHorizonDoesNotExcuseClearedTexts() throws Exception {
        sql("UPDATE ai_decision_logs SET user_prompt = NULL, reasoning_trace = NULL, "
                + "texts_cleared_at = '2026-11-25 12:00:00.123' WHERE id = " + ids.get(0));
        VerifyReport report = chain.verify();
        assertThat(report.problem()).isEqualTo(VerifyReport.Problem.ALTERED);
        assertThat(report.rowId()).isEqualTo(ids.get(0));
        assertThat(report.detail()).contains("texts_retention_days");
    }

    @Test
    void aChainWhoseTextsRetentionClearedBeforeTheHorizonWasRecordedStillVerifiesAfterTheUpgrade() throws Exception {
        // A database at V4 (before texts_retention_days): rows sealed and cleared as earlier versions did.
        String url = "jdbc:h2:mem:audit-upgrade-" + UUID.randomUUID()
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
        try (var ds = new com.zaxxer.hikari.HikariDataSource()) {
            ds.setJdbcUrl(url);
            org.flywaydb.core.Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("4")
                    .load().migrate();
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO accounts (id, name, provider, model, initial_cash, current_cash) "
                        + "VALUES (" + accountId + ", 'audit', 'openai', 'm', 10000, 10000)");
                // today's writer names the V7 and V10 columns: they exist while it writes and are dropped again, so
                // the rows are as a version before V7 left them (NULL there is not hashed)
                st.executeUpdate("ALTER TABLE ai_decision_logs ADD COLUMN inputs_as_of DATETIME(3)");
                st.executeUpdate("ALTER TABLE ai_decision_logs ADD COLUMN snapshot_id INT");
                st.executeUpdate("ALTER TABLE ai_decision_logs ADD COLUMN cost_usd DECIMAL(18,8)");
            }
            AuditChain old = new AuditChain(ds, Clock.fixed(NOW, ZoneOffset.UTC));
            for (int i = 0; i < 3; i++) {
                assertThat(old.append(row("old-" + i, NOW.minus(10 - i, ChronoUnit.DAYS)))).isTrue();
            }
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("ALTER TABLE ai_decision_logs DROP COLUMN inputs_as_of");
                st.executeUpdate("ALTER TABLE ai_decision_logs DROP COLUMN snapshot_id");
                st.executeUpdate("ALTER TABLE ai_decision_logs DROP COLUMN cost_usd");
            }
            // as retention cleared texts before V6: texts NULL, texts_cleared_at set
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE ai_decision_logs SET user_prompt = NULL, reasoning_trace = NULL, "
                        + "texts_cleared_at = '2026-11-20 03:30:00.000' WHERE tick_id IN ('old-0', 'old-1')");
            }
            org.flywaydb.core.Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            VerifyReport report = old.verify();
            assertThat(report.ok()).as(report.toString()).isTrue();
            assertThat(report.rowsChecked()).isEqualTo(3);
            assertThat(report.textsCleared()).isEqualTo(2);
            assertThat(report.clearedByRetention()).singleElement()
                    .satisfies(r -> assertThat(r.horizonDays()).isEqualTo(1));
        }
    }

    @Test
    void rowsAppendedWhileVerifyWalksTheChainAreNotTakenForTampering() throws Exception {
        AuditChain verifier = new AuditChain(AppendDuringWalk.wrap(db.dataSource(), () -> {
            assertThat(chain.append(row("during-walk-1", NOW))).isTrue();
            assertThat(chain.append(row("during-walk-2", NOW))).isTrue();
        }), Clock.fixed(NOW, ZoneOffset.UTC));
        VerifyReport during = verifier.verify();
        assertThat(during.ok()).as(during.toString()).isTrue();
        assertThat(during.rowsChecked()).as("the chain as it was when the walk began").isEqualTo(5);
        assertThat(chain.verify().rowsChecked()).isEqualTo(7);
    }

    @Test
    void aRowBeyondTheChainHeadIsNamed() throws Exception {
        // The walk stops at the head; a chained row after it (the head moved back, or a link added without moving
        // it) is still reported, as a committed append never leaves one.
        sql("UPDATE audit_chain_head SET last_seq = 4, last_hash = (SELECT row_hash FROM ai_decision_logs "
                + "WHERE chain_seq = 4)");
        VerifyReport report = chain.verify();
        assertThat(report.ok()).isFalse();
        assertThat(report.problem()).isEqualTo(VerifyReport.Problem.INSERTED);
        assertThat(report.rowId()).isEqualTo(ids.get(4));
        assertThat(report.chainSeq()).isEqualTo(5);
    }

    @Test
    void aRowWhoseTimeFallsIntoADstGapOfTheVerifiersZoneStillVerifies() throws Exception {
        // Written where 2026-03-29 02:30 exists (UTC); verified where it does not (Berlin moves from 02:00 to 03:00).
        Map<String, Object> row = row("tick-dst-gap", NOW);
        row.put("decision_time", LocalDateTime.parse("2026-03-29T02:30:00.250"));
        assertThat(chain.append(row)).isTrue();
        TimeZone writers = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
        org.h2.util.DateTimeUtils.resetCalendar();
        try {
            VerifyReport report = chain.verify();
            assertThat(report.ok()).as(report.toString()).isTrue();
            assertThat(report.rowsChecked()).isEqualTo(6);
        } finally {
            TimeZone.setDefault(writers);
            org.h2.util.DateTimeUtils.resetCalendar();
        }
    }

    @Test
    void theVerifyCommandPrintsTheVerdictAndExitsNonZeroOnTampering() throws Exception {
        String url = db.url();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int ok = VerifyCommand.run(new String[] {"--url=" + url, "--user=", "--password="},
                new PrintStream(out, true), new PrintStream(err, true));
        assertThat(ok).as(err.toString()).isZero();
        assertThat(out.toString()).contains("audit chain OK: 5 rows");

        assertThat(chain.clearTextsOlderThan(8)).isEqualTo(2);
        out.reset();
        assertThat(VerifyCommand.run(new String[] {"--url=" + url, "--user="}, new PrintStream(out, true),
                new PrintStream(err, true))).isZero();
        assertThat(out.toString()).contains("texts of 2 rows cleared by retention").contains("texts cleared by "
                + "retention: 2 rows, id " + ids.get(0) + ".." + ids.get(1) + " (chain_seq 1..2) at "
                + "2026-11-25T12:00:00.123, older than the 8-day retention horizon");

        sql("UPDATE ai_decision_logs SET total_balance = 99999 WHERE id = " + ids.get(0));
        int broken = VerifyCommand.run(new String[] {"--url=" + url, "--user="}, new PrintStream(out, true),
                new PrintStream(err, true));
        assertThat(broken).isEqualTo(1);
        assertThat(err.toString()).contains("ALTERED row id=" + ids.get(0));
    }
}
