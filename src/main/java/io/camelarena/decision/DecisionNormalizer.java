package io.camelarena.decision;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelarena.account.Side;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the decision object of a reply into a {@link TradeDecision}. Lenient about spelling, strict about meaning:
 * see {@link ReplyParser} for the rules.
 */
final class DecisionNormalizer {

    private static final int MAX_NUMBER_TEXT = 64;
    private static final Map<String, Operation> OPERATIONS = Map.of(
            "open", Operation.OPEN,
            "close", Operation.CLOSE,
            "close_position", Operation.CLOSE,
            "exit", Operation.CLOSE,
            "hold", Operation.HOLD,
            "wait", Operation.HOLD,
            "none", Operation.HOLD,
            "no_action", Operation.HOLD);
    /** Operations that mean "open" and imply a direction. */
    private static final Map<String, Side> OPEN_ALIASES = Map.of(
            "buy", Side.LONG, "long", Side.LONG, "sell", Side.SHORT, "short", Side.SHORT);
    private static final Map<String, Side> DIRECTIONS = Map.of(
            "long", Side.LONG, "buy", Side.LONG, "short", Side.SHORT, "sell", Side.SHORT);
    /** Checked in order; perp markers first so that "BTC-USDT-PERP" loses both. */
    private static final List<String> SYMBOL_SUFFIXES = List.of("PERP", "USDT", "USDC", "USD");

    private DecisionNormalizer() {
    }

    static ParseOutcome normalize(DecisionFields fields, int maxLeverage) {
        Side direction = direction(fields.get("direction"));
        JsonNode operationNode = fields.get(DecisionFields.OPERATION);
        String operationText = operationNode == null ? null : text(operationNode);
        if (operationText == null || operationText.isBlank()) {
            return unknownOperation(operationNode == null
                    ? "missing operation in reply" : "operation is not a string");
        }
        String key = operationKey(operationText);
        Operation operation = OPERATIONS.get(key);
        Side implied = OPEN_ALIASES.get(key);
        if (operation == null && implied == null) {
            return unknownOperation("unknown operation " + Messages.quote(operationText)
                    + "; expected open, close or hold");
        }
        if (implied != null) {
            if (direction != null && direction != implied) {
                return unknownOperation("operation " + Messages.quote(operationText) + " contradicts direction "
                        + direction.wire() + "; expected open, close or hold");
            }
            operation = Operation.OPEN;
            direction = implied;
        }
        return new ParseOutcome.Parsed(new TradeDecision(
                operation,
                symbol(fields.get("symbol")),
                direction,
                portion(fields.get("target_portion_of_balance", "target_portion", "portion")),
                leverage(fields.get("leverage"), maxLeverage),
                reason(fields.get("reason")),
                exitPrice(fields.get("take_profit", "take_profit_price", "tp")),
                exitPrice(fields.get("stop_loss", "stop_loss_price", "sl"))));
    }

    private static ParseOutcome unknownOperation(String message) {
        return new ParseOutcome.Failed(new DecisionError(ErrorCode.UNKNOWN_OPERATION, message));
    }

    /** "No Action", "no-action" and "NO_ACTION" all become "no_action". */
    private static String operationKey(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        return s.length() > 40 ? s : s.replaceAll("[\\s-]+", "_");
    }

    static Side direction(JsonNode node) {
        String s = node == null ? null : text(node);
        return s == null ? null : DIRECTIONS.get(s.strip().toLowerCase(Locale.ROOT));
    }

    static String symbol(JsonNode node) {
        String s = node == null ? null : text(node);
        if (s == null || s.isBlank()) {
            return null;
        }
        s = s.strip().toUpperCase(Locale.ROOT);
        int settle = s.indexOf(':'); // "BTC/USDT:USDT" (settlement currency)
        if (settle > 0) {
            s = s.substring(0, settle);
        }
        for (String suffix : SYMBOL_SUFFIXES) {
            s = withoutSuffix(s, suffix);
        }
        return s;
    }

    /** {@code s} without {@code suffix} and the separator before it, unless nothing would be left. */
    private static String withoutSuffix(String s, String suffix) {
        if (!s.endsWith(suffix)) {
            return s;
        }
        String base = stripTrailingSeparators(s.substring(0, s.length() - suffix.length()));
        return base.isEmpty() ? s : base;
    }

    private static String stripTrailingSeparators(String s) {
        int end = s.length();
        while (end > 0 && "-/_ ".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(0, end);
    }

    static BigDecimal portion(JsonNode node) {
        return numberOrText(node, s -> {
            if (s.endsWith("%")) {
                BigDecimal percent = decimal(s.substring(0, s.length() - 1));
                return percent == null ? null : fraction(percent);
            }
            return decimal(s);
        });
    }

    /** A JSON number as is, a string through {@code fromText} (stripped), anything else null. */
    private static BigDecimal numberOrText(JsonNode node, java.util.function.Function<String, BigDecimal> fromText) {
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        return node.isTextual() ? fromText.apply(node.asText().strip()) : null;
    }

    private static BigDecimal fraction(BigDecimal percent) {
        try {
            return percent.movePointLeft(2);
        } catch (ArithmeticException e) { // scale overflow, e.g. "1e-2147483647%"
            return null;
        }
    }

    /**
     * 1..max: missing or unreadable means 1, fractions are rounded down, out-of-range values are clamped. A
     * {@code maxLeverage} below 1 is treated as 1.
     */
    static int leverage(JsonNode node, int maxLeverage) {
        int max = Math.max(1, maxLeverage);
        BigDecimal value = leverageValue(node);
        if (value == null || value.compareTo(BigDecimal.ONE) < 0) {
            return 1;
        }
        if (value.compareTo(BigDecimal.valueOf(max)) >= 0) {
            return max;
        }
        return value.intValue(); // between 1 and max here, so truncation is rounding down
    }

    /** An exit price as a JSON number or numeric text; anything else (or nothing) is none. */
    static BigDecimal exitPrice(JsonNode node) {
        return numberOrText(node, DecisionNormalizer::decimal);
    }

    private static BigDecimal leverageValue(JsonNode node) {
        return numberOrText(node, s -> decimal(s.endsWith("x") || s.endsWith("X") ? s.substring(0, s.length() - 1) : s));
    }

    private static String reason(JsonNode node) {
        if (node == null) {
            return "";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** Text of a scalar node ("5" for 5); null for objects and arrays. */
    private static String text(JsonNode node) {
        return node.isValueNode() ? node.asText() : null;
    }

    private static BigDecimal decimal(String text) {
        String s = text.strip();
        if (s.isEmpty() || s.length() > MAX_NUMBER_TEXT) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
