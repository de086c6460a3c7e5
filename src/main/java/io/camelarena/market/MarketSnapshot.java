package io.camelarena.market;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every account of one tick sees: prices of the configured symbols, a news digest and the market context (venue
 * context, candle series, the as-of times of all inputs). Immutable, built once per tick and shared by all accounts.
 *
 * @param prices        symbol to mid price, in the order of the configured symbols; only symbols that had a price
 * @param missingSymbols configured symbols that had no price in the source's answer
 * @param pricesError   why prices could not be fetched at all, or null
 * @param newsDigest    "date | title: text" lines, at most the configured length; empty when news failed
 * @param newsError     why news could not be fetched, or null
 * @param context       venue context, candle series and input times ({@link MarketContext#NONE} when not fetched)
 * @param snapshotId    the market_snapshots row this snapshot is stored as, or null (not stored)
 */
public record MarketSnapshot(
        String tickId,
        Instant takenAt,
        Map<String, BigDecimal> prices,
        List<String> missingSymbols,
        String pricesError,
        String newsDigest,
        String newsError,
        MarketContext context,
        Long snapshotId) {

    public MarketSnapshot {
        prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
        missingSymbols = List.copyOf(missingSymbols);
        newsDigest = newsDigest == null ? "" : newsDigest;
        context = context == null ? MarketContext.NONE : context;
    }

    /** Prices and news only. */
    public MarketSnapshot(String tickId, Instant takenAt, Map<String, BigDecimal> prices, List<String> missingSymbols,
            String pricesError, String newsDigest, String newsError) {
        this(tickId, takenAt, prices, missingSymbols, pricesError, newsDigest, newsError, MarketContext.NONE, null);
    }

    public boolean hasPrices() {
        return !prices.isEmpty();
    }

    public Optional<BigDecimal> price(String symbol) {
        return Optional.ofNullable(prices.get(symbol));
    }

    /** The same snapshot, stored as market_snapshots row {@code id}. */
    public MarketSnapshot withSnapshotId(long id) {
        return new MarketSnapshot(tickId, takenAt, prices, missingSymbols, pricesError, newsDigest, newsError, context,
                id);
    }

    /**
     * The newest as-of time of the snapshot's inputs (prices, venue context, candles, news), never later than the
     * time the snapshot was taken; the snapshot's time when no input time is known.
     */
    public Instant inputsAsOf() {
        Instant newest = context.newestInput();
        return newest == null ? takenAt : newest;
    }
}
