package io.camelarena.decision;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

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

    @Property(tries = 300)
    void anyTextIsADecisionOrACodedError(@ForAll("replies") String reply, @ForAll @IntRange(min = 1, max = 125)
            int maxLeverage) {
        parsesWithoutThrowing(reply, maxLeverage);
    }

    @Property(tries = 100)
    void decisionLikeJsonWithHostileValuesNeverThrows(@ForAll("hostileDecisions") String reply) {
        parsesWithoutThrowing(reply, 10);
    }

    @Example
    void aOneMegabyteReply() {
        String big = "{\"operation\":\"open\",\"symbol\":\"BTC\",\"reason\":\"" + "x".repeat(1_000_000) + "\"}";
        parsesWithoutThrowing(big, 10);
        parsesWithoutThrowing("{".repeat(1_000_000), 10);
        parsesWithoutThrowing("```json\n" + "[".repeat(500_000) + "```", 10);
    }

    @Example
    void deeplyNestedJson() {
        String nested = "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000);
        parsesWithoutThrowing(nested, 10);
        parsesWithoutThrowing("{\"decision\":" + nested + "}", 10);
        parsesWithoutThrowing("<think>" + "<think>".repeat(10_000) + "</think>" + nested, 10);
    }

    @Example
    void loneSurrogatesAndControlCharacters() {
        parsesWithoutThrowing("{\"operation\":\"hold\",\"reason\":\"\uD800\uDBFF\uDC00\u0000\u0007\u001b[31m\"}", 10);
        parsesWithoutThrowing("\uDFFF{\"operation\":\"open\",\"symbol\":\"\uD83D\",\"leverage\":\"\u0000\"}", 10);
        parsesWithoutThrowing(null, 10);
        parsesWithoutThrowing("", 10);
    }

    @Provide
    Arbitrary<String> replies() {
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(400);
        Arbitrary<String> jsonish = Arbitraries.strings().withChars("{}[]\":,`\\ntrue-0.5e9xBTC<>/think")
                .ofMaxLength(300);
        Arbitrary<String> fenced = jsonish.map(s -> "```json\n" + s + "\n```");
        Arbitrary<String> controls = Arbitraries.strings().withCharRange('\u0000', '\u001f')
                .withCharRange('\uD800', '\uDFFF').ofMaxLength(100).map(s -> "{\"operation\":\"" + s + "\"}");
        return Arbitraries.oneOf(anyChars, jsonish, fenced, controls);
    }

    @Provide
    Arbitrary<String> hostileDecisions() {
        Arbitrary<String> operation = Arbitraries.of("open", "close", "hold", "BUY", "sell", "", "null", "\u0000",
                "open\uD800");
        Arbitrary<String> number = Arbitraries.of("0.5", "-1", "1e309", "NaN", "\"5x\"", "\"abc\"", "null", "[]",
                "{}", "99999999999999999999999999", "\"\"", "0x10", "true");
        Arbitrary<String> symbol = Arbitraries.of("BTC", "btc-perp", "BTC/USDC", "", "\uD83D\uDE80", "null", "[]");
        return net.jqwik.api.Combinators.combine(operation, symbol, number, number)
                .as((op, sym, portion, lev) -> "{\"operation\":\"" + op + "\",\"symbol\":\"" + sym
                        + "\",\"direction\":\"long\",\"target_portion_of_balance\":" + portion + ",\"leverage\":" + lev
                        + ",\"reason\":\"r\"}");
    }
}
