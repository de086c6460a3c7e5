package io.camelarena.market;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Recorded market data for the offline {@code demo} profile: Hyperliquid {@code allMids} answers played back in a cycle
 * and one CoinJournal RSS feed, all bundled under {@code demo/} on the classpath; and answers to the venue requests
 * ({@link #answer}): a {@code metaAndAssetCtxs} answer (funding, open interest, volume, maximum leverage) and
 * {@code candleSnapshot} series per symbol and interval (1m, 3m, 4h; synthetic, in Hyperliquid's shape, anchored at
 * the recorded prices), re-timed to the request and scaled to the last played price, the window moving one candle per
 * played price snapshot; and a synthetic {@code l2Book} order book around the last played price (for the slippage
 * model book).
 *
 * <p>Snapshots are {@code demo/prices/hyperliquid-allmids-001.json}, {@code -002.json}, ... and are found by probing
 * consecutive numbers, because a directory inside a jar cannot be listed portably.
 */
public final class DemoMarketPlayback {

    static final String PRICES_PATTERN = "demo/prices/hyperliquid-allmids-%03d.json";
    static final String NEWS_RESOURCE = "demo/news/coinjournal.xml";

    private final List<String> snapshots;
    private final String newsXml;
    private int next;
    private int served;
    private String lastPricesJson;
    private final java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> candleSeries =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    static final String VENUE_RESOURCE = "demo/venue/hyperliquid-metaAndAssetCtxs.json";
    static final String CANDLES_PATTERN = "demo/candles/%s-%s.json";

    public DemoMarketPlayback() {
        this.snapshots = loadSnapshots();
        this.newsXml = read(NEWS_RESOURCE);
        if (snapshots.isEmpty()) {
            throw new IllegalStateException("no demo price snapshots on the classpath: " + PRICES_PATTERN.formatted(1));
        }
        if (newsXml == null) {
            throw new IllegalStateException("no demo news on the classpath: " + NEWS_RESOURCE);
        }
    }

    /** The next recorded allMids answer; after the last one it starts again from the first. */
    public synchronized String nextPricesJson() {
        String json = snapshots.get(next);
        next = (next + 1) % snapshots.size();
        served++;
        lastPricesJson = json;
        return json;
    }

    /** The recorded RSS 2.0 feed, always the same. */
    public String newsXml() {
        return newsXml;
    }

    /**
     * A bundled answer to a venue request, in Hyperliquid's shape: {@code metaAndAssetCtxs} with mark and oracle prices
     * scaled to the last played mid prices, or a {@code candleSnapshot} of the request's coin and interval ending with
     * the (still open) candle that holds the request's end time.
     *
     * @throws IllegalArgumentException for a request the demo has no data for (another provider's, an interval
     *                                  not bundled)
     */
    public String answer(MarketRequest request) {
        if (request.body() == null) {
            throw new IllegalArgumentException("the demo plays back Hyperliquid answers only, not " + request.label());
        }
        try {
            var body = JSON.readTree(request.body());
            String type = body.path("type").asText();
            if (type.equals("metaAndAssetCtxs")) {
                return venueAnswer();
            }
            if (type.equals("l2Book")) {
                return bookAnswer(body.path("coin").asText(), request.sentAt());
            }
            if (type.equals("candleSnapshot")) {
                var req = body.path("req");
                return candleAnswer(req.path("coin").asText(), req.path("interval").asText(),
                        req.path("startTime").asLong(), req.path("endTime").asLong());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a Hyperliquid info request: " + request.label(), e);
        }
        throw new IllegalArgumentException("no bundled answer for " + request.label());
    }

    private String venueAnswer() throws com.fasterxml.jackson.core.JsonProcessingException {
        var root = (com.fasterxml.jackson.databind.node.ArrayNode) JSON.readTree(read(VENUE_RESOURCE));
        var universe = root.get(0).path("universe");
        var contexts = root.get(1);
        for (int i = 0; i < universe.size() && i < contexts.size(); i++) {
            var ctx = (com.fasterxml.jackson.databind.node.ObjectNode) contexts.get(i);
            BigDecimal factor = factor(universe.get(i).path("name").asText(), new BigDecimal(ctx.path("midPx").asText()));
            for (String field : List.of("markPx", "oraclePx", "midPx")) {
                BigDecimal recorded = new BigDecimal(ctx.path(field).asText());
                ctx.put(field, scaled(recorded, factor).toPlainString());
            }
        }
        return root.toString();
    }

    /**
     * A synthetic {@code l2Book} around the coin's last played mid price m: {@value #BOOK_LEVELS} levels per side, the
     * k-th (k = 0, 1, ...) at m x (1 -/+ (0.5 + k) / 10000) (a spread of 1 bp, a level every 1 bp), holding
     * {@value #BOOK_LEVEL_NOTIONAL} x (k + 1) dollars of the coin, prices to 6 and sizes to 5 significant digits;
     * the venue's time is the time of the request. About 4.2 million dollars per side: an open of the demo accounts
     * walks a level or a few.
     *
     * @throws IllegalArgumentException before the first played price, or for a coin without one
     */
    private String bookAnswer(String coin, java.time.Instant at) throws com.fasterxml.jackson.core.JsonProcessingException {
        String prices;
        synchronized (this) {
            prices = lastPricesJson;
        }
        var mid = prices == null ? null : JSON.readTree(prices).path(coin);
        if (mid == null || !mid.isTextual()) {
            throw new IllegalArgumentException("no played price of " + coin + " to build its demo order book around");
        }
        BigDecimal m = new BigDecimal(mid.asText());
        var prices6 = new java.math.MathContext(6, java.math.RoundingMode.HALF_EVEN);
        var sizes5 = new java.math.MathContext(5, java.math.RoundingMode.HALF_EVEN);
        var root = JSON.createObjectNode().put("coin", coin).put("time", at.toEpochMilli());
        var levels = root.putArray("levels");
        for (int side = 0; side < 2; side++) {
            var out = levels.addArray();
            for (int k = 0; k < BOOK_LEVELS; k++) {
                BigDecimal offset = new BigDecimal(k).add(new BigDecimal("0.5")).movePointLeft(4);
                BigDecimal px = m.multiply(side == 0 ? BigDecimal.ONE.subtract(offset) : BigDecimal.ONE.add(offset))
                        .round(prices6);
                BigDecimal sz = new BigDecimal(BOOK_LEVEL_NOTIONAL * (k + 1)).divide(px, sizes5);
                out.addObject().put("px", px.toPlainString()).put("sz", sz.toPlainString()).put("n", 1 + k % 7);
            }
        }
        return root.toString();
    }

    static final int BOOK_LEVELS = 20;
    static final long BOOK_LEVEL_NOTIONAL = 20_000;

    private String candleAnswer(String coin, String interval, long start, long end) {
        var series = candleSeries.computeIfAbsent(coin + "-" + interval, key -> {
            String text = read(CANDLES_PATTERN.formatted(coin, interval));
            if (text == null) {
                throw new IllegalArgumentException("no bundled " + interval + " candles of " + coin);
            }
            try {
                return JSON.readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("bundled candles " + key + " are not JSON", e);
            }
        });
        long ms = CandleInterval.lengthOf(interval).toMillis();
        int wanted = (int) Math.max(1, Math.min(series.size(), (end - start) / ms + 1));
        int playedSoFar;
        synchronized (this) {
            playedSoFar = served;
        }
        // the window's last candle moves one step per played price snapshot, and starts over at the end
        int last = wanted - 1 + Math.floorMod(playedSoFar, series.size() - wanted + 1);
        BigDecimal factor = factor(coin, new BigDecimal(series.get(last).path("c").asText()));
        long openOfLast = Math.floorDiv(end, ms) * ms;
        var out = JSON.createArrayNode();
        for (int i = last - wanted + 1; i <= last; i++) {
            var c = series.get(i);
            long t = openOfLast - (long) (last - i) * ms;
            var o = out.addObject().put("t", t).put("T", t + ms - 1).put("s", coin).put("i", interval);
            for (String field : List.of("o", "c", "h", "l")) {
                o.put(field, scaled(new BigDecimal(c.path(field).asText()), factor).toPlainString());
            }
            o.put("v", c.path("v").asText()).put("n", c.path("n").asInt());
        }
        return out.toString();
    }

    /** Last played mid of the coin / {@code reference}: the demo's venue figures follow the played prices. */
    private BigDecimal factor(String coin, BigDecimal reference) {
        String prices;
        synchronized (this) {
            prices = lastPricesJson;
        }
        if (prices == null || reference.signum() <= 0) {
            return BigDecimal.ONE;
        }
        try {
            var mid = JSON.readTree(prices).path(coin);
            return mid.isTextual() ? new BigDecimal(mid.asText()).divide(reference, java.math.MathContext.DECIMAL64)
                    : BigDecimal.ONE;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | NumberFormatException e) {
            return BigDecimal.ONE;
        }
    }

    /** {@code value} x {@code factor}, to the value's own decimal places. */
    private static BigDecimal scaled(BigDecimal value, BigDecimal factor) {
        return value.multiply(factor).setScale(Math.max(0, value.scale()), java.math.RoundingMode.HALF_EVEN);
    }

    /** How many price snapshots are bundled. */
    public int snapshotCount() {
        return snapshots.size();
    }

    private static List<String> loadSnapshots() {
        List<String> result = new ArrayList<>();
        for (int n = 1; ; n++) {
            String json = read(PRICES_PATTERN.formatted(n));
            if (json == null) {
                return List.copyOf(result);
            }
            result.add(json);
        }
    }

    /** The resource as UTF-8 text, or null when there is none. */
    private static String read(String resource) {
        try (InputStream in = DemoMarketPlayback.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
