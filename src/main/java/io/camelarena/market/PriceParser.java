package io.camelarena.market;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a price source's answer into prices of the configured symbols.
 *
 * <p>Supported providers:
 * <ul>
 *   <li>{@code hyperliquid}: answer of {@code POST /info {"type":"allMids"}}, a JSON object of coin to mid price as a
 *       decimal string ({@code {"BTC":"95234.5","@107":"12.3"}}).</li>
 *   <li>{@code binance}: answer of {@code GET /api/v3/ticker/price}, a JSON array of
 *       {@code {"symbol":"BTCUSDT","price":"95234.50000000"}}; symbol {@code BTC} is looked up as {@code BTC} + the
 *       quote asset.</li>
 * </ul>
 *
 * <p>Prices are read from their text, never through {@code double}, and trailing zeros are dropped
 * ({@code "95234.50000000"} becomes {@code 95234.5}, {@code "100.00"} becomes {@code 100}). A price that is missing,
 * not a number, zero or negative makes its symbol missing. An answer that cannot be read at all is an
 * {@link IllegalArgumentException} whose message says why without repeating the answer.
 */
public final class PriceParser {

    public static final String HYPERLIQUID = "hyperliquid";
    public static final String BINANCE = "binance";

    private static final int MAX_INTEGER_DIGITS = 20;
    private static final int MAX_FRACTION_DIGITS = 30;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Prices of the requested symbols.
     *
     * @param prices  symbol to price, in the order of the requested symbols; only symbols that had a valid price
     * @param missing requested symbols without a valid price, in request order
     */
    public record ParsedPrices(Map<String, BigDecimal> prices, List<String> missing) {

        public ParsedPrices {
            prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
            missing = List.copyOf(missing);
        }
    }

    private final String binanceQuoteAsset;

    public PriceParser(String binanceQuoteAsset) {
        if (binanceQuoteAsset == null || binanceQuoteAsset.isBlank()) {
            throw new IllegalArgumentException("binance quote asset must not be blank");
        }
        this.binanceQuoteAsset = binanceQuoteAsset.trim();
    }

    /**
     * @param provider {@code hyperliquid} or {@code binance} (case-insensitive)
     * @param body     the source's answer
     * @param symbols  base symbols wanted, such as {@code BTC}
     * @throws IllegalArgumentException unknown provider, or an answer that is not JSON of the provider's shape
     */
    public ParsedPrices parse(String provider, String body, List<String> symbols) {
        Objects.requireNonNull(symbols, "symbols");
        String name = provider == null ? "" : provider.trim().toLowerCase(Locale.ROOT);
        Map<String, String> priceTextBySymbol = switch (name) {
            case HYPERLIQUID -> hyperliquidPrices(readJson(name, body));
            case BINANCE -> binancePrices(readJson(name, body), symbols);
            default -> throw new IllegalArgumentException(
                    "unknown price provider '" + provider + "' (expected hyperliquid or binance)");
        };
        return select(priceTextBySymbol, symbols);
    }

    private static JsonNode readJson(String provider, String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException(provider + " prices: empty answer");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the offending token; report only where it broke.
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new IllegalArgumentException(provider + " prices: malformed JSON" + where, e);
        }
    }

    private static Map<String, String> hyperliquidPrices(JsonNode root) {
        if (!root.isObject()) {
            throw wrongShape(HYPERLIQUID, "a JSON object of coin to price", root);
        }
        Map<String, String> result = new HashMap<>();
        root.properties().forEach(e -> result.put(e.getKey(), priceText(e.getValue())));
        return result;
    }

    private Map<String, String> binancePrices(JsonNode root, List<String> symbols) {
        if (!root.isArray()) {
            throw wrongShape(BINANCE, "a JSON array of {symbol, price}", root);
        }
        Map<String, String> byPair = new HashMap<>();
        for (JsonNode entry : root) {
            JsonNode pair = entry.path("symbol");
            if (pair.isTextual()) {
                byPair.put(pair.asText(), priceText(entry.path("price")));
            }
        }
        Map<String, String> result = new HashMap<>();
        for (String symbol : symbols) {
            String pair = symbol + binanceQuoteAsset;
            if (byPair.containsKey(pair)) {
                result.put(symbol, byPair.get(pair));
            }
        }
        return result;
    }

    private static IllegalArgumentException wrongShape(String provider, String expected, JsonNode root) {
        return new IllegalArgumentException(
                provider + " prices: expected " + expected + ", got " + root.getNodeType());
    }

    /** The price as text, or null when the node holds neither a string nor a number. */
    private static String priceText(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isNumber()) {
            return node.decimalValue().toPlainString();
        }
        return null;
    }

    private static ParsedPrices select(Map<String, String> priceTextBySymbol, List<String> symbols) {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String symbol : symbols) {
            BigDecimal price = positiveDecimal(priceTextBySymbol.get(symbol));
            if (price != null) {
                prices.put(symbol, price);
            } else if (!missing.contains(symbol)) {
                missing.add(symbol);
            }
        }
        return new ParsedPrices(prices, missing);
    }

    /** The text as a positive decimal without trailing zeros, or null when it is not one. */
    static BigDecimal positiveDecimal(String text) {
        if (text == null) {
            return null;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        value = value.stripTrailingZeros();
        if (value.signum() <= 0 || !plausibleMagnitude(value)) {
            return null;
        }
        // stripTrailingZeros turns 100 into 1E+2; keep whole numbers plain.
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    /** Guards against exponents such as 1E+999999999, which would be costly to expand into plain digits. */
    private static boolean plausibleMagnitude(BigDecimal value) {
        long integerDigits = (long) value.precision() - value.scale();
        return integerDigits <= MAX_INTEGER_DIGITS && value.scale() <= MAX_FRACTION_DIGITS;
    }
}
