package io.camelarena.audit;

import io.camelarena.support.TextLimits;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelarena.account.AccountSettings;
import io.camelarena.account.Side;
import io.camelarena.agent.DecisionRecord;
import io.camelarena.agent.DecisionStatus;
import io.camelarena.decision.DecisionError;
import io.camelarena.decision.ErrorCode;
import io.camelarena.decision.Operation;
import io.camelarena.decision.TradeDecision;
import io.camelarena.market.MarketSnapshot;
import io.camelarena.model.ApiKeys;
import io.camelarena.model.ModelPrices;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecisionLogRowBuilderTest {

    private static final String SECRET = "sk-live-SECRET123456";
    private static final Instant DECISION_TIME = Instant.parse("2025-11-25T12:00:03.456Z");
    private static final AccountSettings ACCOUNT = new AccountSettings(7, "gpt4o", "openai", "gpt-4o",
            "https://api.openai.com/v1", null, "OPENAI_API_KEY", new BigDecimal("0.7"), 1000, 10,
            new BigDecimal("10000"), true);
    private static final MarketSnapshot SNAPSHOT = new MarketSnapshot("20251125T120003Z-1", DECISION_TIME,
            Map.of("BTC", new BigDecimal("100000")), List.of(), null, "", null);
    private static final String THINK_OPEN = "<think>\n";
    private static final String THINK_CLOSE = "\n</think>\n";

    private final ApiKeys apiKeys = new ApiKeys(name -> Optional.empty());
    /** gpt-4o at the shipped list price (USD 2.50 / 10.00 per million tokens). */
    private final DecisionLogRowBuilder builder = new DecisionLogRowBuilder(apiKeys, new ModelPrices(Map.of("gpt-4o",
            new ModelPrices.Price(new BigDecimal("2.50"), new BigDecimal("10.00")))));
    private final ObjectMapper mapper = new ObjectMapper();

    private static DecisionRecord record() {
        return new DecisionRecord("20251125T120003Z-1", ACCOUNT, SNAPSHOT, DECISION_TIME);
    }

    private static TradeDecision open(BigDecimal portion, String reason) {
        return new TradeDecision(Operation.OPEN, "BTC", Side.LONG, portion, 5, reason);
    }

    @Test
    void theRowHasExactlyTheColumnsTheAuditChainWrites() {
        DecisionRecord r = record();
        r.fail(DecisionStatus.PARSE_ERROR, ErrorCode.UNPARSEABLE_REPLY, "no JSON");

        // The replay columns are set on replay rows by the replay steps; LogColumns.normalize makes them NULL here.
        List<String> columns = new java.util.ArrayList<>(builder.build(r).keySet());
        columns.addAll(List.of("replay_of", "replay_run_id", "replay_target"));
        assertThat(columns).containsExactlyInAnyOrderElementsOf(LogColumns.WRITTEN.keySet());
    }

    @Test
    void theCostOfAPricedModelIsItsTokensAtTheTablePrice() {
        DecisionRecord r = record();
        r.inputTokens(1234);
        r.outputTokens(567);
        r.settle(DecisionStatus.HOLD, null);

        // (1,234 x 2.50 + 567 x 10.00) / 1,000,000 = (3,085 + 5,670) / 1,000,000 = 0.008755
        assertThat(builder.build(r).get("cost_usd")).isEqualTo(new BigDecimal("0.00875500"));
    }

    @Test
    void anUnpricedModelHasNoCost() {
        DecisionRecord r = record();
        r.model("momentum");
        r.inputTokens(1234);
        r.outputTokens(567);
        r.settle(DecisionStatus.HOLD, null);

        assertThat(builder.build(r).get("cost_usd")).isNull();
    }

    @Test
    void everyColumnOfAnExecutedDecision() throws IOException {
        DecisionRecord r = record();
        r.prompt("You trade BTC. Decide.");
        r.totalBalance(new BigDecimal("10234.565"));
        r.prevPortion(new BigDecimal("0.1234567"));
        r.latencyMs(1234L);
        r.inputTokens(812);
        r.outputTokens(45);
        r.finishReason("stop");
        r.requestId("chatcmpl-123");
        String reply = "{\"operation\":\"open\",\"symbol\":\"BTC\",\"direction\":\"long\","
                + "\"target_portion_of_balance\":0.5,\"leverage\":5,\"reason\":\"Momentum 📈\"}";
        r.rawReply(reply);
        r.decision(open(new BigDecimal("0.5"), "Momentum 📈"));
        r.orderId(42L);
        r.settle(DecisionStatus.EXECUTED, null);

        Map<String, Object> row = builder.build(r);

        assertThat(row).containsEntry("account_id", 7L)
                .containsEntry("decision_time", Timestamp.from(DECISION_TIME))
                .containsEntry("tick_id", "20251125T120003Z-1")
                .containsEntry("reason", "Momentum 📈")
                .containsEntry("operation", "open")
                .containsEntry("symbol", "BTC")
                .containsEntry("direction", "long")
                .containsEntry("prev_portion", new BigDecimal("0.123457"))
                .containsEntry("target_portion", new BigDecimal("0.500000"))
                .containsEntry("total_balance", new BigDecimal("10234.56"))
                .containsEntry("leverage", 5)
                .containsEntry("executed", "true")
                .containsEntry("order_id", 42L)
                .containsEntry("status", "EXECUTED")
                .containsEntry("error_code", null)
                .containsEntry("error_message", null)
                .containsEntry("provider", "openai")
                .containsEntry("model", "gpt-4o")
                .containsEntry("latency_ms", 1234)
                .containsEntry("input_tokens", 812)
                .containsEntry("output_tokens", 45)
                .containsEntry("finish_reason", "stop")
                .containsEntry("request_id", "chatcmpl-123")
                .containsEntry("user_prompt", "You trade BTC. Decide.")
                .containsEntry("reasoning_trace", reply);
        JsonNode output = mapper.readTree((String) row.get("llm_output"));
        assertThat(output.get("operation").asText()).isEqualTo("open");
        assertThat(output.get("symbol").asText()).isEqualTo("BTC");
        assertThat(output.get("direction").asText()).isEqualTo("long");
        assertThat(output.get("target_portion_of_balance").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(output.get("leverage").asInt()).isEqualTo(5);
        assertThat(output.get("reason").asText()).isEqualTo("Momentum 📈");
    }

    @Test
    void anExecutedOpenThatWasScaledDownSaysSoInTheMessage() {
        DecisionRecord r = record();
        r.decision(open(BigDecimal.ONE, "all in"));
        r.orderId(43L);
        r.executionNote("scaled down to fit the cash: portion 1 at 1x needs margin 10000 + fee 7 = 10007 but cash is"
                + " 10000; opened 0.09993004 instead of 0.1");
        r.settle(DecisionStatus.EXECUTED, null);

        Map<String, Object> row = builder.build(r);

        assertThat(row).containsEntry("status", "EXECUTED").containsEntry("executed", "true")
                .containsEntry("error_code", null).containsEntry("order_id", 43L);
        assertThat((String) row.get("error_message")).startsWith("scaled down to fit the cash")
                .endsWith("opened 0.09993004 instead of 0.1");
    }

    @Test
    void everyColumnOfAParseError() {
        DecisionRecord r = record();
        r.prompt("p");
        r.totalBalance(new BigDecimal("10000"));
        r.latencyMs(80L);
        r.finishReason("stop");
        r.rawReply("I think BTC will go up, buy some.");
        r.fail(DecisionStatus.PARSE_ERROR, ErrorCode.UNPARSEABLE_REPLY, "the reply has no JSON object");

        Map<String, Object> row = builder.build(r);

        assertThat(row).containsEntry("reason", "")
                .containsEntry("operation", "none")
                .containsEntry("symbol", null)
                .containsEntry("direction", null)
                .containsEntry("prev_portion", new BigDecimal("0.000000"))
                .containsEntry("target_portion", new BigDecimal("0.000000"))
                .containsEntry("total_balance", new BigDecimal("10000.00"))
                .containsEntry("leverage", 1)
                .containsEntry("executed", "false")
                .containsEntry("order_id", null)
                .containsEntry("status", "PARSE_ERROR")
                .containsEntry("error_code", "UNPARSEABLE_REPLY")
                .containsEntry("error_message", "the reply has no JSON object")
                .containsEntry("input_tokens", null)
                .containsEntry("request_id", null)
                .containsEntry("reasoning_trace", "I think BTC will go up, buy some.")
                .containsEntry("llm_output", null);
    }

    @Test
    void holdWithoutSymbolOrPortionStoresZeroPortionAndNoDirection() {
        DecisionRecord r = record();
        r.decision(new TradeDecision(Operation.HOLD, null, null, null, 1, "wait"));
        r.settle(DecisionStatus.HOLD, null);

        Map<String, Object> row = builder.build(r);

        assertThat(row).containsEntry("operation", "hold").containsEntry("symbol", null)
                .containsEntry("direction", null).containsEntry("target_portion", new BigDecimal("0.000000"))
                .containsEntry("reason", "wait").containsEntry("executed", "false")
                .containsEntry("latency_ms", null).containsEntry("reasoning_trace", null);
    }

    @Test
    void promptIsCutAtTenThousandCodePointsWithoutSplittingAnEmoji() {
        DecisionRecord r = record();
        r.prompt("a".repeat(9_970) + "😀".repeat(100)); // 10,070 code points, 10,170 UTF-16 units
        r.fail(DecisionStatus.MODEL_ERROR, ErrorCode.MODEL_TIMEOUT, "timed out");

        String prompt = (String) builder.build(r).get("user_prompt");

        assertThat(prompt).isEqualTo("a".repeat(9_970) + "😀".repeat(9) + "…[truncated 91 chars]");
        assertThat(TextLimits.length(prompt)).isEqualTo(DecisionLogRowBuilder.PROMPT_LIMIT);
    }

    @Test
    void promptOfExactlyTheLimitIsKept() {
        DecisionRecord r = record();
        String prompt = "b".repeat(9_999) + "😀";
        r.prompt(prompt);
        r.fail(DecisionStatus.MODEL_ERROR, ErrorCode.MODEL_TIMEOUT, "timed out");

        assertThat(builder.build(r).get("user_prompt")).isEqualTo(prompt);
    }

    @Test
    void replyWithoutReasoningIsCutAtTenThousandCodePoints() {
        DecisionRecord r = record();
        r.rawReply("x".repeat(9_975) + "🚀".repeat(100));
        r.fail(DecisionStatus.PARSE_ERROR, ErrorCode.UNPARSEABLE_REPLY, "no JSON");

        String trace = (String) builder.build(r).get("reasoning_trace");

        // 10,075 code points: 9,979 kept (9,975 x + 4 rockets), 96 removed, marker of 21
        assertThat(trace).isEqualTo("x".repeat(9_975) + "🚀".repeat(4) + "…[truncated 96 chars]");
    }

    @Test
    void reasonIsCutToOneThousandUtf16UnitsSoThatH2HoldsItToo() {
        DecisionRecord r = record();
        r.decision(open(new BigDecimal("0.1"), "r".repeat(975) + "🚀".repeat(35)));
        r.settle(DecisionStatus.EXECUTED, null);

        String reason = (String) builder.build(r).get("reason");

        // 1,010 code points in 1,045 UTF-16 units: 975 r and 2 rockets (979 units) kept, 33 code points removed,
        // and the marker's 21 units make 1,000
        assertThat(reason).isEqualTo("r".repeat(975) + "🚀".repeat(2) + "…[truncated 33 chars]");
        assertThat(reason.length()).isEqualTo(DecisionLogRowBuilder.REASON_LIMIT);
    }

    @Test
    void everyVarcharColumnFitsInUtf16UnitsAsH2CountsThem() {
        DecisionRecord r = record();
        r.model("🤖".repeat(150));
        r.finishReason("😀".repeat(30));
        r.requestId("😀".repeat(150));
        r.lastError("😀".repeat(600));
        r.decision(new TradeDecision(Operation.OPEN, "🚀".repeat(15), Side.LONG, BigDecimal.ONE, 1,
                "😀".repeat(600)));
        r.settle(DecisionStatus.REJECTED, new DecisionError(ErrorCode.UNKNOWN_SYMBOL, "😀".repeat(600)));

        Map<String, Object> row = builder.build(r);

        Map<String, Integer> columns = Map.of("model", 200, "finish_reason", 40, "request_id", 200,
                "last_error", 1000, "reason", 1000, "error_message", 1000, "symbol", 20);
        columns.forEach((column, limit) -> {
            String value = (String) row.get(column);
            // each emoji is two units: the cut lands on the limit or one unit short of it
            assertThat(value.length()).as(column).isBetween(limit - 1, limit);
            assertThat(value).as(column).startsWith(column.equals("model") ? "🤖" : column.equals("symbol") ? "🚀" : "😀")
                    .contains("…");
            assertThat(value.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)).as(column).isTrue();
        });
        // no room for the long marker: nine rockets (18 units) and an ellipsis
        assertThat(row.get("symbol")).isEqualTo("🚀".repeat(9) + "…");
    }

    @Test
    void aSymbolLongerThanItsColumnIsCutWithAnEllipsisSoItNeverPassesForAnother() {
        DecisionRecord r = record();
        r.decision(new TradeDecision(Operation.OPEN, "BTC" + "X".repeat(30), Side.LONG, BigDecimal.ONE, 1, ""));
        r.fail(DecisionStatus.REJECTED, ErrorCode.UNKNOWN_SYMBOL, "unknown symbol");

        Map<String, Object> row = builder.build(r);

        assertThat(row.get("symbol")).isEqualTo("BTC" + "X".repeat(16) + "…");
        assertThat((String) row.get("llm_output")).contains("\"symbol\":\"BTC" + "X".repeat(30) + "\"");
    }

    @Test
    void aTotalBalanceBeyondDecimalEighteenTwoIsCapped() {
        for (String balance : List.of("1E+30", "-1E+30", "1E+600000000")) {
            DecisionRecord r = record();
            r.totalBalance(neverRounded(balance));
            r.fail(DecisionStatus.REJECTED, ErrorCode.NO_PRICE, "no price");

            BigDecimal stored = (BigDecimal) builder.build(r).get("total_balance");

            assertThat(stored).as(balance).isEqualTo(balance.startsWith("-")
                    ? new BigDecimal("-9999999999999999.99") : new BigDecimal("9999999999999999.99"));
        }
    }

    /**
     * Rounding 1E-600000000 or 1E+600000000 to six places takes minutes and gigabytes: the row builder must store
     * such a portion without ever rounding it.
     */
    @Test
    void aPortionWithAnAbsurdExponentIsStoredWithoutRounding() {
        assertThat(targetPortion(neverRounded("1E-600000000"))).isEqualTo(new BigDecimal("0.000000"));
        assertThat(targetPortion(neverRounded("-1E-600000000"))).isEqualTo(new BigDecimal("0.000000"));
        assertThat(targetPortion(neverRounded("1E+600000000"))).isEqualTo(new BigDecimal("9999.999999"));
        assertThat(targetPortion(neverRounded("-1E+600000000"))).isEqualTo(new BigDecimal("-9999.999999"));
        // at most half a millionth rounds to zero (HALF_EVEN), as setScale would round it
        assertThat(targetPortion(neverRounded("0.0000005"))).isEqualTo(new BigDecimal("0.000000"));
        assertThat(targetPortion(new BigDecimal("0.00000050001"))).isEqualTo(new BigDecimal("0.000001"));

        DecisionRecord r = record();
        r.prevPortion(neverRounded("1E+600000000"));
        r.fail(DecisionStatus.REJECTED, ErrorCode.POSITION_EXISTS, "exists");
        assertThat(builder.build(r).get("prev_portion")).isEqualTo(new BigDecimal("9999.999999"));
    }

    /** A number that fails the test when it is rounded. */
    private static BigDecimal neverRounded(String value) {
        return new BigDecimal(value) {
            @Override
            public BigDecimal setScale(int newScale, java.math.RoundingMode roundingMode) {
                throw new AssertionError("rounded " + value + " to " + newScale + " places");
            }

            @Override
            public BigDecimal setScale(int newScale) {
                throw new AssertionError("rounded " + value + " to " + newScale + " places");
            }
        };
    }

    @Test
    void llmOutputIsCutAtTwoThousandCodePoints() {
        DecisionRecord r = record();
        String reason = "🚀".repeat(2_100);
        r.decision(open(new BigDecimal("0.5"), reason));
        r.settle(DecisionStatus.EXECUTED, null);

        String output = (String) builder.build(r).get("llm_output");

        String head = "{\"operation\":\"open\",\"symbol\":\"BTC\",\"direction\":\"long\","
                + "\"target_portion_of_balance\":0.5,\"leverage\":5,\"reason\":\"";
        String full = head + reason + "\"}";
        int kept = DecisionLogRowBuilder.OUTPUT_LIMIT - "…[truncated 233 chars]".length();
        assertThat(TextLimits.length(full) - kept).isEqualTo(233);
        assertThat(output).isEqualTo(head + "🚀".repeat(kept - head.length()) + "…[truncated 233 chars]");
        assertThat(TextLimits.length(output)).isEqualTo(DecisionLogRowBuilder.OUTPUT_LIMIT);
    }

    @Test
    void aReplyWithSeveralDecisionObjectsSaysSoInTheLlmOutput() throws IOException {
        DecisionRecord r = record();
        r.decision(new TradeDecision(Operation.HOLD, null, null, null, 1, "corrected"));
        r.decisionObjects(3);
        r.settle(DecisionStatus.HOLD, null);

        JsonNode output = mapper.readTree((String) builder.build(r).get("llm_output"));

        assertThat(output.get("operation").asText()).isEqualTo("hold");
        assertThat(output.get(DecisionLogRowBuilder.DECISIONS_IN_REPLY).asInt()).isEqualTo(3);

        r.decisionObjects(1);
        assertThat(mapper.readTree((String) builder.build(r).get("llm_output"))
                .has(DecisionLogRowBuilder.DECISIONS_IN_REPLY)).isFalse();
    }

    @Test
    void separateReasoningComesFirstInsideThinkTags() {
        DecisionRecord r = record();
        r.reasoning("BTC broke out.\nSize it at half.");
        r.rawReply("{\"operation\":\"hold\"}");
        r.decision(new TradeDecision(Operation.HOLD, null, null, null, 1, ""));
        r.settle(DecisionStatus.HOLD, null);

        assertThat(builder.build(r).get("reasoning_trace"))
                .isEqualTo("<think>\nBTC broke out.\nSize it at half.\n</think>\n{\"operation\":\"hold\"}");
    }

    @Test
    void emptyReasoningIsNoThinkBlockAndNullReplyWithReasoningIsAnEmptyReplyPart() {
        assertThat(DecisionLogRowBuilder.reasoningTrace("reply", "")).isEqualTo("reply");
        assertThat(DecisionLogRowBuilder.reasoningTrace("reply", null)).isEqualTo("reply");
        assertThat(DecisionLogRowBuilder.reasoningTrace(null, "only reasoning"))
                .isEqualTo("<think>\nonly reasoning\n</think>\n");
    }

    @Test
    void longReasoningIsCutAndTheReplyKeptWhole() {
        String reply = "{\"operation\":\"open\",\"symbol\":\"BTC\"} " + "y".repeat(3_000);
        String reasoning = "🤔".repeat(20_000);

        String trace = DecisionLogRowBuilder.reasoningTrace(reply, reasoning);

        assertThat(TextLimits.length(trace)).isEqualTo(DecisionLogRowBuilder.REPLY_LIMIT);
        assertThat(trace).startsWith(THINK_OPEN + "🤔🤔🤔").endsWith(THINK_CLOSE + reply);
        String reasoningPart = trace.substring(THINK_OPEN.length(), trace.indexOf(THINK_CLOSE));
        assertThat(reasoningPart).matches("(🤔)+…\\[truncated \\d+ chars]");
    }

    @Test
    void aLongReplyWithShortReasoningIsKeptWholeWhenBothFit() {
        String reply = "z".repeat(7_000);
        String reasoning = "short reasoning";

        assertThat(DecisionLogRowBuilder.reasoningTrace(reply, reasoning))
                .isEqualTo(THINK_OPEN + reasoning + THINK_CLOSE + reply);
    }

    @Test
    void aLongReplyKeepsPriorityOverLongReasoning() {
        String reply = "z".repeat(8_000);
        String reasoning = "w".repeat(8_000);

        String trace = DecisionLogRowBuilder.reasoningTrace(reply, reasoning);

        assertThat(TextLimits.length(trace)).isEqualTo(DecisionLogRowBuilder.REPLY_LIMIT);
        assertThat(trace).endsWith(THINK_CLOSE + reply);
        String reasoningPart = trace.substring(THINK_OPEN.length(), trace.indexOf(THINK_CLOSE));
        assertThat(reasoningPart).matches("w+…\\[truncated \\d+ chars]");
    }

    @Test
    void aReplyLongerThanTheLimitIsCutButLeavesRoomForTheStartOfTheReasoning() {
        String trace = DecisionLogRowBuilder.reasoningTrace("z".repeat(12_000), "w".repeat(5_000));

        assertThat(TextLimits.length(trace)).isEqualTo(DecisionLogRowBuilder.REPLY_LIMIT);
        String reasoningPart = trace.substring(THINK_OPEN.length(), trace.indexOf(THINK_CLOSE));
        String replyPart = trace.substring(trace.indexOf(THINK_CLOSE) + THINK_CLOSE.length());
        assertThat(reasoningPart).isEqualTo("w".repeat(77) + "…[truncated 4923 chars]");
        assertThat(replyPart).matches("z+…\\[truncated \\d+ chars]");
    }

    @Test
    void secretsAreScrubbedFromReplyReasoningReasonOutputAndErrorMessage() {
        apiKeys.remember(SECRET);
        DecisionRecord r = record();
        r.rawReply("{\"reason\":\"my key is " + SECRET + "\"}");
        r.reasoning("the key " + SECRET + " was in the prompt");
        r.decision(open(new BigDecimal("0.2"), "my key is " + SECRET));
        r.settle(DecisionStatus.REJECTED, new DecisionError(ErrorCode.EXECUTION_FAILED,
                "POST https://api.example.com/v1?key=" + SECRET + " failed"));

        Map<String, Object> row = builder.build(r);

        assertThat(row.values()).noneMatch(v -> v instanceof String s && s.contains(SECRET));
        assertThat(row).containsEntry("reason", "my key is ***")
                .containsEntry("error_message", "POST https://api.example.com/v1?key=*** failed")
                .containsEntry("reasoning_trace",
                        "<think>\nthe key *** was in the prompt\n</think>\n{\"reason\":\"my key is ***\"}");
        assertThat((String) row.get("llm_output")).contains("\"reason\":\"my key is ***\"");
    }

    @Test
    void absurdPortionsAreCappedToFitDecimalTenSix() {
        assertThat(targetPortion(new BigDecimal("123456.789"))).isEqualTo(new BigDecimal("9999.999999"));
        assertThat(targetPortion(new BigDecimal("-50000"))).isEqualTo(new BigDecimal("-9999.999999"));
        assertThat(targetPortion(new BigDecimal("9999.9999994"))).isEqualTo(new BigDecimal("9999.999999"));
        assertThat(targetPortion(new BigDecimal("9999.9999996"))).isEqualTo(new BigDecimal("9999.999999"));
        assertThat(targetPortion(new BigDecimal("0.12345650"))).isEqualTo(new BigDecimal("0.123456"));
        assertThat(targetPortion(new BigDecimal("1.5"))).isEqualTo(new BigDecimal("1.500000"));
    }

    @Test
    void anAbsurdPreviousPortionIsCappedToo() {
        DecisionRecord r = record();
        r.prevPortion(new BigDecimal("25000.5"));
        r.fail(DecisionStatus.REJECTED, ErrorCode.POSITION_EXISTS, "exists");

        assertThat(builder.build(r).get("prev_portion")).isEqualTo(new BigDecimal("9999.999999"));
    }

    private BigDecimal targetPortion(BigDecimal portion) {
        DecisionRecord r = record();
        r.decision(open(portion, "r"));
        r.fail(DecisionStatus.REJECTED, ErrorCode.PORTION_OUT_OF_RANGE, "out of range");
        return (BigDecimal) builder.build(r).get("target_portion");
    }

    @Test
    void providerSuppliedIdsAreCutToTheirColumns() {
        DecisionRecord r = record();
        r.requestId("req-" + "x".repeat(500));
        r.finishReason("stop-" + "y".repeat(100));
        r.fail(DecisionStatus.PARSE_ERROR, ErrorCode.UNPARSEABLE_REPLY, "no JSON");

        Map<String, Object> row = builder.build(r);

        assertThat(TextLimits.length((String) row.get("request_id"))).isEqualTo(200);
        assertThat(TextLimits.length((String) row.get("finish_reason"))).isEqualTo(40);
        assertThat((String) row.get("request_id")).startsWith("req-x");
    }
}
