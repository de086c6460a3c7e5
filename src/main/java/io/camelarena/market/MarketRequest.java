package io.camelarena.market;

import java.time.Instant;

/**
 * One HTTP request of a market source beside prices and news (venue context, candles, an order book), made by the
 * fetch-venue and fetch-candles routes, each in its own split exchange, and by fetch-order-book.
 *
 * @param source what it fetches: {@code venue}, {@code open-interest}, {@code candles}, {@code ledger-candles} or
 *               {@code order-book}
 * @param symbol the arena symbol it is about, or null (a request for every symbol)
 * @param series the candle interval ({@code 3m}, {@code 4h}, ...) of a candle request, else null
 * @param query  the query string (without {@code ?}), or null
 * @param body   the JSON body of a POST, or null
 * @param sentAt when the request was made: only candles closed before this time are used (no look-ahead)
 */
public record MarketRequest(String source, String symbol, String series, String method, String url, String query,
        String body, Instant sentAt) {

    /** Names the request in error texts: {@code candles BTC 3m}. */
    public String label() {
        StringBuilder s = new StringBuilder(source);
        if (symbol != null) {
            s.append(' ').append(symbol);
        }
        if (series != null) {
            s.append(' ').append(series);
        }
        return s.toString();
    }
}
