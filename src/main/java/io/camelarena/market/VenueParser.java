package io.camelarena.market;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the venues' answers about perpetual futures: venue context (Hyperliquid {@code metaAndAssetCtxs}; Binance
 * USDⓈ-M {@code premiumIndex} and {@code openInterest}) and candles (Hyperliquid {@code candleSnapshot}, Binance
 * {@code klines}). Numbers are read from their text (the venues send most of them as strings), never through
 * {@code double}. An answer that is not the venue's shape is an {@link IllegalArgumentException} that says why
 * without repeating the answer.
 */
public final class VenueParser {

    private static final int MAX_INTEGER_DIGITS = 24;
    private static final int MAX_FRACTION_DIGITS = 30;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String binanceQuote;
    private final BigDecimal binanceFundingHours;

    /**
     * @param binanceQuote        Binance symbol = arena symbol + this quote asset ({@code BTCUSDT})
     * @param binanceFundingHours hours one Binance funding rate covers ({@code lastFundingRate} is per 8 h)
     */
    public VenueParser(String binanceQuote, int binanceFundingHours) {
        this.binanceQuote = binanceQuote;
        this.binanceFundingHours = BigDecimal.valueOf(binanceFundingHours);
    }

    public String binanceSymbol(String symbol) {
        return symbol + binanceQuote;
    }

    /**
     * Hyperliquid {@code [{"universe": [{"name", "maxLeverage", ...}]}, [{"markPx", "oraclePx", "funding",
     * "openInterest", "dayNtlVlm", ...}]]}: the n-th context belongs to the n-th universe entry. Funding on Hyperliquid
     * is already an hourly rate.
     */
    public Map<String, VenueContext> hyperliquidContexts(String body, List<String> symbols, Instant asOf) {
        JsonNode root = read("metaAndAssetCtxs", body);
        if (!root.isArray() || root.size() < 2 || !root.get(0).path("universe").isArray() || !root.get(1).isArray()) {
            throw new IllegalArgumentException("metaAndAssetCtxs: expected [meta with universe, asset contexts], got "
                    + root.getNodeType());
        }
        JsonNode universe = root.get(0).path("universe");
        JsonNode contexts = root.get(1);
        Map<String, VenueContext> found = new HashMap<>();
        for (int i = 0; i < universe.size() && i < contexts.size(); i++) {
            String name = universe.get(i).path("name").asText("");
            if (!symbols.contains(name)) {
                continue;
            }
            JsonNode ctx = contexts.get(i);
            JsonNode maxLeverage = universe.get(i).path("maxLeverage");
            found.put(name, new VenueContext(name, decimal(ctx.path("markPx")), decimal(ctx.path("oraclePx")),
                    decimal(ctx.path("funding")), decimal(ctx.path("openInterest")), decimal(ctx.path("dayNtlVlm")),
                    maxLeverage.canConvertToInt() && maxLeverage.isIntegralNumber() ? maxLeverage.asInt() : null,
                    asOf));
        }
        return inOrder(found, symbols);
    }

    /**
     * Binance {@code GET /fapi/v1/premiumIndex} (every symbol: an array of {@code {"symbol", "markPrice",
     * "indexPrice", "lastFundingRate", "time", ...}}) merged with the {@code GET /fapi/v1/openInterest} answers
     * ({@code {"openInterest", "symbol", "time"}}) by symbol. The funding rate is divided by the hours it covers.
     *
     * @param openInterest arena symbol to its openInterest answer (a symbol whose request failed is absent)
     */
    public Map<String, VenueContext> binanceContexts(String premiumIndexBody, Map<String, String> openInterest,
            List<String> symbols, Instant receivedAt) {
        JsonNode root = read("premiumIndex", premiumIndexBody);
        if (root.isObject()) {
            root = MAPPER.createArrayNode().add(root);
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException("premiumIndex: expected an array of symbols, got " + root.getNodeType());
        }
        Map<String, JsonNode> byPair = new HashMap<>();
        root.forEach(n -> byPair.put(n.path("symbol").asText(""), n));
        Map<String, VenueContext> found = new HashMap<>();
        for (String symbol : symbols) {
            JsonNode p = byPair.get(binanceSymbol(symbol));
            if (p == null) {
                continue;
            }
            BigDecimal funding = decimal(p.path("lastFundingRate"));
            BigDecimal hourly = funding == null ? null
                    : funding.divide(binanceFundingHours, MathContext.DECIMAL64).stripTrailingZeros();
            Instant asOf = millis(p.path("time"), receivedAt);
            BigDecimal oi = null;
            String oiBody = openInterest.get(symbol);
            if (oiBody != null) {
                JsonNode o = read("openInterest", oiBody);
                oi = decimal(o.path("openInterest"));
                Instant oiTime = millis(o.path("time"), receivedAt);
                asOf = oiTime.isAfter(asOf) ? oiTime : asOf;
            }
            found.put(symbol, new VenueContext(symbol, decimal(p.path("markPrice")), decimal(p.path("indexPrice")),
                    hourly, oi, null, null, asOf));
        }
        return inOrder(found, symbols);
    }

    /**
     * Hyperliquid {@code candleSnapshot}: {@code [{"t": open ms, "T": close ms, "s", "i", "o", "c", "h", "l", "v",
     * "n"}]}. Only candles closed before {@code cutoff}, oldest first, the last {@code count} of them.
     */
    public List<Candle> hyperliquidCandles(String body, Instant cutoff, int count) {
        JsonNode root = read("candleSnapshot", body);
        if (!root.isArray()) {
            throw new IllegalArgumentException("candleSnapshot: expected an array of candles, got "
                    + root.getNodeType());
        }
        List<Candle> candles = new ArrayList<>();
        int i = 0;
        for (JsonNode c : root) {
            candles.add(candle("candleSnapshot", i++, c.path("t"), c.path("T"), c.path("o"), c.path("h"), c.path("l"),
                    c.path("c"), c.path("v")));
        }
        return closedTail(candles, cutoff, count);
    }

    /**
     * Binance {@code klines}: {@code [[open ms, "open", "high", "low", "close", "volume", close ms, ...]]}. Only
     * candles closed before {@code cutoff}, oldest first, the last {@code count} of them.
     */
    public List<Candle> binanceCandles(String body, Instant cutoff, int count) {
        JsonNode root = read("klines", body);
        if (!root.isArray()) {
            throw new IllegalArgumentException("klines: expected an array of klines, got " + root.getNodeType());
        }
        List<Candle> candles = new ArrayList<>();
        int i = 0;
        for (JsonNode k : root) {
            if (!k.isArray() || k.size() < 7) {
                throw new IllegalArgumentException("klines: kline " + i + " is not an array of at least 7 fields");
            }
            candles.add(candle("klines", i++, k.get(0), k.get(6), k.get(1), k.get(2), k.get(3), k.get(4), k.get(5)));
        }
        return closedTail(candles, cutoff, count);
    }

    private static Candle candle(String what, int index, JsonNode open, JsonNode close, JsonNode o, JsonNode h,
            JsonNode l, JsonNode c, JsonNode v) {
        if (!open.canConvertToLong() || !close.canConvertToLong()) {
            throw new IllegalArgumentException(what + ": candle " + index + " has no open/close time");
        }
        BigDecimal[] values = {decimal(o), decimal(h), decimal(l), decimal(c), decimal(v)};
        for (BigDecimal value : values) {
            if (value == null) {
                throw new IllegalArgumentException(what + ": candle " + index + " has a missing or non-numeric price "
                        + "or volume");
            }
        }
        return new Candle(Instant.ofEpochMilli(open.asLong()), Instant.ofEpochMilli(close.asLong()), values[0],
                values[1], values[2], values[3], values[4]);
    }

    static List<Candle> closedTail(List<Candle> candles, Instant cutoff, int count) {
        List<Candle> closed = new ArrayList<>(candles.stream().filter(c -> c.closedBefore(cutoff))
                .sorted(Comparator.comparing(Candle::openTime)).toList());
        // a venue repeating a candle: keep one per open time
        for (int i = closed.size() - 1; i > 0; i--) {
            if (closed.get(i).openTime().equals(closed.get(i - 1).openTime())) {
                closed.remove(i - 1);
            }
        }
        return List.copyOf(closed.subList(Math.max(0, closed.size() - count), closed.size()));
    }

    private static Map<String, VenueContext> inOrder(Map<String, VenueContext> found, List<String> symbols) {
        Map<String, VenueContext> ordered = new LinkedHashMap<>();
        symbols.stream().filter(found::containsKey).forEach(s -> ordered.put(s, found.get(s)));
        return ordered;
    }

    private static Instant millis(JsonNode node, Instant fallback) {
        return node.canConvertToLong() && node.asLong() > 0 ? Instant.ofEpochMilli(node.asLong()) : fallback;
    }

    /** The answer as JSON; an empty or malformed one is an IllegalArgumentException naming {@code what}. */
    static JsonNode read(String what, String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException(what + ": empty answer");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new IllegalArgumentException(what + ": malformed JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()), e);
        }
    }

    /** A string or number node as a decimal without trailing zeros, or null when it is neither or implausible. */
    static BigDecimal decimal(JsonNode node) {
        String text = node.isTextual() ? node.asText().trim() : node.isNumber() ? node.decimalValue().toPlainString()
                : null;
        if (text == null || text.isEmpty()) {
            return null;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
        if ((long) value.precision() - value.scale() > MAX_INTEGER_DIGITS || value.scale() > MAX_FRACTION_DIGITS) {
            return null;
        }
        value = value.stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }
}
