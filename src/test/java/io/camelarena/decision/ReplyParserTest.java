package io.camelarena.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.camelarena.account.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyParserTest {

    private static final int MAX_LEVERAGE = 10;
    /**
     * Hostile replies must end: a scan that backtracks or rescans would take hours on 1 MB, the parser takes
     * milliseconds. The limit only catches such a hang; how fast a parse is, bench/ measures (DecisionCpuBench).
     */
    private static final Duration ENDS = Duration.ofSeconds(60);

    private final ReplyParser parser = new ReplyParser();

    // ---------------------------------------------------------------- realistic replies

    static Stream<Arguments> modelReplies() {
        return Stream.of(
                arguments("GPT-4o plain JSON", """
                        {"operation": "open", "symbol": "BTC", "direction": "long", \
                        "target_portion_of_balance": 0.3, "leverage": 3, "reason": "Momentum above the 20-day MA."}""",
                        new TradeDecision(Operation.OPEN, "BTC", Side.LONG, new BigDecimal("0.3"), 3,
                                "Momentum above the 20-day MA.")),
                arguments("Claude prose and json fence", """
                        Looking at the market data, ETH has dropped 4% while funding turned negative.
                        I'll open a modest short.

                        ```json
                        {
                          "operation": "open",
                          "symbol": "ETH",
                          "direction": "short",
                          "target_portion_of_balance": 0.25,
                          "leverage": 2,
                          "reason": "Negative funding and breakdown below support."
                        }
                        ```

                        This keeps risk limited to a quarter of available cash.""",
                        new TradeDecision(Operation.OPEN, "ETH", Side.SHORT, new BigDecimal("0.25"), 2,
                                "Negative funding and breakdown below support.")),
                arguments("DeepSeek-R1 think with braces then fence", """
                        <think>
                        Okay, the user wants a decision. Let me define the set {x} of candidates, x in {BTC, ETH}.
                        If I output {"operation": "open"} here it would be a draft, not the answer. Hmm, "quotes {".
                        The portfolio has {"cash": 10000}. I think holding is best.
                        </think>

                        ```json
                        {"operation": "hold", "symbol": null, "reason": "No clear edge."}
                        ```""",
                        new TradeDecision(Operation.HOLD, null, null, null, 1, "No clear edge.")),
                arguments("DeepSeek-R1 template-opened think (closing tag only)", """
                        The user wants me to trade. {x} is the set... {"operation": "open", "symbol": "SOL"} no.
                        </think>
                        {"operation": "close", "symbol": "SOL", "direction": "long", "target_portion_of_balance": 1, \
                        "reason": "Take profit."}""",
                        new TradeDecision(Operation.CLOSE, "SOL", Side.LONG, new BigDecimal("1"), 1,
                                "Take profit.")),
                arguments("Qwen decision wrapper", """
                        {"decision": {"operation": "open", "symbol": "BTCUSDT", "direction": "LONG", \
                        "target_portion_of_balance": "20%", "leverage": "5x", "reason": "Breakout."}}""",
                        new TradeDecision(Operation.OPEN, "BTC", Side.LONG, new BigDecimal("0.20"), 5, "Breakout.")),
                arguments("Gemini prose with inline JSON", """
                        Based on my analysis, the best action is {"operation": "close", "symbol": "eth", \
                        "direction": "short", "target_portion_of_balance": 0.5, "reason": "Cover half."} and wait.""",
                        new TradeDecision(Operation.CLOSE, "ETH", Side.SHORT, new BigDecimal("0.5"), 1,
                                "Cover half.")),
                arguments("braces and quotes inside the reason string", """
                        {"operation": "hold", "reason": "Sets like {BTC, ETH} and \\"quoted {\\" text, and a } stray"}""",
                        new TradeDecision(Operation.HOLD, null, null, null, 1,
                                "Sets like {BTC, ETH} and \"quoted {\" text, and a } stray")),
                arguments("first balanced candidate is not JSON", """
                        For each asset {a} in my universe I checked trend. Decision: {"operation": "hold"}""",
                        new TradeDecision(Operation.HOLD, null, null, null, 1, "")),
                arguments("unclosed prose brace before the JSON", """
                        Remember the rule { never chase pumps. {"operation": "hold", "reason": "chop"}""",
                        new TradeDecision(Operation.HOLD, null, null, null, 1, "chop")),
                arguments("top-level array with one object", """
                        [{"operation": "open", "symbol": "BTC", "direction": "short", \
                        "target_portion_of_balance": 0.1, "leverage": 1}]""",
                        new TradeDecision(Operation.OPEN, "BTC", Side.SHORT, new BigDecimal("0.1"), 1, "")),
                arguments("bare fence, no language", """
                        Here you go:
                        ```
                        {"operation": "hold", "reason": "wait for CPI"}
                        ```""",
                        new TradeDecision(Operation.HOLD, null, null, null, 1, "wait for CPI")),
                arguments("one-line fence", "```{\"operation\": \"hold\"}```",
                        new TradeDecision(Operation.HOLD, null, null, null, 1, "")),
                arguments("first fence is not JSON, second is", """
                        Formula:
                        ```
                        size = cash * portion
                        ```
                        ```json
                        {"operation": "hold"}
                        ```""",
                        new TradeDecision(Operation.HOLD, null, null, null, 1, "")),
                arguments("non-decision object before the decision", """
                        Prices were {"BTC": 61000, "ETH": 2400}. My call: {"operation": "hold", "reason": "flat"}""",
                        new TradeDecision(Operation.HOLD, null, null, null, 1, "flat")),
                arguments("trailing comma and comment (lenient)", """
                        ```json
                        {
                          // decided after news
                          "operation": "hold",
                          "reason": "news risk",
                        }
                        ```""",
                        new TradeDecision(Operation.HOLD, null, null, null, 1, "news risk")),
                arguments("upper-case field names", """
                        {"Operation": "OPEN", "Symbol": "btc", "Direction": "Long", "Target_Portion_Of_Balance": 0.5, \
                        "Leverage": 2, "Reason": "r"}""",
                        new TradeDecision(Operation.OPEN, "BTC", Side.LONG, new BigDecimal("0.5"), 2, "r")),
                arguments("<thinking> tag in upper case", """
                        <THINKING>maybe {"operation":"open"}?</THINKING>{"operation": "hold"}""",
                        new TradeDecision(Operation.HOLD, null, null, null, 1, "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelReplies")
    void parsesRealisticReplies(String name, String reply, TradeDecision expected) {
        TradeDecision actual = parsed(reply);
        assertThat(actual).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(expected);
    }

    static Stream<Arguments> unparseableReplies() {
        return Stream.of(
                arguments("truncated mid-JSON (finish_reason=length)", """
                        ```json
                        {"operation": "open", "symbol": "BTC", "direction": "long", "target_portion_of_balance": 0.3,
                         "leverage": 3, "reason": "BTC reclaimed the range high and {funding""",
                        "invalid JSON in reply: Unexpected end-of-input"),
                arguments("truncated inside a number", """
                        {"operation": "open", "symbol": "BTC", "direction": "long", "target_portion_of_balance": 0.""",
                        "invalid JSON in reply: Unexpected character ('.' (code 46))"),
                arguments("refusal", "I can't help with that.", "no JSON object found in reply (23 chars)"),
                arguments("invalid JSON with location", "{\n  \"operation\": \"open\",\n    oops\n}",
                        "at line 3 column 5"),
                arguments("only reasoning", "<think>Let me think about {BTC}...</think>\n\n",
                        "reply has only reasoning and no answer"),
                arguments("unclosed think (cut off while reasoning)",
                        "<think>I will answer {\"operation\": \"hold\"} after checking", "only reasoning"),
                arguments("array with two decisions", "[{\"operation\": \"hold\"}, {\"operation\": \"hold\"}]",
                        "JSON array with 2 elements"),
                arguments("fenced array with two decisions",
                        "```json\n[{\"operation\": \"hold\"}, {\"operation\": \"close\"}]\n```",
                        "JSON array with 2 elements"),
                arguments("fence with a string", "```json\n\"hold\"\n```", "not an object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unparseableReplies")
    void reportsUnparseableReplies(String name, String reply, String messagePart) {
        DecisionError error = failed(reply);
        assertThat(error.code()).isEqualTo(ErrorCode.UNPARSEABLE_REPLY);
        assertThat(error.message()).contains(messagePart).hasSizeLessThan(300);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\n\t\r\n"})
    void emptyOrBlankReplyIsEmptyReply(String reply) {
        assertThat(failed(reply).code()).isEqualTo(ErrorCode.EMPTY_REPLY);
    }

    @Test
    void errorMessageNeverContainsTheWholeReply() {
        String reply = "{\"operation\": \"open\", \"reason\": \"" + "x".repeat(5_000) + "\", oops}";
        assertThat(failed(reply).message()).hasSizeLessThan(300);
    }

    // ---------------------------------------------------------------- several decision objects

    static Stream<Arguments> repliesWithSeveralDecisions() {
        return Stream.of(
                arguments("the format echoed before the answer", """
                        The format is like {"operation":"open","symbol":"BTC","direction":"long",\
                        "target_portion_of_balance":0.5,"leverage":3,"reason":"example"}. \
                        My decision: {"operation":"hold","reason":"no edge"}""",
                        new TradeDecision(Operation.HOLD, null, null, null, 1, "no edge"), 2),
                arguments("an example fence, then the answer fence", """
                        For example:
                        ```json
                        {"operation": "close", "symbol": "ETH", "direction": "short", "target_portion_of_balance": 1}
                        ```
                        Here is my answer:
                        ```json
                        {"operation": "open", "symbol": "SOL", "direction": "long", "target_portion_of_balance": 0.2}
                        ```""",
                        new TradeDecision(Operation.OPEN, "SOL", Side.LONG, new BigDecimal("0.2"), 1, ""), 2),
                arguments("a fenced answer corrected in prose", """
                        ```json
                        {"operation": "open", "symbol": "BTC", "direction": "long", "target_portion_of_balance": 0.9}
                        ```
                        Wait, that is too much risk. Corrected: {"operation": "open", "symbol": "BTC", \
                        "direction": "long", "target_portion_of_balance": 0.1}""",
                        new TradeDecision(Operation.OPEN, "BTC", Side.LONG, new BigDecimal("0.1"), 1, ""), 2),
                arguments("three drafts, the last one holds", """
                        Draft 1: {"operation":"open","symbol":"BTC","direction":"long","target_portion_of_balance":1}
                        Draft 2: {"operation":"close","symbol":"ETH","direction":"long","target_portion_of_balance":1}
                        Final: {"operation":"hold"}""",
                        new TradeDecision(Operation.HOLD, null, null, null, 1, ""), 3),
                arguments("a wrapped decision counts once", """
                        {"decision": {"operation": "open", "symbol": "BTC", "direction": "short", \
                        "target_portion_of_balance": 0.3}}""",
                        new TradeDecision(Operation.OPEN, "BTC", Side.SHORT, new BigDecimal("0.3"), 1, ""), 1),
                arguments("objects that are not decisions do not count", """
                        Prices {"BTC": 61000}. {"operation": "hold"} Risk: {"max_drawdown": 0.1}""",
                        new TradeDecision(Operation.HOLD, null, null, null, 1, ""), 1),
                arguments("an array of several before a single answer", """
                        I considered [{"operation":"hold"},{"operation":"close"}] but decided: \
                        {"operation":"close","symbol":"ETH","direction":"long","target_portion_of_balance":0.5}""",
                        new TradeDecision(Operation.CLOSE, "ETH", Side.LONG, new BigDecimal("0.5"), 1, ""), 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repliesWithSeveralDecisions")
    void theLastDecisionObjectIsTheAnswer(String name, String reply, TradeDecision expected, int decisionObjects) {
        ParseOutcome outcome = parser.parse(reply, MAX_LEVERAGE);
        assertThat(outcome).isInstanceOf(ParseOutcome.Parsed.class);
        ParseOutcome.Parsed parsed = (ParseOutcome.Parsed) outcome;
        assertThat(parsed.decision()).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(expected);
        assertThat(parsed.decisionObjects()).isEqualTo(decisionObjects);
    }

    @Test
    void aDecisionInsideTheThinkingDoesNotCount() {
        ParseOutcome.Parsed parsed = (ParseOutcome.Parsed) parser.parse(
                "<think>maybe {\"operation\":\"open\",\"symbol\":\"BTC\"}</think>{\"operation\":\"hold\"}",
                MAX_LEVERAGE);
        assertThat(parsed.decision().operation()).isEqualTo(Operation.HOLD);
        assertThat(parsed.decisionObjects()).isEqualTo(1);
    }

    static Stream<Arguments> thinkTagsInsideJsonStrings() {
        return Stream.of(
                arguments("closing tag in the reason of a reply without reasoning",
                        "{\"operation\": \"hold\", \"reason\": \"models write </think> to end reasoning\"}",
                        "models write </think> to end reasoning"),
                arguments("opening tag in the reason after the reasoning",
                        "<think>calm market</think>{\"operation\": \"hold\", \"reason\": \"no <think> needed\"}",
                        "no <think> needed"),
                arguments("both tags in the reason",
                        "{\"operation\": \"hold\", \"reason\": \"<thinking>a</thinking> and </think>\"}",
                        "<thinking>a</thinking> and </think>"),
                arguments("closing tag quoted in a draft inside the reasoning",
                        "<think>I could write {\"reason\": \"</think>\"} but no.</think>"
                                + "{\"operation\": \"hold\", \"reason\": \"after\"}",
                        "after"),
                arguments("template-opened reasoning, then a reason holding the tag",
                        "Reasoning here.</think>{\"operation\": \"hold\", \"reason\": \"x </think> y\"}",
                        "x </think> y"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("thinkTagsInsideJsonStrings")
    void aThinkTagInsideAJsonStringDoesNotCutTheReply(String name, String reply, String reason) {
        TradeDecision d = parsed(reply);
        assertThat(d.operation()).isEqualTo(Operation.HOLD);
        assertThat(d.reason()).isEqualTo(reason);
    }

    // ---------------------------------------------------------------- normalization

    // operation

    @ParameterizedTest
    @ValueSource(strings = {"open", "OPEN", " Open "})
    void openInAnyCase(String op) {
        assertThat(parsed(decision(op, "\"direction\": \"long\"")).operation()).isEqualTo(Operation.OPEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"close", "Close", "close_position", "CLOSE POSITION", "exit", "Exit"})
    void closeAndAliases(String op) {
        assertThat(parsed(decision(op, "")).operation()).isEqualTo(Operation.CLOSE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hold", "HOLD", "wait", "none", "no_action", "No Action", "no-action"})
    void holdAndAliases(String op) {
        assertThat(parsed(decision(op, "")).operation()).isEqualTo(Operation.HOLD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"buy", "BUY", "long", "Long"})
    void buyAndLongOpenLongWhenDirectionMissing(String op) {
        TradeDecision d = parsed(decision(op, ""));
        assertThat(d.operation()).isEqualTo(Operation.OPEN);
        assertThat(d.direction()).isEqualTo(Side.LONG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sell", "SELL", "short", "Short"})
    void sellAndShortOpenShortWhenDirectionMissing(String op) {
        TradeDecision d = parsed(decision(op, ""));
        assertThat(d.operation()).isEqualTo(Operation.OPEN);
        assertThat(d.direction()).isEqualTo(Side.SHORT);
    }

    @Test
    void aliasWithMatchingDirectionIsAccepted() {
        TradeDecision d = parsed(decision("short", "\"direction\": \"short\""));
        assertThat(d.operation()).isEqualTo(Operation.OPEN);
        assertThat(d.direction()).isEqualTo(Side.SHORT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"sell\", \"direction\": \"long\"", "\"buy\", \"direction\": \"short\""})
    void aliasContradictingDirectionIsRefused(String opAndDirection) {
        DecisionError error = failed("{\"operation\": " + opAndDirection + "}");
        assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_OPERATION);
        assertThat(error.message()).contains("contradicts direction");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"symbol\": \"BTC\"}", "{\"operation\": null}", "{\"operation\": \"\"}",
            "{\"operation\": {\"type\": \"open\"}}", "{\"decision\": {\"symbol\": \"BTC\"}}"})
    void missingOperation(String reply) {
        assertThat(failed(reply).code()).isEqualTo(ErrorCode.UNKNOWN_OPERATION);
    }

    @Test
    void unknownOperationIsNamedShortly() {
        DecisionError error = failed("{\"operation\": \"rebalance\"}");
        assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_OPERATION);
        assertThat(error.message()).contains("'rebalance'");
        String longOp = "y".repeat(1_000);
        assertThat(failed("{\"operation\": \"" + longOp + "\"}").message()).hasSizeLessThan(200);
    }

    // direction

    @ParameterizedTest
    @MethodSource
    void direction(String raw, Side expected) {
        assertThat(parsed(decision("open", "\"direction\": " + raw)).direction()).isEqualTo(expected);
    }

    static Stream<Arguments> direction() {
        return Stream.of(arguments("\"long\"", Side.LONG), arguments("\"LONG\"", Side.LONG),
                arguments("\"buy\"", Side.LONG), arguments("\" Short \"", Side.SHORT),
                arguments("\"sell\"", Side.SHORT), arguments("\"SELL\"", Side.SHORT),
                arguments("\"up\"", null), arguments("\"\"", null), arguments("null", null), arguments("1", null),
                arguments("[\"long\"]", null));
    }

    @Test
    void missingDirectionIsNull() {
        assertThat(parsed(decision("close", "")).direction()).isNull();
    }

    @ParameterizedTest
    @MethodSource
    void targetPortion(String field, String raw, String expected) {
        BigDecimal actual = parsed(decision("open", "\"" + field + "\": " + raw)).targetPortion();
        if (expected == null) {
            assertThat(actual).isNull();
        } else {
            assertThat(actual).isEqualTo(new BigDecimal(expected)); // equals: scale kept exactly as given
        }
    }

    static Stream<Arguments> targetPortion() {
        return Stream.of(
                arguments("target_portion_of_balance", "0.3", "0.3"),
                arguments("target_portion_of_balance", "0.30", "0.30"),
                arguments("target_portion_of_balance", "1", "1"),
                arguments("target_portion_of_balance", "\"0.25\"", "0.25"),
                arguments("target_portion_of_balance", "\"30%\"", "0.30"),
                arguments("target_portion_of_balance", "\" 12.5 % \"", "0.125"),
                arguments("target_portion_of_balance", "\"150%\"", "1.50"),
                arguments("target_portion_of_balance", "1.5", "1.5"),
                arguments("target_portion_of_balance", "-0.2", "-0.2"),
                arguments("target_portion_of_balance", "30", "30"),
                arguments("target_portion_of_balance", "\"half\"", null),
                arguments("target_portion_of_balance", "null", null),
                arguments("target_portion_of_balance", "true", null),
                arguments("target_portion_of_balance", "\"1e-2147483647%\"", null),
                arguments("target_portion", "0.4", "0.4"),
                arguments("portion", "\"40%\"", "0.40"));
    }

    @Test
    void missingPortionIsNull() {
        assertThat(parsed(decision("open", "")).targetPortion()).isNull();
    }

    @Test
    void fullPortionNameWinsOverAliases() {
        String reply = decision("open", "\"portion\": 0.9, \"target_portion_of_balance\": 0.1");
        assertThat(parsed(reply).targetPortion()).isEqualByComparingTo("0.1");
    }

    @ParameterizedTest
    @MethodSource
    void leverage(String raw, int expected) {
        assertThat(parsed(decision("open", "\"leverage\": " + raw)).leverage()).isEqualTo(expected);
    }

    static Stream<Arguments> leverage() {
        return Stream.of(
                arguments("5", 5), arguments("5.0", 5), arguments("\"5\"", 5), arguments("\"5.0\"", 5),
                arguments("\"5x\"", 5), arguments("\"5X\"", 5), arguments("\" 5 x \"", 5),
                arguments("2.5", 2), arguments("\"2.9x\"", 2), arguments("1.99", 1),
                arguments("0", 1), arguments("0.5", 1), arguments("-3", 1),
                arguments("10", 10), arguments("11", 10), arguments("100", 10), arguments("\"50x\"", 10),
                arguments("1e999999999", 10), arguments("99999999999999999999999", 10),
                arguments("1e+600000000", 10), arguments("1e-600000000", 1), arguments("-1e+600000000", 1),
                arguments("\"1e+600000000x\"", 10),
                arguments("null", 1), arguments("\"max\"", 1), arguments("\"\"", 1), arguments("true", 1),
                arguments("{\"value\": 3}", 1));
    }

    @Test
    void missingLeverageIsOne() {
        assertThat(parsed(decision("open", "")).leverage()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5})
    void maxLeverageBelowOneMeansOne(int maxLeverage) {
        ParseOutcome outcome = parser.parse(decision("open", "\"leverage\": 5"), maxLeverage);
        assertThat(((ParseOutcome.Parsed) outcome).decision().leverage()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BTC", "btc", " Btc ", "BTCUSDT", "BTCUSDC", "BTCUSD", "BTC-PERP", "BTC-USD",
            "BTC/USDC", "BTC/USDT", "BTC_USDT", "BTCPERP", "btc-usdt-perp", "BTC/USDT:USDT", "BTC-USDT"})
    void symbolIsNormalizedToBase(String raw) {
        assertThat(parsed(decision("open", "\"symbol\": \"" + raw + "\"")).symbol()).isEqualTo("BTC");
    }

    @ParameterizedTest
    @MethodSource
    void symbolEdgeCases(String raw, String expected) {
        assertThat(parsed(decision("open", "\"symbol\": " + raw)).symbol()).isEqualTo(expected);
    }

    static Stream<Arguments> symbolEdgeCases() {
        return Stream.of(arguments("\"\"", null), arguments("\"  \"", null), arguments("null", null),
                arguments("\"USDT\"", "USDT"), arguments("\"USDC\"", "USDC"), arguments("\"1000PEPEUSDT\"",
                        "1000PEPE"), arguments("\"eth\"", "ETH"), arguments("[\"BTC\"]", null));
    }

    @Test
    void missingSymbolIsNull() {
        assertThat(parsed(decision("hold", "")).symbol()).isNull();
    }

    @Test
    void reasonKeptAsGivenAndMissingIsEmpty() {
        assertThat(parsed(decision("hold", "\"reason\": \"  Keep  spacing\\n.  \"")).reason())
                .isEqualTo("  Keep  spacing\n.  ");
        assertThat(parsed(decision("hold", "")).reason()).isEmpty();
        assertThat(parsed(decision("hold", "\"reason\": null")).reason()).isEmpty();
    }

    // ---------------------------------------------------------------- hostile input

    @Test
    void oneMegabyteOfGarbageIsUnparseable() {
        String garbage = "lorem { ipsum \" dolor [ sit } amet ".repeat(30_000); // ~1 MB
        DecisionError error = assertTimeoutPreemptively(ENDS, () -> failed(garbage));
        assertThat(error.code()).isEqualTo(ErrorCode.UNPARSEABLE_REPLY);
        assertThat(error.message()).hasSizeLessThan(300);
    }

    @Test
    void oneMegabyteOfOpenBracesIsUnparseable() {
        DecisionError error = assertTimeoutPreemptively(ENDS, () -> failed("{".repeat(1 << 20)));
        assertThat(error.code()).isEqualTo(ErrorCode.UNPARSEABLE_REPLY);
    }

    @Test
    void oneMegabyteOfUnclosedThinkTagsIsUnparseable() {
        DecisionError error = assertTimeoutPreemptively(ENDS, () -> failed("<think>".repeat(150_000)));
        assertThat(error.code()).isEqualTo(ErrorCode.UNPARSEABLE_REPLY);
    }

    @Test
    void decisionAfterLongReasoningIsFound() {
        String reply = "<think>" + "hmm {x} ".repeat(100_000) + "</think>{\"operation\": \"hold\"}";
        TradeDecision d = assertTimeoutPreemptively(ENDS, () -> parsed(reply));
        assertThat(d.operation()).isEqualTo(Operation.HOLD);
    }

    @Test
    void deeplyNestedObjectsAreRefused() {
        String nested = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        DecisionError error = assertTimeoutPreemptively(ENDS, () -> failed(nested));
        assertThat(error.code()).isEqualTo(ErrorCode.UNPARSEABLE_REPLY);
        assertThat(error.message()).contains("nesting depth");
    }

    @Test
    void deeplyNestedArraysAreRefused() {
        String nested = "[".repeat(10_000) + "]".repeat(10_000);
        DecisionError error = assertTimeoutPreemptively(ENDS, () -> failed(nested));
        assertThat(error.code()).isEqualTo(ErrorCode.UNPARSEABLE_REPLY);
    }

    @Test
    void decisionAfterDeepNestingIsStillFound() {
        String nested = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        TradeDecision d = parsed(nested + " then {\"operation\": \"hold\"}");
        assertThat(d.operation()).isEqualTo(Operation.HOLD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD800", "{\"operation\": \"\uDC00open\"}", "{\"operation\": \"hold\", \"reason\": \"\uD800\"}",
            "\u0000\u0001\u001F{\u0000}", "{\"operation\": \"ho\u0000ld\"}", "{\"reason\": \"a\u0007b\"}",
            "{\"operation\u0000\": 1}", "\uFEFF{\"operation\": \"hold\"}", "}{", "\"{\"", "{\"a\": \"\\", "```",
            "```json", "<think>", "</think>", "[", "[{}]", "{}", "[]", "null", "{\"decision\": null}"})
    void oddInputNeverThrows(String reply) {
        ParseOutcome outcome = parser.parse(reply, MAX_LEVERAGE);
        assertThat(outcome).isNotNull();
        if (outcome instanceof ParseOutcome.Failed f) {
            assertThat(f.error().message()).isNotBlank().doesNotContainPattern("[\\x00-\\x1F\\uD800-\\uDFFF]");
        }
    }

    @Test
    void controlCharactersInUnrecognizedTokenAreNotEchoed() {
        DecisionError error = failed("{\"operation\": ho\u0001\u0002ld}");
        assertThat(error.code()).isEqualTo(ErrorCode.UNPARSEABLE_REPLY);
        assertThat(error.message()).doesNotContainPattern("[\\x00-\\x1F]");
    }

    // ---------------------------------------------------------------- helpers

    /** A reply holding one decision object with {@code operation} and extra raw JSON members. */
    private static String decision(String operation, String members) {
        return "{\"operation\": \"" + operation + "\"" + (members.isEmpty() ? "" : ", " + members) + "}";
    }

    private TradeDecision parsed(String reply) {
        ParseOutcome outcome = parser.parse(reply, MAX_LEVERAGE);
        assertThat(outcome).isInstanceOf(ParseOutcome.Parsed.class);
        return ((ParseOutcome.Parsed) outcome).decision();
    }

    private DecisionError failed(String reply) {
        ParseOutcome outcome = parser.parse(reply, MAX_LEVERAGE);
        assertThat(outcome).isInstanceOf(ParseOutcome.Failed.class);
        return ((ParseOutcome.Failed) outcome).error();
    }

    @Test
    void exitPricesAreReadAsNumbersOrNumericText() {
        TradeDecision d = parsed("{\"operation\": \"open\", \"symbol\": \"BTC\", \"direction\": \"long\","
                + " \"target_portion_of_balance\": 0.2, \"leverage\": 3, \"take_profit\": 105000,"
                + " \"stop_loss\": \"95000.5\", \"reason\": \"r\"}");
        assertThat(d.takeProfit()).isEqualByComparingTo("105000");
        assertThat(d.stopLoss()).isEqualByComparingTo("95000.5");
    }

    @Test
    void absentOrNonNumericExitsAreNone() {
        TradeDecision d = parsed("{\"operation\": \"open\", \"symbol\": \"BTC\", \"direction\": \"long\","
                + " \"target_portion_of_balance\": 0.2, \"take_profit\": \"none\", \"reason\": \"r\"}");
        assertThat(d.takeProfit()).isNull();
        assertThat(d.stopLoss()).isNull();
    }
}
