package io.camelarena.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.account.Portfolio;
import io.camelarena.account.Position;
import io.camelarena.account.Side;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DecisionValidatorTest {

    private static final List<String> SUPPORTED = List.of("BTC", "ETH", "SOL");
    private static final Map<String, BigDecimal> PRICES = Map.of(
            "BTC", new BigDecimal("61000"), "ETH", new BigDecimal("2400"));
    private static final Portfolio EMPTY = portfolio();
    /** Long ETH, short SOL. */
    private static final Portfolio WITH_POSITIONS = portfolio(position("ETH", Side.LONG), position("SOL", Side.SHORT));

    private final DecisionValidator validator = new DecisionValidator();

    // ---------------------------------------------------------------- hold

    @Test
    void holdWithoutSymbolIsValid() {
        assertThat(validate(new TradeDecision(Operation.HOLD, null, null, null, 1, ""), EMPTY)).isEmpty();
    }

    @Test
    void holdIgnoresEverythingElse() {
        TradeDecision hold = new TradeDecision(Operation.HOLD, "DOGE", null, new BigDecimal("7"), 1, "");
        assertThat(validate(hold, WITH_POSITIONS)).isEmpty();
    }

    // ---------------------------------------------------------------- open

    @ParameterizedTest
    @EnumSource(Side.class)
    void openOnEitherSideIsValid(Side side) {
        assertThat(validate(open("BTC", side, "0.5"), WITH_POSITIONS)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void openWhenAPositionExistsOnEitherSideIsRefused(Side side) {
        DecisionError error = validate(open("ETH", side, "0.5"), WITH_POSITIONS).orElseThrow();
        assertThat(error.code()).isEqualTo(ErrorCode.POSITION_EXISTS);
        assertThat(error.message()).contains("long position in ETH");
    }

    // ---------------------------------------------------------------- close

    @Test
    void closeMatchingLongIsValid() {
        assertThat(validate(close("ETH", Side.LONG, "1"), WITH_POSITIONS)).isEmpty();
    }

    @Test
    void closeMatchingShortIsValid() {
        Portfolio shortBtc = portfolio(position("BTC", Side.SHORT));
        assertThat(validate(close("BTC", Side.SHORT, "0.5"), shortBtc)).isEmpty();
    }

    @Test
    void closeWrongSideNamesTheSideHeld() {
        DecisionError error = validate(close("ETH", Side.SHORT, "1"), WITH_POSITIONS).orElseThrow();
        assertThat(error.code()).isEqualTo(ErrorCode.NO_POSITION);
        assertThat(error.message()).isEqualTo("no short position in ETH to close (have long)");
    }

    @Test
    void closeLongWhenShortHeldIsRefused() {
        Portfolio shortBtc = portfolio(position("BTC", Side.SHORT));
        DecisionError error = validate(close("BTC", Side.LONG, "1"), shortBtc).orElseThrow();
        assertThat(error.code()).isEqualTo(ErrorCode.NO_POSITION);
        assertThat(error.message()).isEqualTo("no long position in BTC to close (have short)");
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void closeWithoutAnyPositionIsRefused(Side side) {
        DecisionError error = validate(close("BTC", side, "1"), EMPTY).orElseThrow();
        assertThat(error.code()).isEqualTo(ErrorCode.NO_POSITION);
        assertThat(error.message()).isEqualTo("no " + side.wire() + " position in BTC to close");
    }

    // ---------------------------------------------------------------- symbol, price, direction

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void blankSymbolIsMissing(String symbol) {
        assertThat(code(open(symbol, Side.LONG, "0.5"))).isEqualTo(ErrorCode.MISSING_SYMBOL);
    }

    @ParameterizedTest
    @EnumSource(value = Operation.class, names = {"OPEN", "CLOSE"})
    void nullSymbolIsMissing(Operation operation) {
        TradeDecision d = new TradeDecision(operation, null, Side.LONG, BigDecimal.ONE, 1, "");
        assertThat(code(d)).isEqualTo(ErrorCode.MISSING_SYMBOL);
    }

    @Test
    void unknownSymbolNamesSymbolAndSupportedList() {
        DecisionError error = validate(open("DOGE", Side.LONG, "0.5"), EMPTY).orElseThrow();
        assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_SYMBOL);
        assertThat(error.message()).contains("DOGE").contains("BTC, ETH, SOL");
    }

    @Test
    void supportedSymbolWithoutPriceIsNoPrice() {
        DecisionError error = validate(open("SOL", Side.LONG, "0.5"), EMPTY).orElseThrow();
        assertThat(error.code()).isEqualTo(ErrorCode.NO_PRICE);
        assertThat(error.message()).contains("SOL");
    }

    @Test
    void zeroPriceIsNoPrice() {
        Optional<DecisionError> error = validator.validate(open("BTC", Side.LONG, "0.5"), EMPTY,
                Map.of("BTC", BigDecimal.ZERO), SUPPORTED);
        assertThat(error).map(DecisionError::code).contains(ErrorCode.NO_PRICE);
    }

    @ParameterizedTest
    @EnumSource(value = Operation.class, names = {"OPEN", "CLOSE"})
    void missingDirectionIsInvalid(Operation operation) {
        TradeDecision d = new TradeDecision(operation, "BTC", null, new BigDecimal("0.5"), 1, "");
        assertThat(code(d)).isEqualTo(ErrorCode.INVALID_DIRECTION);
    }

    // ---------------------------------------------------------------- portion

    @ParameterizedTest
    @ValueSource(strings = {"0.0000001", "0.5", "1", "1.0", "1.0000000"})
    void portionInRangeIsValid(String portion) {
        assertThat(validate(open("BTC", Side.LONG, portion), EMPTY)).isEmpty();
        assertThat(validate(close("ETH", Side.LONG, portion), WITH_POSITIONS)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.000", "-0.1", "1.0000001", "1.5", "30", "1E+999999999"})
    void portionOutOfRangeNamesTheValue(String portion) {
        for (TradeDecision d : List.of(open("BTC", Side.LONG, portion), close("ETH", Side.LONG, portion))) {
            DecisionError error = validate(d, WITH_POSITIONS).orElseThrow();
            assertThat(error.code()).isEqualTo(ErrorCode.PORTION_OUT_OF_RANGE);
            assertThat(error.message()).contains(portion);
        }
    }

    /**
     * Rounding or dividing such a number would take minutes and gigabytes (1E-600000000 is a 1 six hundred million
     * places after the point): it is refused before any arithmetic, although 1E-600000000 lies in (0, 1].
     */
    @ParameterizedTest
    @ValueSource(strings = {"1E-600000000", "1E+600000000", "-1E-600000000", "1E-5000", "1E-35",
            "0.12345678901234567890123456789012345"})
    void portionWithAnAbsurdExponentOrTooManyDigitsIsOutOfRange(String portion) {
        for (TradeDecision d : List.of(open("BTC", Side.LONG, portion), close("ETH", Side.LONG, portion))) {
            DecisionError error = validate(d, WITH_POSITIONS).orElseThrow();
            assertThat(error.code()).isEqualTo(ErrorCode.PORTION_OUT_OF_RANGE);
            assertThat(error.message()).contains(portion);
        }
    }

    @Test
    void anAbsurdPortionFromAReplyIsRefused() {
        ReplyParser parser = new ReplyParser();
        for (String portion : List.of("1e-600000000", "1e+600000000", "\"1e-600000000\"", "\"1e-600000000%\"")) {
            ParseOutcome outcome = parser.parse("{\"operation\":\"open\",\"symbol\":\"BTC\",\"direction\":"
                    + "\"long\",\"target_portion_of_balance\":" + portion + ",\"leverage\":1e+600000000}", 10);
            TradeDecision d = ((ParseOutcome.Parsed) outcome).decision();
            assertThat(d.leverage()).isEqualTo(10);
            assertThat(validate(d, EMPTY).orElseThrow().code()).as(portion).isEqualTo(ErrorCode.PORTION_OUT_OF_RANGE);
        }
    }

    @Test
    void missingPortionIsOutOfRange() {
        TradeDecision d = new TradeDecision(Operation.OPEN, "BTC", Side.LONG, null, 1, "");
        DecisionError error = validate(d, EMPTY).orElseThrow();
        assertThat(error.code()).isEqualTo(ErrorCode.PORTION_OUT_OF_RANGE);
        assertThat(error.message()).contains("missing");
    }

    // ---------------------------------------------------------------- order of checks

    @Test
    void checksRunInDocumentedOrder() {
        // Everything is wrong: each fix reveals the next check.
        assertThat(code(new TradeDecision(Operation.OPEN, null, null, null, 1, "")))
                .isEqualTo(ErrorCode.MISSING_SYMBOL);
        assertThat(code(new TradeDecision(Operation.OPEN, "DOGE", null, null, 1, "")))
                .isEqualTo(ErrorCode.UNKNOWN_SYMBOL);
        assertThat(code(new TradeDecision(Operation.OPEN, "SOL", null, null, 1, "")))
                .isEqualTo(ErrorCode.NO_PRICE);
        assertThat(code(new TradeDecision(Operation.OPEN, "ETH", null, null, 1, "")))
                .isEqualTo(ErrorCode.INVALID_DIRECTION);
        assertThat(code(new TradeDecision(Operation.OPEN, "ETH", Side.SHORT, null, 1, "")))
                .isEqualTo(ErrorCode.PORTION_OUT_OF_RANGE);
        assertThat(code(new TradeDecision(Operation.OPEN, "ETH", Side.SHORT, BigDecimal.ONE, 1, "")))
                .isEqualTo(ErrorCode.POSITION_EXISTS);
        assertThat(code(new TradeDecision(Operation.CLOSE, "ETH", Side.SHORT, BigDecimal.ONE, 1, "")))
                .isEqualTo(ErrorCode.NO_POSITION);
    }

    // ---------------------------------------------------------------- helpers

    private static TradeDecision open(String symbol, Side side, String portion) {
        return new TradeDecision(Operation.OPEN, symbol, side, new BigDecimal(portion), 2, "");
    }

    private static TradeDecision close(String symbol, Side side, String portion) {
        return new TradeDecision(Operation.CLOSE, symbol, side, new BigDecimal(portion), 1, "");
    }

    private static Position position(String symbol, Side side) {
        return new Position(symbol, side, new BigDecimal("0.1"), new BigDecimal("1000"), 2, new BigDecimal("50"));
    }

    private static Portfolio portfolio(Position... positions) {
        return new Portfolio(1L, new BigDecimal("10000"), BigDecimal.ZERO, BigDecimal.ZERO, List.of(positions));
    }

    private Optional<DecisionError> validate(TradeDecision d, Portfolio portfolio) {
        return validator.validate(d, portfolio, PRICES, SUPPORTED);
    }

    // ---------------------------------------------------------------- exits (BTC at 61000)

    @Test
    void openWithExitsOnTheRightSidesIsValid() {
        assertThat(validate(withExits(Side.LONG, "65000", "58000"), EMPTY)).isEmpty();
        assertThat(validate(withExits(Side.SHORT, "58000", "65000"), EMPTY)).isEmpty();
        assertThat(validate(withExits(Side.LONG, null, "58000"), EMPTY)).isEmpty();
    }

    @Test
    void aLongsTakeProfitBelowThePriceIsRefused() {
        DecisionError error = validate(withExits(Side.LONG, "60000", null), EMPTY).orElseThrow();
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_EXIT_PRICE);
        assertThat(error.message()).isEqualTo("take_profit 60000 of a long must be above the price 61000");
    }

    @Test
    void aShortsStopBelowThePriceIsRefused() {
        DecisionError error = validate(withExits(Side.SHORT, null, "61000"), EMPTY).orElseThrow();
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_EXIT_PRICE);
        assertThat(error.message()).isEqualTo("stop_loss 61000 of a short must be above the price 61000");
    }

    @Test
    void aNegativeOrUnboundedExitIsRefused() {
        assertThat(code(withExits(Side.LONG, null, "-1"))).isEqualTo(ErrorCode.INVALID_EXIT_PRICE);
        assertThat(code(withExits(Side.LONG, "1e-600000000", null))).isEqualTo(ErrorCode.INVALID_EXIT_PRICE);
        // positive and bounded, but no price at 8 decimals (a short's take-profit "anywhere below")
        DecisionError tiny = validate(withExits(Side.SHORT, "1e-30", null), EMPTY).orElseThrow();
        assertThat(tiny.code()).isEqualTo(ErrorCode.INVALID_EXIT_PRICE);
        assertThat(tiny.message()).startsWith("take_profit 1E-30 is not a price of at least 0.00000001");
    }

    private static TradeDecision withExits(Side side, String takeProfit, String stopLoss) {
        return new TradeDecision(Operation.OPEN, "BTC", side, new BigDecimal("0.5"), 2, "",
                takeProfit == null ? null : new BigDecimal(takeProfit), stopLoss == null ? null : new BigDecimal(stopLoss));
    }

    /** Code for {@code d} against the portfolio with long ETH and short SOL. */
    private ErrorCode code(TradeDecision d) {
        return validate(d, WITH_POSITIONS).map(DecisionError::code).orElse(null);
    }
}
