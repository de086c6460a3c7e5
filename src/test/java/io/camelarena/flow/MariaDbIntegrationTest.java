package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.account.AccountSettings;
import io.camelarena.audit.AuditChain;
import io.camelarena.audit.VerifyReport;
import io.camelarena.agent.DecisionRecord;
import io.camelarena.agent.DecisionStatus;
import io.camelarena.decision.ErrorCode;
import io.camelarena.audit.DecisionLogRowBuilder;
import io.camelarena.audit.LongestRow;
import io.camelarena.support.TextLimits;
import io.camelarena.market.MarketSnapshot;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime on the real MySQL-compatible server (MariaDB at 127.0.0.1:3306, user root, no password), in a database
 * of its own that the test creates and drops. With CI=true it must run; elsewhere it skips when no server answers.
 */
class MariaDbIntegrationTest extends MariaDbRouteTestSupport {

    private static final int RETENTION_DAYS = 30;

    @Override
    protected String databasePrefix() {
        return "arena_it";
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("arena.accounts.sim.provider", "simulated");
        p.put("arena.accounts.sim.model", "momentum");
        openAiAccount(p, "gpt", "gpt-4o", wiremock.baseUrl() + "/v1", "ARENA_TEST_KEY");
        p.put("arena.retention.days", String.valueOf(RETENTION_DAYS));
        return p;
    }

    @BeforeEach
    void stubs() {
        wiremock.resetAll();
        stubMarket();
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(OpenAiStubs.completion("chatcmpl-it-1", "gpt-4o", DecisionPipelineRouteTest.OPEN_REPLY,
                        "Momentum 📈 favours BTC.", "stop", 900, 80))));
    }

    @Test
    void migrationsApplyAndATickWritesCompleteRows() throws Exception {
        assertThat(query("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL"))
                .allSatisfy(r -> assertThat(r.get("success")).isIn(true, 1, (byte) 1));
        assertThat(query("SELECT CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                + database() + "' AND TABLE_NAME = 'ai_decision_logs' AND COLUMN_NAME = 'user_prompt'"))
                .singleElement().satisfies(r -> assertThat(r.get("character_set_name")).isEqualTo("utf8mb4"));

        String tickId = triggerTick();

        Map<String, Object> gpt = decisionRow(tickId, "gpt");
        assertThat(gpt).containsEntry("status", "EXECUTED").containsEntry("executed", "true")
                .containsEntry("request_id", "chatcmpl-it-1").containsEntry("input_tokens", 900);
        assertThat(gpt.get("order_id")).isNotNull();
        assertThat((String) gpt.get("reasoning_trace")).contains("Momentum 📈 favours BTC.")
                .endsWith(DecisionPipelineRouteTest.OPEN_REPLY);
        assertThat(gpt.get("decision_time")).isNotNull();
        assertThat(gpt.get("created_at")).isNotNull();

        Map<String, Object> sim = decisionRow(tickId, "sim");
        assertThat(sim.get("status")).isIn("EXECUTED", "HOLD");
        assertThat((String) sim.get("user_prompt")).contains("95234.5");
        assertThat((String) sim.get("reasoning_trace")).contains("```json");
        assertThat((String) sim.get("llm_output")).startsWith("{\"operation\"");

        List<Map<String, Object>> orders = query("SELECT * FROM orders");
        assertThat(orders).isNotEmpty();
    }

    @Test
    void aTenThousandCharacterPromptWithEmojiAtTheCutSurvivesTheRoundTrip() throws Exception {
        triggerTick();
        long accountId = ((Number) query("SELECT id FROM accounts WHERE name = 'sim'").get(0).get("id")).longValue();
        List<?> accounts = context.getRegistry().lookupByNameAndType("arenaAccounts", List.class);
        AccountSettings account = accounts.stream().map(AccountSettings.class::cast)
                .filter(a -> a.id() == accountId).findFirst().orElseThrow();

        String prompt = "p".repeat(9_975) + "🚀".repeat(40) + " tail ü中";
        String reply = "r".repeat(9_990) + "😀".repeat(30);
        DecisionRecord record = new DecisionRecord("it-roundtrip", account,
                new MarketSnapshot("it-roundtrip", Instant.now(), Map.of(), List.of(), null, "", null),
                Instant.now());
        record.prompt(prompt);
        record.rawReply(reply);
        record.fail(DecisionStatus.PARSE_ERROR, ErrorCode.UNPARSEABLE_REPLY, "no JSON object found in reply");
        Map<String, Object> row = context.getRegistry()
                .lookupByNameAndType("decisionLogRows", DecisionLogRowBuilder.class).build(record);
        template.sendBody("direct:log-decision", row);

        Map<String, Object> stored = query("SELECT * FROM ai_decision_logs WHERE tick_id = 'it-roundtrip'").get(0);
        String storedPrompt = (String) stored.get("user_prompt");
        String storedReply = (String) stored.get("reasoning_trace");
        assertThat(storedPrompt).isEqualTo(TextLimits.truncate(prompt, 10_000));
        assertThat(storedReply).isEqualTo(TextLimits.truncate(reply, 10_000));
        assertThat(storedPrompt.codePointCount(0, storedPrompt.length())).isLessThanOrEqualTo(10_000);
        assertThat(storedPrompt).contains("🚀").contains("[truncated");
        // No lone surrogate: every emoji at the cut is whole or gone.
        assertThat(storedPrompt.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)).isTrue();
        assertThat(stored).containsEntry("status", "PARSE_ERROR").containsEntry("error_code", "UNPARSEABLE_REPLY");
    }

    /** The longest values of every column, built by the real row builder and written by the real route. */
    @Test
    void theLongestValuesOfEveryColumnAreStoredAsBuilt() throws Exception {
        long accountId = ((Number) query("SELECT id FROM accounts WHERE name = 'sim'").get(0).get("id")).longValue();
        List<?> accounts = context.getRegistry().lookupByNameAndType("arenaAccounts", List.class);
        AccountSettings account = accounts.stream().map(AccountSettings.class::cast)
                .filter(a -> a.id() == accountId).findFirst().orElseThrow();
        DecisionRecord record = LongestRow.record(account);
        Map<String, Object> row = LongestRow.asReplay(context.getRegistry()
                .lookupByNameAndType("decisionLogRows", DecisionLogRowBuilder.class).build(record));

        template.sendBody("direct:log-decision", row);

        try (Connection c = dataSource().getConnection()) {
            LongestRow.assertStoredAsBuilt(row, LongestRow.read(c, record.decisionId()));
        }
        VerifyReport report = context.getRegistry().lookupByNameAndType("auditChain", AuditChain.class).verify();
        assertThat(report.ok()).as(report.toString()).isTrue();
    }

    @Test
    void rowsLoggedConcurrentlyAreAllStoredInOneUnbrokenChain() throws Exception {
        triggerTick();
        long accountId = ((Number) query("SELECT id FROM accounts WHERE name = 'sim'").get(0).get("id")).longValue();
        List<?> accounts = context.getRegistry().lookupByNameAndType("arenaAccounts", List.class);
        AccountSettings account = accounts.stream().map(AccountSettings.class::cast)
                .filter(a -> a.id() == accountId).findFirst().orElseThrow();
        DecisionLogRowBuilder rows = context.getRegistry().lookupByNameAndType("decisionLogRows",
                DecisionLogRowBuilder.class);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                DecisionRecord record = new DecisionRecord("it-concurrent", account,
                        new MarketSnapshot("it-concurrent", Instant.now(), Map.of(), List.of(), null, "", null),
                        Instant.now());
                record.prompt("prompt " + i + " " + "x".repeat(5_000));
                record.rawReply("{\"operation\":\"hold\"}");
                record.fail(DecisionStatus.PARSE_ERROR, ErrorCode.UNPARSEABLE_REPLY, "row " + i);
                sent.add(pool.submit(() -> template.sendBody("direct:log-decision", rows.build(record))));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(query("SELECT COUNT(*) AS n FROM ai_decision_logs WHERE tick_id = 'it-concurrent'"))
                .singleElement().satisfies(r -> assertThat(((Number) r.get("n")).intValue()).isEqualTo(60));
        VerifyReport report = context.getRegistry().lookupByNameAndType("auditChain", AuditChain.class).verify();
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.rowsChecked()).isEqualTo(((Number) query("SELECT COUNT(*) AS n FROM ai_decision_logs")
                .get(0).get("n")).longValue());
    }

    @Test
    void retentionThroughItsRouteClearsOldTextsAndTheChainStillVerifies() throws Exception {
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            logDecision("it-retention-old", now.minus(Duration.ofDays(RETENTION_DAYS + 10)).plusSeconds(i));
        }
        logDecision("it-retention-young", now.minus(Duration.ofDays(RETENTION_DAYS - 1)));

        assertThat(template.requestBody("direct:retention", null, Integer.class)).isEqualTo(3);

        assertThat(query("SELECT user_prompt, reasoning_trace, prompt_hash, reply_hash, texts_cleared_at, "
                + "texts_retention_days FROM ai_decision_logs WHERE tick_id = 'it-retention-old'")).hasSize(3)
                .allSatisfy(r -> {
                    assertThat(r).containsEntry("user_prompt", null).containsEntry("reasoning_trace", null)
                            .containsEntry("texts_retention_days", RETENTION_DAYS);
                    assertThat(r.get("prompt_hash")).isNotNull();
                    assertThat(r.get("reply_hash")).isNotNull();
                    assertThat(r.get("texts_cleared_at")).isNotNull();
                });
        assertThat(query("SELECT user_prompt, texts_cleared_at FROM ai_decision_logs WHERE tick_id = "
                + "'it-retention-young'")).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("user_prompt", "retention prompt").containsEntry("texts_cleared_at", null));
        assertThat(template.requestBody("direct:retention", null, Integer.class)).as("nothing left to clear").isZero();

        VerifyReport report = template.requestBody("direct:verify-audit-chain", null, VerifyReport.class);
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.textsCleared()).isEqualTo(3);
        assertThat(report.clearedByRetention()).singleElement().satisfies(cleared -> {
            assertThat(cleared.rows()).isEqualTo(3);
            assertThat(cleared.horizonDays()).isEqualTo(RETENTION_DAYS);
        });
    }

    /** A PARSE_ERROR row of account sim at {@code time}, through the log-decision route. */
    private void logDecision(String tickId, Instant time) throws Exception {
        long accountId = ((Number) query("SELECT id FROM accounts WHERE name = 'sim'").get(0).get("id")).longValue();
        List<?> accounts = context.getRegistry().lookupByNameAndType("arenaAccounts", List.class);
        AccountSettings account = accounts.stream().map(AccountSettings.class::cast)
                .filter(a -> a.id() == accountId).findFirst().orElseThrow();
        DecisionRecord record = new DecisionRecord(tickId, account,
                new MarketSnapshot(tickId, time, Map.of(), List.of(), null, "", null), time);
        record.prompt("retention prompt");
        record.rawReply("not a decision");
        record.fail(DecisionStatus.PARSE_ERROR, ErrorCode.UNPARSEABLE_REPLY, "seeded");
        template.sendBody("direct:log-decision", context.getRegistry().lookupByNameAndType("decisionLogRows",
                DecisionLogRowBuilder.class).build(record));
    }
}
