package io.camelarena.market;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every account of one tick sees: prices of the configured symbols and a news digest. Immutable, built once per
 * tick and shared by all accounts.
 *
 * @param prices        symbol to mid price, in the order of the configured symbols; only symbols that had a price
 * @param missingSymbols configured symbols that had no price in the source's answer
 * @param pricesError   why prices could not be fetched at all, or null
 * @param newsDigest    "date | title: text" lines, at most the configured length; empty when news failed
 * @param newsError     why news could not be fetched, or null
 */
public record MarketSnapshot(
        String tickId,
        Instant takenAt,
        Map<String, BigDecimal> prices,
        List<String> missingSymbols,
        String pricesError,
        String newsDigest,
        String newsError) {

    public MarketSnapshot {
        prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
        missingSymbols = List.copyOf(missingSymbols);
        newsDigest = newsDigest == null ? "" : newsDigest;
    }

    public boolean hasPrices() {
        return !prices.isEmpty();
    }

    public Optional<BigDecimal> price(String symbol) {
        return Optional.ofNullable(prices.get(symbol));
    }
}
