package io.camelarena.market;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the venues' order books: Hyperliquid {@code POST /info {"type":"l2Book","coin":"BTC"}} and Binance USDⓈ-M
 * {@code GET /fapi/v1/depth?symbol=BTCUSDT&limit=N}. Prices and sizes are read from their text (both venues send
 * them as strings), never through {@code double}. Each side comes out best first (bids by falling, asks by rising
 * price) whatever order the answer had; levels with size zero are left out; an empty side is an empty list (the
 * pricer then falls back to the fixed model). An answer that is not the venue's shape, or a level without a positive
 * price and a non-negative size, is an {@link IllegalArgumentException} that says why without repeating the answer.
 */
public final class OrderBookParser {

    private static final Comparator<OrderBook.Level> BY_PRICE = Comparator.comparing(OrderBook.Level::price);

    /**
     * Hyperliquid {@code {"coin": "BTC", "time": ms, "levels": [[bids: {"px", "sz", "n"}...], [asks...]]}}.
     *
     * @param receivedAt the book's time when the answer has no {@code time}
     */
    public OrderBook hyperliquid(String body, String symbol, Instant receivedAt) {
        JsonNode root = VenueParser.read("l2Book", body);
        JsonNode levels = root.path("levels");
        if (!root.isObject() || !levels.isArray() || levels.size() != 2 || !levels.get(0).isArray()
                || !levels.get(1).isArray()) {
            throw new IllegalArgumentException("l2Book: expected {coin, time, levels: [bids, asks]}, got "
                    + (root.isObject() ? "an object without two level arrays" : root.getNodeType()));
        }
        String coin = root.path("coin").asText(symbol);
        if (!coin.equals(symbol)) {
            throw new IllegalArgumentException("l2Book: the answer is the book of " + abbreviate(coin) + ", not of "
                    + symbol);
        }
        List<OrderBook.Level> bids = new ArrayList<>();
        List<OrderBook.Level> asks = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            List<OrderBook.Level> into = side == 0 ? bids : asks;
            int i = 0;
            for (JsonNode level : levels.get(side)) {
                add(into, "l2Book", side == 0, i++, level.path("px"), level.path("sz"));
            }
        }
        return book(symbol, bids, asks, millis(root.path("time"), receivedAt));
    }

    /**
     * Binance {@code {"lastUpdateId", "E": message ms, "T": transaction ms, "bids": [["price", "qty"]...],
     * "asks": [...]}}.
     *
     * @param receivedAt the book's time when the answer has no {@code T} or {@code E}
     */
    public OrderBook binance(String body, String symbol, Instant receivedAt) {
        JsonNode root = VenueParser.read("depth", body);
        if (!root.isObject() || !root.path("bids").isArray() || !root.path("asks").isArray()) {
            throw new IllegalArgumentException("depth: expected {lastUpdateId, E, T, bids, asks}, got "
                    + (root.isObject() ? "an object without bids and asks arrays" : root.getNodeType()));
        }
        List<OrderBook.Level> bids = new ArrayList<>();
        List<OrderBook.Level> asks = new ArrayList<>();
        for (String name : List.of("bids", "asks")) {
            boolean bid = name.equals("bids");
            int i = 0;
            for (JsonNode level : root.path(name)) {
                if (!level.isArray() || level.size() < 2) {
                    throw new IllegalArgumentException("depth: " + (bid ? "bid " : "ask ") + i
                            + " is not a [price, quantity] pair");
                }
                add(bid ? bids : asks, "depth", bid, i++, level.get(0), level.get(1));
            }
        }
        Instant asOf = millis(root.path("T"), millis(root.path("E"), receivedAt));
        return book(symbol, bids, asks, asOf);
    }

    private static void add(List<OrderBook.Level> into, String what, boolean bid, int index, JsonNode priceNode,
            JsonNode sizeNode) {
        BigDecimal price = VenueParser.decimal(priceNode);
        BigDecimal size = VenueParser.decimal(sizeNode);
        if (price == null || size == null || price.signum() <= 0 || size.signum() < 0) {
            throw new IllegalArgumentException(what + ": " + (bid ? "bid " : "ask ") + index
                    + " has a missing, non-numeric or non-positive price or a negative size");
        }
        if (size.signum() > 0) {
            into.add(new OrderBook.Level(price, size));
        }
    }

    private static OrderBook book(String symbol, List<OrderBook.Level> bids, List<OrderBook.Level> asks,
            Instant asOf) {
        bids.sort(BY_PRICE.reversed());
        asks.sort(BY_PRICE);
        return new OrderBook(symbol, bids, asks, asOf);
    }

    private static Instant millis(JsonNode node, Instant fallback) {
        return node.canConvertToLong() && node.asLong() > 0 ? Instant.ofEpochMilli(node.asLong()) : fallback;
    }

    private static String abbreviate(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "…";
    }
}
