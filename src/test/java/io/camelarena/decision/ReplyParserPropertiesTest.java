package io.camelarena.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.camelarena.support.PropertyRuns;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Model replies are untrusted input: whatever arrives, the parser returns a decision or a coded error, never throws.
 * Tries are kept modest so the suite stays fast.
 */
class ReplyParserPropertiesTest {

    private final ReplyParser parser = new ReplyParser();

    private void parsesWithoutThrowing(String reply, int maxLeverage) {
        ParseOutcome outcome = parser.parse(reply, maxLeverage);
        assertThat(outcome).isNotNull();
        if (outcome instanceof ParseOutcome.Failed failed) {
            assertThat(failed.error()).isNotNull();
            assertThat(failed.error().code()).isNotNull();
        } else if (outcome instanceof ParseOutcome.Parsed parsed) {
            assertThat(parsed.decision()).isNotNull();
            assertThat(parsed.decision().leverage()).isBetween(1, Math.max(1, maxLeverage));
        }
    }

    @Test
    void anyTextIsADecisionOrACodedError() {
        PropertyRuns.qt(300, 10_000).forAll(replies(), integers().between(1, 125))
                .checkAssert(this::parsesWithoutThrowing);
    }

    @Test
    void decisionLikeJsonWithHostileValuesNeverThrows() {
        PropertyRuns.qt(100, 10_000).forAll(hostileDecisions()).checkAssert(reply -> parsesWithoutThrowing(reply, 10));
    }

    @Test
    void aOneMegabyteReply() {
        String big = "{\"operation\":\"open\",\"symbol\":\"BTC\",\"reason\":\"" + "x".repeat(1_000_000) + "\"}";
        parsesWithoutThrowing(big, 10);
        parsesWithoutThrowing("{".repeat(1_000_000), 10);
        parsesWithoutThrowing("```json\n" + "[".repeat(500_000) + "```", 10);
    }

    @Test
    void deeplyNestedJson() {
        String nested = "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000);
        parsesWithoutThrowing(nested, 10);
        parsesWithoutThrowing("{\"decision\":" + nested + "}", 10);
        parsesWithoutThrowing("<think>" + "<think>".repeat(10_000) + "</think>" + nested, 10);
    }

    @Test
    void loneSurrogatesAndControlCharacters() {
        parsesWithoutThrowing("{\"operation\":\"hold\",\"reason\":\"\uD800\uDBFF\uDC00\u0000\u0007\u001b[31m\"}", 10);
        parsesWithoutThrowing("\uDFFF{\"operation\":\"open\",\"symbol\":\"\uD83D\",\"leverage\":\"\u0000\"}", 10);
        parsesWithoutThrowing(null, 10);
        parsesWithoutThrowing("", 10);
    }

    static Gen<String> replies() {
        Gen<String> anyChars = stringsOf(Generate.characters(Character.MIN_VALUE, Character.MAX_VALUE), 400);
        Gen<String> jsonish = stringsOf(Generate.pick(chars("{}[]\":,`\\ntrue-0.5e9xBTC<>/think")), 300);
        Gen<String> fenced = jsonish.map(s -> "```json\n" + s + "\n```");
        Gen<String> controls = stringsOf(Generate.oneOf(Generate.characters(0, 0x1f),
                Generate.characters(0xD800, 0xDFFF)), 100).map(s -> "{\"operation\":\"" + s + "\"}");
        return Generate.oneOf(anyChars, jsonish, fenced, controls);
    }

    static Gen<String> hostileDecisions() {
        Gen<String> operation = Generate.pick(List.of("open", "close", "hold", "BUY", "sell", "", "null", "\u0000",
                "open\uD800"));
        Gen<String> number = Generate.pick(List.of("0.5", "-1", "1e309", "NaN", "\"5x\"", "\"abc\"", "null", "[]",
                "{}", "99999999999999999999999999", "\"\"", "0x10", "true"));
        Gen<String> symbol = Generate.pick(List.of("BTC", "btc-perp", "BTC/USDC", "", "\uD83D\uDE80", "null", "[]"));
        return operation.zip(symbol, number, number, (op, sym, portion, lev) -> "{\"operation\":\"" + op
                + "\",\"symbol\":\"" + sym + "\",\"direction\":\"long\",\"target_portion_of_balance\":" + portion
                + ",\"leverage\":" + lev + ",\"reason\":\"r\"}");
    }

    private static List<Character> chars(String alphabet) {
        return alphabet.chars().mapToObj(c -> (char) c).toList();
    }

    /** Strings of 0..maxLength characters drawn from {@code chars}; they shrink towards shorter and earlier ones. */
    private static Gen<String> stringsOf(Gen<Character> chars, int maxLength) {
        return lists().of(chars).ofSizeBetween(0, maxLength)
                .map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
    }
}
