package io.camelarena.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.execution.H2TestDatabase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision-log spool on H2: what a drain makes of the lines it finds, written whole, torn or sealed. */
class DecisionLogSpoolTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00.123Z");
    private static final SQLException DATABASE_AWAY = new SQLTransientConnectionException("database away");

    @TempDir
    Path dir;

    private H2TestDatabase db;
    private AuditChain chain;
    private DecisionLogSpool spool;
    private DecisionLogFailures failures;
    private long accountId;

    @BeforeEach
    void setUp() {
        db = new H2TestDatabase();
        chain = new AuditChain(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
        failures = new DecisionLogFailures(() -> { });
        spool = new DecisionLogSpool(dir, chain, failures);
        accountId = db.insertAccount("spool", new BigDecimal("10000"));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private Map<String, Object> row(String tick) {
        return HoldRows.hold(accountId, tick, LocalDateTime.parse("2026-11-25T11:59:00.250"),
                "a \"quoted\" {reason} with \uD83D\uDE80");
    }

    /** The JSON line the spool writes for {@code row} (spooled in a directory of its own and read back). */
    private String lineOf(Map<String, Object> row) throws Exception {
        Path other = Files.createTempDirectory(dir, "line");
        new DecisionLogSpool(other, chain, failures).spool(row, DATABASE_AWAY);
        String text = Files.readString(other.resolve(DecisionLogSpool.ACTIVE));
        assertThat(text).endsWith("\n");
        return text.substring(0, text.length() - 1);
    }

    private List<String> storedTicks() throws SQLException {
        List<String> ticks = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT tick_id FROM ai_decision_logs ORDER BY chain_seq")) {
            while (rs.next()) {
                ticks.add(rs.getString(1));
            }
        }
        return ticks;
    }

    private String rejected() throws Exception {
        Path file = dir.resolve(DecisionLogSpool.REJECTED);
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private void appendRaw(String text) throws Exception {
        Files.writeString(dir.resolve(DecisionLogSpool.ACTIVE), text, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void aLineTornMidRowLosesOnlyItsFragmentAndTheNextRowIsReplayed() throws Exception {
        String torn = lineOf(row("torn"));
        String fragment = torn.substring(0, torn.indexOf("\"reason\"") + 15); // cut inside the reason string
        appendRaw(fragment);                 // a crash (or a full disk) during the append: no newline
        Map<String, Object> next = row("next");
        spool.spool(next, DATABASE_AWAY);
        assertThat(Files.readAllLines(dir.resolve(DecisionLogSpool.ACTIVE)))
                .as("the fragment ended before the next row").containsExactly(fragment, lineOf(next));

        assertThat(spool.drain()).isEqualTo(1);
        assertThat(storedTicks()).containsExactly("next");
        assertThat(rejected()).isEqualTo(fragment + "\n");
        assertThat(spool.pending()).isZero();
    }

    @Test
    void aWholeRowMissingOnlyItsNewlineAndTheRowAfterItAreBothReplayed() throws Exception {
        appendRaw(lineOf(row("no-newline")));
        spool.spool(row("next"), DATABASE_AWAY);

        assertThat(spool.drain()).isEqualTo(2);
        assertThat(storedTicks()).containsExactly("no-newline", "next");
        assertThat(rejected()).isEmpty();
    }

    @Test
    void linesEarlierVersionsRanTogetherAreSplitIntoTheirRows() throws Exception {
        // What an append that did not check for a torn last line left behind: rows run together on one line.
        String fragment = lineOf(row("torn")).substring(0, 60);
        appendRaw(fragment + lineOf(row("after-fragment")) + "\n"
                + lineOf(row("first-of-two")) + lineOf(row("second-of-two")) + "\n");

        assertThat(spool.drain()).isEqualTo(3);
        assertThat(storedTicks()).containsExactly("after-fragment", "first-of-two", "second-of-two");
        assertThat(rejected()).isEqualTo(fragment + "\n");
    }

    @Test
    void aSpooledRowThatWasSealedBeforeItsInsertFailedIsReplayedWithItsSealedValues() throws Exception {
        // Earlier versions sealed a row (moving the chain head) and inserted it separately; when that insert failed
        // the sealed row was spooled, and the chain misses it until the spool drains it in its place.
        assertThat(chain.append(row("first"))).isTrue();
        Map<String, Object> sealed = row("sealed");
        assertThat(chain.append(sealed)).isTrue();
        Map<String, Object> sealedLine = storedRow((String) sealed.get("decision_id"));
        assertThat(sealedLine.get("chain_seq")).isEqualTo("2");
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM ai_decision_logs WHERE decision_id = '" + sealed.get("decision_id") + "'");
        }
        assertThat(chain.append(row("third"))).isTrue();
        assertThat(chain.verify().problem()).isEqualTo(VerifyReport.Problem.DELETED);

        spool.spool(sealedLine, DATABASE_AWAY);
        assertThat(spool.drain()).isEqualTo(1);
        spool.spool(sealedLine, DATABASE_AWAY);
        assertThat(spool.drain()).as("already stored: not written twice").isZero();

        assertThat(storedTicks()).containsExactly("first", "sealed", "third");
        VerifyReport report = chain.verify();
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.rowsChecked()).isEqualTo(3);
    }

    @Test
    void aCorruptLineAndARowTheDatabaseRefusesAreSetAsideAndTheRowsAroundThemAreReplayed() throws Exception {
        String garbage = "\u0000\u0001 not a row at all }{";
        Map<String, Object> orphan = row("orphan");
        orphan.put("account_id", accountId + 1_000); // no such account: the foreign key refuses it
        String refused = lineOf(orphan);
        appendRaw(lineOf(row("before")) + "\n" + garbage + "\n" + refused + "\n" + lineOf(row("after")) + "\n");

        assertThat(spool.drain()).isEqualTo(2);
        assertThat(storedTicks()).containsExactly("before", "after");
        assertThat(rejected()).isEqualTo(garbage + "\n" + refused + "\n");
        assertThat(spool.pending()).isZero();
        VerifyReport report = chain.verify();
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.rowsChecked()).isEqualTo(2);
    }

    @Test
    void theCostTravelsThroughTheSpoolAndALineWithoutOneDrainsWithNone() throws Exception {
        Map<String, Object> priced = row("priced");
        priced.put("cost_usd", new BigDecimal("0.00875500"));
        spool.spool(priced, DATABASE_AWAY);
        // a line an earlier version spooled has no cost_usd at all
        String current = lineOf(row("earlier"));
        assertThat(current).contains(",\"cost_usd\":null");
        appendRaw(current.replace(",\"cost_usd\":null", "") + "\n");

        assertThat(spool.drain()).isEqualTo(2);

        Map<String, BigDecimal> costs = new LinkedHashMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT tick_id, cost_usd FROM ai_decision_logs ORDER BY chain_seq")) {
            while (rs.next()) {
                costs.put(rs.getString(1), rs.getBigDecimal(2));
            }
        }
        assertThat(costs.get("priced")).isEqualByComparingTo("0.008755");
        assertThat(costs).containsKey("earlier");
        assertThat(costs.get("earlier")).isNull();
        assertThat(chain.verify().ok()).isTrue();
    }

    @Test
    void afterARestartTheSpoolLeftBehindIsDrainedOnceEvenWhenACrashCutADrainShort() throws Exception {
        Map<String, Object> first = row("first");
        for (Map<String, Object> r : List.of(first, row("second"), row("third"))) {
            spool.spool(r, DATABASE_AWAY);
        }
        // The crash: a drain had taken the file (renamed it as drain() does) and written its first row, no more.
        Files.move(dir.resolve(DecisionLogSpool.ACTIVE), dir.resolve("decisions-1764072000000.draining.jsonl"));
        assertThat(chain.append(first)).isTrue();

        // The restart: nothing of the old process but its files; the new one spools a row before its first drain.
        AuditChain restartedChain = new AuditChain(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
        DecisionLogSpool restarted = new DecisionLogSpool(dir, restartedChain, new DecisionLogFailures(() -> { }));
        restarted.spool(row("after-restart"), DATABASE_AWAY);
        assertThat(restarted.pending()).isEqualTo(4);

        assertThat(restarted.drain()).as("the first row was stored before the crash").isEqualTo(3);
        assertThat(storedTicks()).containsExactly("first", "second", "third", "after-restart");
        assertThat(restarted.pending()).isZero();
        assertThat(rejected()).isEmpty();
        VerifyReport report = restartedChain.verify();
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.rowsChecked()).isEqualTo(4);
    }

    /** A stored row with every written and chain column, as canonical text (what an earlier version spooled). */
    private Map<String, Object> storedRow(String decisionId) throws SQLException {
        Map<String, Object> line = new LinkedHashMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT * FROM ai_decision_logs WHERE decision_id = '" + decisionId + "'")) {
            assertThat(rs.next()).isTrue();
            List<String> columns = new ArrayList<>(LogColumns.WRITTEN.keySet());
            columns.addAll(List.of("prompt_hash", "reply_hash", "chain_seq", "prev_hash", "row_hash"));
            for (String column : columns) {
                LogColumns.Type type = LogColumns.type(column);
                Object raw = type == LogColumns.Type.DATETIME ? rs.getObject(column, LocalDateTime.class)
                        : rs.getObject(column);
                line.put(column, LogColumns.canonical(LogColumns.value(type, raw)));
            }
        }
        return line;
    }
}
