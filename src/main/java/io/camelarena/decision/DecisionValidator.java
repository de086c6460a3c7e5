package io.camelarena.decision;

import io.camelarena.account.Portfolio;
import io.camelarena.account.Position;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a parsed decision against the account and the market of this tick. HOLD is always valid. OPEN and CLOSE
 * are checked in this order, and the first failure is returned: symbol present (MISSING_SYMBOL), supported
 * (UNKNOWN_SYMBOL), priced with a positive price (NO_PRICE), direction given (INVALID_DIRECTION), target portion in
 * (0, 1] with at most 34 significant digits and decimal places, see {@link ReplyNumbers} (PORTION_OUT_OF_RANGE: a
 * portion such as 1e-600000000 is refused here, before any arithmetic), then OPEN needs no position in the symbol at
 * all, as there is one position per symbol (POSITION_EXISTS), and CLOSE needs a position in the symbol on the given
 * side (NO_POSITION). An OPEN's optional take_profit and stop_loss must be positive, bounded and on the right side of
 * this tick's price: long stop &lt; price &lt; take-profit, short take-profit &lt; price &lt; stop (INVALID_EXIT_PRICE).
 */
public final class DecisionValidator {

    /** @return the first reason the decision cannot be executed, or empty when it can */
    public Optional<DecisionError> validate(TradeDecision d, Portfolio portfolio, Map<String, BigDecimal> prices,
            Collection<String> supportedSymbols) {
        Objects.requireNonNull(d, "decision");
        if (d.operation() == Operation.HOLD) {
            return Optional.empty();
        }
        String symbol = d.symbol();
        if (symbol == null || symbol.isBlank()) {
            return error(ErrorCode.MISSING_SYMBOL, d.operation().wire() + " needs a symbol");
        }
        if (!supportedSymbols.contains(symbol)) {
            return error(ErrorCode.UNKNOWN_SYMBOL, "unknown symbol " + Messages.quote(symbol) + "; supported: "
                    + String.join(", ", supportedSymbols));
        }
        BigDecimal price = prices.get(symbol);
        if (price == null || price.signum() <= 0) {
            return error(ErrorCode.NO_PRICE, "no price for " + symbol + " this tick");
        }
        if (d.direction() == null) {
            return error(ErrorCode.INVALID_DIRECTION, d.operation().wire() + " needs direction long or short");
        }
        Optional<DecisionError> portionError = checkPortion(d.targetPortion());
        if (portionError.isPresent()) {
            return portionError;
        }
        if (d.operation() == Operation.CLOSE) {
            return checkClose(d, portfolio);
        }
        Optional<DecisionError> openError = checkOpen(d, portfolio);
        return openError.isPresent() ? openError : checkExits(d, price);
    }

    private static Optional<DecisionError> checkExits(TradeDecision d, BigDecimal price) {
        boolean isLong = d.direction() == io.camelarena.account.Side.LONG;
        String[] names = {"take_profit", "stop_loss"};
        BigDecimal[] exits = {d.takeProfit(), d.stopLoss()};
        for (int i = 0; i < exits.length; i++) {
            // prices are kept to 8 decimals: an exit that rounds to zero there is no price
            if (exits[i] != null && (exits[i].signum() <= 0 || !ReplyNumbers.isBounded(exits[i])
                    || exits[i].setScale(8, java.math.RoundingMode.HALF_EVEN).signum() <= 0)) {
                return error(ErrorCode.INVALID_EXIT_PRICE, names[i] + " " + Messages.clean(exits[i].toString(), 40)
                        + " is not a price of at least 0.00000001 with at most " + ReplyNumbers.MAX_DIGITS
                        + " digits");
            }
        }
        if (d.takeProfit() != null && (isLong ? d.takeProfit().compareTo(price) <= 0
                : d.takeProfit().compareTo(price) >= 0)) {
            return error(ErrorCode.INVALID_EXIT_PRICE, "take_profit " + d.takeProfit().toPlainString() + " of a "
                    + d.direction().wire() + " must be " + (isLong ? "above" : "below") + " the price "
                    + price.toPlainString());
        }
        if (d.stopLoss() != null && (isLong ? d.stopLoss().compareTo(price) >= 0
                : d.stopLoss().compareTo(price) <= 0)) {
            return error(ErrorCode.INVALID_EXIT_PRICE, "stop_loss " + d.stopLoss().toPlainString() + " of a "
                    + d.direction().wire() + " must be " + (isLong ? "below" : "above") + " the price "
                    + price.toPlainString());
        }
        return Optional.empty();
    }

    private static Optional<DecisionError> checkPortion(BigDecimal portion) {
        if (portion == null) {
            return error(ErrorCode.PORTION_OUT_OF_RANGE, "target_portion_of_balance is missing or not a number");
        }
        if (portion.signum() <= 0 || portion.compareTo(BigDecimal.ONE) > 0) {
            return error(ErrorCode.PORTION_OUT_OF_RANGE, "target_portion_of_balance "
                    + Messages.clean(portion.toString(), 40) + " is out of range (0, 1]");
        }
        if (!ReplyNumbers.isBounded(portion)) {
            return error(ErrorCode.PORTION_OUT_OF_RANGE, "target_portion_of_balance "
                    + Messages.clean(portion.toString(), 40) + " has more than " + ReplyNumbers.MAX_DIGITS
                    + " significant digits or " + ReplyNumbers.MAX_SCALE + " decimal places");
        }
        return Optional.empty();
    }

    private static Optional<DecisionError> checkOpen(TradeDecision d, Portfolio portfolio) {
        Optional<Position> existing = portfolio.position(d.symbol());
        if (existing.isPresent()) {
            return error(ErrorCode.POSITION_EXISTS, "already have a " + existing.get().side().wire()
                    + " position in " + d.symbol() + "; one position per symbol");
        }
        return Optional.empty();
    }

    private static Optional<DecisionError> checkClose(TradeDecision d, Portfolio portfolio) {
        Optional<Position> existing = portfolio.position(d.symbol());
        String wanted = d.direction().wire();
        if (existing.isEmpty()) {
            return error(ErrorCode.NO_POSITION, "no " + wanted + " position in " + d.symbol() + " to close");
        }
        if (existing.get().side() != d.direction()) {
            return error(ErrorCode.NO_POSITION, "no " + wanted + " position in " + d.symbol() + " to close (have "
                    + existing.get().side().wire() + ")");
        }
        return Optional.empty();
    }

    private static Optional<DecisionError> error(ErrorCode code, String message) {
        return Optional.of(new DecisionError(code, message));
    }
}
