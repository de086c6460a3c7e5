package io.camelarena.market;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A venue's order book of one symbol as fetched: price levels, best first on each side.
 *
 * @param bids  buy orders, highest price first
 * @param asks  sell orders, lowest price first
 * @param asOf  the venue's time of the book, or when it was received when the venue gives none
 */
public record OrderBook(String symbol, List<Level> bids, List<Level> asks, Instant asOf) {

    public OrderBook {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    /** The side a fill consumes: a buy takes the asks, a sell the bids. */
    public List<Level> sideTakenBy(boolean buy) {
        return buy ? asks : bids;
    }

    /** One price level: the size resting at that price, in coins; both positive. */
    public record Level(BigDecimal price, BigDecimal size) {
    }
}
