package io.camelarena.market;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Set;

/**
 * The steps of the fetch-order-book route: the request for one symbol's order book at the prices provider's
 * perpetual futures venue (the venue of fetch-venue and fetch-candles, at the same URL, through the same
 * market-request and venue-feed routes), and what its answer gives.
 *
 * <ul>
 *   <li>Hyperliquid: {@code POST /info {"type":"l2Book","coin":"BTC"}} (up to 20 levels per side).</li>
 *   <li>Binance: {@code GET /fapi/v1/depth?symbol=BTCUSDT&limit=N}, N = {@code arena.trading.order-book.binance-limit}.
 *   </li>
 * </ul>
 * Never throws for a failed or malformed answer: the fetch says why there is no book.
 */
public final class OrderBookSteps {

    /** The depths Binance's {@code /fapi/v1/depth} accepts. */
    public static final Set<Integer> BINANCE_LIMITS = Set.of(5, 10, 20, 50, 100, 500, 1000);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String provider;
    private final String venueUrl;
    private final VenueParser venue;
    private final OrderBookParser parser;
    private final int binanceLimit;
    private final Clock clock;

    /**
     * @param provider     {@code hyperliquid} or {@code binance}
     * @param venueUrl     Hyperliquid's info URL, or Binance's futures base URL ({@link VenueSteps#venueUrl})
     * @param venue        names the Binance symbol of an arena symbol
     * @param binanceLimit levels per side asked of Binance, one of {@link #BINANCE_LIMITS}
     */
    public OrderBookSteps(String provider, String venueUrl, VenueParser venue, OrderBookParser parser,
            int binanceLimit, Clock clock) {
        if (!BINANCE_LIMITS.contains(binanceLimit)) {
            throw new IllegalStateException("arena.trading.order-book.binance-limit must be one of 5, 10, 20, 50, "
                    + "100, 500, 1000 (the depths Binance answers), was " + binanceLimit);
        }
        this.provider = provider;
        this.venueUrl = venueUrl;
        this.venue = venue;
        this.parser = parser;
        this.binanceLimit = binanceLimit;
        this.clock = clock;
    }

    /** The request for {@code symbol}'s book, made by market-request. */
    public MarketRequest request(String symbol) {
        if (provider.equals("binance")) {
            return new MarketRequest("order-book", symbol, null, "GET", venueUrl + "/fapi/v1/depth",
                    "symbol=" + venue.binanceSymbol(symbol) + "&limit=" + binanceLimit, null, clock.instant());
        }
        String body = JSON.createObjectNode().put("type", "l2Book").put("coin", symbol).toString();
        return new MarketRequest("order-book", symbol, null, "POST", venueUrl, null, body, clock.instant());
    }

    /** The book in the answer market-request ended with, or why there is none. */
    public OrderBookFetch book(MarketAnswer answer) {
        String symbol = answer.request().symbol();
        if (answer.failed()) {
            return OrderBookFetch.failed(symbol, "order book " + symbol + ": " + answer.error());
        }
        try {
            OrderBook book = provider.equals("binance")
                    ? parser.binance(answer.body(), symbol, answer.receivedAt())
                    : parser.hyperliquid(answer.body(), symbol, answer.receivedAt());
            return new OrderBookFetch(symbol, book, null);
        } catch (IllegalArgumentException e) {
            return OrderBookFetch.failed(symbol, "order book " + symbol + ": " + e.getMessage());
        }
    }

    /** The fetch of a route that failed before market-request answered. */
    public OrderBookFetch failed(String symbol, Exception failure) {
        return OrderBookFetch.failed(symbol, "order book " + symbol + ": " + MarketSteps.oneLine(failure));
    }
}
