package io.camelarena.market;

/**
 * Result of the fetch-order-book route for one symbol: the book, or why there is none.
 *
 * @param book  the book, or null when it could not be fetched or read
 * @param error why there is no book (one line, without the venue's answer), or null
 */
public record OrderBookFetch(String symbol, OrderBook book, String error) {

    public static OrderBookFetch failed(String symbol, String error) {
        return new OrderBookFetch(symbol, null, error);
    }

    public boolean available() {
        return book != null;
    }
}
