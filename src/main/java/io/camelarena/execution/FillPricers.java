package io.camelarena.execution;

import io.camelarena.market.OrderBook;
import io.camelarena.market.OrderBookFetch;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@link FillPricer} of a round (a tick, or one run of the between-ticks watcher) for the configured
 * slippage model ({@code arena.trading.slippage-model}, docs/slippage.md):
 * <ul>
 *   <li>{@code none}: {@link FillPricer#NONE}, the reference price;</li>
 *   <li>{@code fixed}: {@link SlippageMath#fixed} with {@code arena.trading.slippage-bps};</li>
 *   <li>{@code book}: the round's pricer fetches a symbol's order book the first time a fill of that symbol needs it
 *       (never before, never for a symbol not traded) and keeps it for the rest of the round, so there is at most one
 *       fetch per round per traded symbol, however many accounts and fills need it, also when they price at the same
 *       time. A fill whose book could not be fetched or read, or whose side of it is empty, is priced by the fixed
 *       model; one larger than the book's side fills the remainder beyond it ({@link SlippageMath#walk}).</li>
 * </ul>
 * The calls for one round id return the same pricer while the round is one of the {@value #ROUNDS_KEPT} most recently
 * asked for (a round runs for seconds; rounds of several account groups and the watcher may overlap); older rounds
 * and their books are forgotten, as is a round ended by {@link #endRound}.
 */
public final class FillPricers {

    private static final Logger LOG = LoggerFactory.getLogger(FillPricers.class);
    /** Far more than the rounds that can be in flight at once (account groups plus the watcher). */
    static final int ROUNDS_KEPT = 32;

    private final SlippageModel model;
    private final BigDecimal bps;
    private final Function<String, OrderBookFetch> fetchBook;
    private final Map<String, FillPricer> rounds = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, FillPricer> eldest) {
                    return size() > ROUNDS_KEPT;
                }
            });

    /**
     * @param bps       the fixed model's basis points (also the book model's fallback), in [0, 10000)
     * @param fetchBook a symbol's order book (the fetch-order-book route); never throws for a venue's failure, and
     *                  one that does throw counts as a failed fetch
     */
    public FillPricers(SlippageModel model, BigDecimal bps, Function<String, OrderBookFetch> fetchBook) {
        this.model = Objects.requireNonNull(model, "model");
        try {
            SlippageMath.requireBps(bps);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("arena.trading.slippage-bps: " + e.getMessage());
        }
        this.bps = bps;
        this.fetchBook = Objects.requireNonNull(fetchBook, "fetchBook");
    }

    public SlippageModel model() {
        return model;
    }

    public BigDecimal bps() {
        return bps;
    }

    /**
     * The pricer of every fill of round {@code roundId} (a tick id, or an id of the watcher's run): the same instance
     * for the same id, so the round's fills share its books.
     */
    public FillPricer forRound(String roundId) {
        if (roundId == null || roundId.isBlank()) {
            throw new IllegalArgumentException("a round id is required");
        }
        return switch (model) {
            case NONE -> FillPricer.NONE;
            case FIXED -> this::fixed;
            case BOOK -> rounds.computeIfAbsent(roundId, RoundPricer::new);
        };
    }

    /** Forgets the books of a finished round (optional: rounds beyond the most recent ones are forgotten anyway). */
    public void endRound(String roundId) {
        rounds.remove(roundId);
    }

    private BigDecimal fixed(String symbol, boolean buy, BigDecimal quantity, BigDecimal reference) {
        requireQuantity(quantity);
        return SlippageMath.fixed(buy, reference, bps);
    }

    private static void requireQuantity(BigDecimal quantity) {
        if (quantity == null || quantity.signum() <= 0) {
            throw new IllegalArgumentException("quantity must be positive, was " + quantity);
        }
    }

    /** The book model's pricer of one round: each symbol's book fetched once, when a fill first needs it. */
    private final class RoundPricer implements FillPricer {

        private final String roundId;
        private final Map<String, CompletableFuture<OrderBookFetch>> books = new ConcurrentHashMap<>();

        RoundPricer(String roundId) {
            this.roundId = roundId;
        }

        @Override
        public BigDecimal fillPrice(String symbol, boolean buy, BigDecimal quantity, BigDecimal reference) {
            requireQuantity(quantity);
            OrderBookFetch fetch = book(symbol);
            List<OrderBook.Level> side = fetch.available() ? fetch.book().sideTakenBy(buy) : List.of();
            if (side.isEmpty()) {
                if (fetch.available()) {
                    LOG.info("round {}: the order book of {} has no {}; the fill uses the fixed model ({} bps)",
                            roundId, symbol, buy ? "asks" : "bids", bps.toPlainString());
                }
                return SlippageMath.fixed(buy, reference, bps);
            }
            SlippageMath.BookWalk walk = SlippageMath.walk(side, buy, quantity, bps);
            if (walk.thin()) {
                LOG.info("round {}: the order book of {} holds {} of the {} to {}; the remaining {} fills at {} "
                        + "(its last level {} moved by {} bps)", roundId, symbol, walk.fromBook().toPlainString(),
                        quantity.toPlainString(), buy ? "buy" : "sell", walk.beyondBook().toPlainString(),
                        walk.beyondPrice().toPlainString(), walk.worst().toPlainString(), bps.toPlainString());
            }
            return SlippageMath.notBetterThan(buy, walk.price(), reference);
        }

        @Override
        public void prefetch(String symbol) {
            book(symbol);
        }

        @Override
        public boolean ready(String symbol) {
            CompletableFuture<OrderBookFetch> fetch = books.get(symbol);
            return fetch != null && fetch.isDone();
        }

        /** The round's book of {@code symbol}: fetched by the first fill that needs it, waited for by the others. */
        private OrderBookFetch book(String symbol) {
            CompletableFuture<OrderBookFetch> mine = new CompletableFuture<>();
            CompletableFuture<OrderBookFetch> first = books.putIfAbsent(symbol, mine);
            if (first != null) {
                return first.join();
            }
            OrderBookFetch fetch = OrderBookFetch.failed(symbol, "order book " + symbol + ": no answer");
            try {
                OrderBookFetch answer = fetchBook.apply(symbol);
                if (answer != null) {
                    fetch = answer;
                }
            } catch (RuntimeException e) {
                fetch = OrderBookFetch.failed(symbol, "order book " + symbol + ": " + e.getClass().getSimpleName()
                        + ": " + e.getMessage());
            } finally {
                // whatever happened, the fills waiting for this fetch go on
                mine.complete(fetch);
            }
            if (!fetch.available()) {
                LOG.warn("round {}: {}; fills of {} in this round use the fixed model ({} bps)", roundId,
                        fetch.error(), symbol, bps.toPlainString());
            }
            return fetch;
        }
    }
}
