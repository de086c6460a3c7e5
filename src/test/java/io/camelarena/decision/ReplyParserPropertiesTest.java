package io.camelarena.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelarena.account.Side;
import io.camelarena.support.PropertyRuns;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Model replies are untrusted input: whatever arrives, the parser returns a decision or a coded error, never throws;
 * a decision written in any of the forms {@link ReplyParser} documents is read back with the values it was written
 * with; hostile values in a decision-like object give the decision or the refusal the rules say. Tries are kept
 * modest so the suite stays fast.
 */
class ReplyParserPropertiesTest {

    private static final Set<ErrorCode> PARSER_CODES = EnumSet.of(ErrorCode.EMPTY_REPLY, ErrorCode.UNPARSEABLE_REPLY,
            ErrorCode.UNKNOWN_OPERATION);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReplyParser parser = new ReplyParser();

    // --- any text ------------------------------------------------------------------------------------------------

    @Test
    void anyTextIsADecisionOrACodedError() {
        PropertyRuns.qt(300, 10_000).forAll(replies(), integers().between(1, 125))
                .checkAssert(this::isADecisionOrACodedError);
    }

    private void isADecisionOrACodedError(String reply, int maxLeverage) {
        ParseOutcome outcome = parser.parse(reply, maxLeverage);

        assertThat(parser.parse(reply, maxLeverage)).as("the same reply parses the same way").isEqualTo(outcome);
        if (outcome instanceof ParseOutcome.Failed failed) {
            assertThat(failed.error().code()).isIn(PARSER_CODES);
            assertThat(failed.error().code() == ErrorCode.EMPTY_REPLY).as("EMPTY_REPLY exactly when blank: " + failed)
                    .isEqualTo(reply == null || reply.isBlank());
            assertThat(failed.error().message()).isNotBlank();
        } else {
            TradeDecision decision = ((ParseOutcome.Parsed) outcome).decision();
            assertThat(reply).isNotBlank();
            assertThat(decision.operation()).isNotNull();
            assertThat(decision.leverage()).isBetween(1, maxLeverage);
            assertThat(decision.reason()).isNotNull();
            if (decision.symbol() != null) {
                assertThat(decision.symbol()).isNotBlank().isEqualTo(decision.symbol().toUpperCase(Locale.ROOT));
            }
        }
    }

    static Gen<String> replies() {
        Gen<String> anyChars = stringsOf(Generate.characters(Character.MIN_VALUE, Character.MAX_VALUE), 400);
        Gen<String> jsonish = stringsOf(Generate.pick(chars("{}[]\":,`\\ntrue-0.5e9xBTC<>/think")), 300);
        Gen<String> fenced = jsonish.map(s -> "```json\n" + s + "\n```");
        Gen<String> controls = stringsOf(Generate.oneOf(Generate.characters(0, 0x1f),
                Generate.characters(0xD800, 0xDFFF)), 100).map(s -> "{\"operation\":\"" + s + "\"}");
        return Generate.oneOf(anyChars, jsonish, fenced, controls);
    }

    // --- hostile values in a decision-like object ---------------------------------------------------------------

    /**
     * One value written into a decision-like object: its JSON text, what it reads as for the portion and for the
     * leverage (maximum 10), and whether the object is still valid JSON with it. A raw control character in a string
     * and the tokens NaN and 0x10 are not JSON.
     */
    record Hostile(String json, BigDecimal portion, int leverage, boolean validJson) {
        @Override
        public String toString() {
            return json;
        }
    }

    private static final List<Hostile> HOSTILE_NUMBERS = List.of(
            new Hostile("0.5", new BigDecimal("0.5"), 1, true),
            new Hostile("-1", new BigDecimal("-1"), 1, true),
            new Hostile("1e309", new BigDecimal("1e309"), 10, true),
            new Hostile("NaN", null, 0, false),
            new Hostile("\"5x\"", null, 5, true),
            new Hostile("\"abc\"", null, 1, true),
            new Hostile("null", null, 1, true),
            new Hostile("[]", null, 1, true),
            new Hostile("{}", null, 1, true),
            new Hostile("99999999999999999999999999", new BigDecimal("99999999999999999999999999"), 10, true),
            new Hostile("\"\"", null, 1, true),
            new Hostile("0x10", null, 0, false),
            new Hostile("true", null, 1, true));
    /** Operation text, and what it reads as with direction long; null: refused as UNKNOWN_OPERATION. */
    private static final Map<String, Operation> HOSTILE_OPERATIONS = Map.of(
            "open", Operation.OPEN, "close", Operation.CLOSE, "hold", Operation.HOLD, "BUY", Operation.OPEN);
    private static final List<String> OPERATION_TEXTS = List.of("open", "close", "hold", "BUY", "sell", "", "null",
            "\u0000", "open\uD800");
    /** Symbol text and the symbol it reads as. */
    private static final Map<String, String> HOSTILE_SYMBOLS = Map.of("BTC", "BTC", "btc-perp", "BTC",
            "BTC/USDC", "BTC", "", "", "\uD83D\uDE80", "\uD83D\uDE80", "null", "NULL", "[]", "[]");

    @Test
    void hostileValuesInADecisionGiveTheDecisionOrTheRefusalTheRulesSay() {
        Gen<String> operation = Generate.pick(OPERATION_TEXTS);
        // sorted: Map.of iterates in a different order in each JVM, and a seed must give the same examples
        Gen<String> symbol = Generate.pick(HOSTILE_SYMBOLS.keySet().stream().sorted().toList());
        Gen<Hostile> number = Generate.pick(HOSTILE_NUMBERS);
        PropertyRuns.qt(100, 10_000).forAll(operation, symbol, number, number)
                .checkAssert(this::readsAsTheRulesSay);
    }

    private void readsAsTheRulesSay(String operation, String symbol, Hostile portion, Hostile leverage) {
        String reply = "{\"operation\":\"" + operation + "\",\"symbol\":\"" + symbol
                + "\",\"direction\":\"long\",\"target_portion_of_balance\":" + portion.json() + ",\"leverage\":"
                + leverage.json() + ",\"reason\":\"r\"}";

        ParseOutcome outcome = parser.parse(reply, 10);

        boolean validJson = portion.validJson() && leverage.validJson() && operation.chars().noneMatch(c -> c < 0x20);
        Operation expected = HOSTILE_OPERATIONS.get(operation);
        if (!validJson) {
            // the object does not parse, and braces inside a span that does not parse are no candidates of their own
            assertThat(outcome).as(reply).isInstanceOfSatisfying(ParseOutcome.Failed.class,
                    failed -> assertThat(failed.error().code()).isEqualTo(ErrorCode.UNPARSEABLE_REPLY));
        } else if (expected == null) {
            assertThat(outcome).as(reply).isInstanceOfSatisfying(ParseOutcome.Failed.class,
                    failed -> assertThat(failed.error().code()).isEqualTo(ErrorCode.UNKNOWN_OPERATION));
        } else {
            String expectedSymbol = HOSTILE_SYMBOLS.get(symbol);
            assertThat(outcome).as(reply).isEqualTo(new ParseOutcome.Parsed(new TradeDecision(expected,
                    expectedSymbol.isEmpty() ? null : expectedSymbol, Side.LONG, portion.portion(),
                    leverage.leverage(), "r")));
        }
    }

    // --- a decision written in any documented form is read back as written ---------------------------------------

    /** A reply and the decision it was written from. */
    record Written(String reply, int maxLeverage, TradeDecision decision, boolean portionAsPercent,
            int decisionObjects) {
    }

    @Test
    void aDecisionWrittenInAnyDocumentedFormReadsBackAsWritten() {
        PropertyRuns.qt(300, 10_000).forAll(writtenDecisions()).checkAssert(this::readsBackAsWritten);
    }

    private void readsBackAsWritten(Written written) {
        ParseOutcome outcome = parser.parse(written.reply(), written.maxLeverage());

        assertThat(outcome).as(written.reply()).isInstanceOf(ParseOutcome.Parsed.class);
        ParseOutcome.Parsed parsed = (ParseOutcome.Parsed) outcome;
        TradeDecision expected = written.decision();
        TradeDecision actual = parsed.decision();
        assertThat(actual.operation()).as("operation").isEqualTo(expected.operation());
        assertThat(actual.symbol()).as("symbol").isEqualTo(expected.symbol());
        assertThat(actual.direction()).as("direction").isEqualTo(expected.direction());
        if (written.portionAsPercent()) {
            assertThat(actual.targetPortion()).as("portion").isEqualByComparingTo(expected.targetPortion());
        } else {
            assertThat(actual.targetPortion()).as("portion, scale included").isEqualTo(expected.targetPortion());
        }
        assertThat(actual.leverage()).as("leverage").isEqualTo(expected.leverage());
        assertThat(actual.reason()).as("reason").isEqualTo(expected.reason());
        assertThat(parsed.decisionObjects()).as("decision objects").isEqualTo(written.decisionObjects());
    }

    private static final List<String> BASES = List.of("BTC", "ETH", "SOL", "DOGE", "kPEPE", "HYPE");
    private static final List<String> SYMBOL_SUFFIXES = List.of("", "-PERP", "USDT", "/USDC", "_USDT", "/USDT:USDT",
            "-USD", "-USDT-PERP", "PERP", "-usdc");
    private static final List<String> CLOSE_SPELLINGS = List.of("close", "close_position", "exit", "Close Position");
    private static final List<String> HOLD_SPELLINGS = List.of("hold", "wait", "none", "no_action", "No Action",
            "no-action");
    private static final List<String> LEVERAGE_FORMS = List.of("%d", "\"%d\"", "\"%dx\"", "\"%dX\"", "%d.0",
            "\"%d.99\"", "%d.5");
    /** Reason text: characters JSON must escape, braces and tags inside a string, non-ASCII. No backticks. */
    private static final List<String> REASON_PARTS = List.of("a", "B", "7", " ", ".", ",", ":", "\"", "\\", "{", "}",
            "[", "]", "%", "\n", "\t", "é", "中", "\uD83D\uDE80", "</think>", "<think>", "operation", "\u0001");

    static Gen<Written> writtenDecisions() {
        Gen<Integer> maxLeverage = integers().between(1, 125);
        Gen<Integer> leverageShare = integers().between(0, 1000);
        Gen<Integer> operation = integers().between(0, 2);
        Gen<Side> side = Generate.pick(List.of(Side.LONG, Side.SHORT));
        Gen<Integer> spelling = integers().between(0, 9);
        Gen<Function<String, String>> letterCase = Generate.pick(List.<Function<String, String>>of(s -> s,
                s -> s.toUpperCase(Locale.ROOT),
                s -> s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1)));
        Gen<Boolean> directionWritten = Generate.booleans();
        Gen<Boolean> directionAsVerb = Generate.booleans();
        Gen<Boolean> leadingSpace = Generate.booleans();
        Gen<Boolean> leverageOfOneWritten = Generate.booleans();
        // letters that cannot end a base in a suffix the parser removes (PERP, USDT, USDC, USD)
        Gen<String> base = Generate.oneOf(Generate.pick(BASES),
                stringsOf(Generate.pick(chars("ABCEFGHKLMNOWXYZ")), 2, 6));
        Gen<String> suffix = Generate.pick(SYMBOL_SUFFIXES);
        Gen<BigDecimal> portion = longs().between(1, 100_000_000).map(units -> BigDecimal.valueOf(units, 8));
        Gen<Integer> portionForm = integers().between(0, 3);
        Gen<Integer> fieldName = integers().between(0, 2);
        Gen<String> leverageForm = Generate.pick(LEVERAGE_FORMS);
        Gen<String> reason = lists().of(Generate.pick(REASON_PARTS)).ofSizeBetween(0, 12)
                .map(parts -> String.join("", parts));
        Gen<Integer> wrapper = integers().between(0, 6);
        return in -> {
            int max = maxLeverage.generate(in);
            int leverage = 1 + (max - 1) * leverageShare.generate(in) / 1000;
            Operation op = Operation.values()[operation.generate(in)];
            Side direction = side.generate(in);
            int spelled = spelling.generate(in);
            Function<String, String> cased = letterCase.generate(in);
            boolean writeDirection = directionWritten.generate(in);
            boolean buyOrSell = directionAsVerb.generate(in);
            boolean spaced = leadingSpace.generate(in);
            boolean writeLeverageOfOne = leverageOfOneWritten.generate(in);
            String symbolBase = base.generate(in);
            String symbolSuffix = suffix.generate(in);
            BigDecimal p = portion.generate(in);
            int form = portionForm.generate(in);
            int portionField = fieldName.generate(in);
            String leverageText = leverageForm.generate(in);
            String why = reason.generate(in);
            int wrap = wrapper.generate(in);

            ObjectNode object = JSON.createObjectNode();
            String operationText = switch (op) {
                case CLOSE -> CLOSE_SPELLINGS.get(spelled % CLOSE_SPELLINGS.size());
                case HOLD -> HOLD_SPELLINGS.get(spelled % HOLD_SPELLINGS.size());
                // an alias (buy, long, sell, short) names the direction itself
                case OPEN -> spelled < 4 ? "open" : List.of("buy", "long", "sell", "short").get(spelled % 4);
            };
            if (!operationText.equals("open") && op == Operation.OPEN) {
                direction = operationText.equals("buy") || operationText.equals("long") ? Side.LONG : Side.SHORT;
            }
            boolean alias = op == Operation.OPEN && !operationText.equals("open");
            object.put(cased.apply("operation"), cased.apply(operationText));
            object.put(cased.apply("symbol"), (spaced ? " " : "") + cased.apply(symbolBase + symbolSuffix));
            if (writeDirection) {
                String word = direction == Side.LONG ? (buyOrSell ? "buy" : "long") : (buyOrSell ? "sell" : "short");
                object.put(cased.apply("direction"), cased.apply(word));
            }
            Side expectedDirection = writeDirection || alias ? direction : null;
            String portionName = List.of("target_portion_of_balance", "target_portion", "portion").get(portionField);
            switch (form) {
                case 0 -> object.put(cased.apply(portionName), p);
                case 1 -> object.put(cased.apply(portionName), p.toPlainString());
                case 2 -> object.put(cased.apply(portionName), p.stripTrailingZeros());
                default -> object.put(cased.apply(portionName), p.movePointRight(2).toPlainString() + "%");
            }
            BigDecimal expectedPortion = form == 2 ? p.stripTrailingZeros() : p;
            if (leverage > 1 || writeLeverageOfOne) { // missing leverage is 1
                object.set(cased.apply("leverage"), readJson(String.format(Locale.ROOT, leverageText, leverage)));
            }
            object.put(cased.apply("reason"), why);

            String json = writeJson(object);
            int decisionObjects = wrap == 5 ? 2 : 1;
            String reply = switch (wrap) {
                case 0 -> json;
                case 1 -> "```json\n" + json + "\n```";
                case 2 -> "Looking at the market, I act now.\n" + json + "\nThat is my decision.";
                case 3 -> "{\"decision\": " + json + "}";
                case 4 -> "<think>maybe {\"operation\": \"hold\"} is safer</think>\n" + json;
                case 5 -> "Format: {\"operation\": \"open|close|hold\", \"symbol\": \"...\"}\nAnswer: " + json;
                default -> "[" + json + "]";
            };
            TradeDecision decision = new TradeDecision(op, symbolBase.toUpperCase(Locale.ROOT), expectedDirection,
                    expectedPortion, leverage, why);
            return new Written(reply, max, decision, form == 3, decisionObjects);
        };
    }

    private static JsonNode readJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(json, e);
        }
    }

    private static String writeJson(ObjectNode object) {
        try {
            return JSON.writeValueAsString(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- single large or odd replies -----------------------------------------------------------------------------

    @Test
    void aOneMegabyteReplyIsRefusedAsUnparseable() {
        String big = "{\"operation\":\"open\",\"symbol\":\"BTC\",\"reason\":\"" + "x".repeat(1_000_000) + "\"}";
        assertRefused(big, ErrorCode.UNPARSEABLE_REPLY);
        assertRefused("{".repeat(1_000_000), ErrorCode.UNPARSEABLE_REPLY);
        assertRefused("```json\n" + "[".repeat(500_000) + "```", ErrorCode.UNPARSEABLE_REPLY);
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        String nested = "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000);
        assertRefused(nested, ErrorCode.UNPARSEABLE_REPLY);
        assertRefused("{\"decision\":" + nested + "}", ErrorCode.UNPARSEABLE_REPLY);
        assertRefused("<think>" + "<think>".repeat(10_000) + "</think>" + nested, ErrorCode.UNPARSEABLE_REPLY);
    }

    @Test
    void loneSurrogatesAndControlCharacters() {
        assertRefused("{\"operation\":\"hold\",\"reason\":\"\uD800\uDBFF\uDC00\u0000\u0007\u001b[31m\"}",
                ErrorCode.UNPARSEABLE_REPLY);
        assertRefused("\uDFFF{\"operation\":\"open\",\"symbol\":\"\uD83D\",\"leverage\":\"\u0000\"}",
                ErrorCode.UNPARSEABLE_REPLY);
        // escaped, the same characters are text: the reason keeps them and the lone surrogate symbol is upper-cased
        assertThat(parser.parse("\uDFFF{\"operation\":\"open\",\"symbol\":\"\\uD83D\",\"leverage\":\"\\u0000\","
                + "\"reason\":\"\\uD800\\u0007\"}", 10)).isEqualTo(new ParseOutcome.Parsed(new TradeDecision(
                        Operation.OPEN, "\uD83D", null, null, 1, "\uD800\u0007")));
        assertRefused(null, ErrorCode.EMPTY_REPLY);
        assertRefused("", ErrorCode.EMPTY_REPLY);
    }

    private void assertRefused(String reply, ErrorCode code) {
        ParseOutcome outcome = parser.parse(reply, 10);
        assertThat(outcome).isInstanceOfSatisfying(ParseOutcome.Failed.class, failed -> {
            assertThat(failed.error().code()).as(failed.error().message()).isEqualTo(code);
            assertThat(failed.error().message()).isNotBlank().hasSizeLessThan(300);
        });
    }

    // --- generators --------------------------------------------------------------------------------------------

    private static List<Character> chars(String alphabet) {
        return alphabet.chars().mapToObj(c -> (char) c).toList();
    }

    private static Gen<String> stringsOf(Gen<Character> chars, int maxLength) {
        return stringsOf(chars, 0, maxLength);
    }

    /** Strings of min..max characters drawn from {@code chars}; they shrink towards shorter and earlier ones. */
    private static Gen<String> stringsOf(Gen<Character> chars, int minLength, int maxLength) {
        return lists().of(chars).ofSizeBetween(minLength, maxLength)
                .map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
    }
}
