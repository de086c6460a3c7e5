package io.camelarena.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camelarena.market.OrderBook;
import io.camelarena.market.OrderBookFetch;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The pricers of rounds: a book is fetched only when a fill needs it, at most once per round and symbol (also when
 * fills price at the same time), and a fill without a usable book is priced by the fixed model.
 */
class FillPricersTest {

    private static final BigDecimal TWO_BPS = new BigDecimal("2");
    private static final BigDecimal REFERENCE = new BigDecimal("95235.5");
    private static final OrderBook BTC = new OrderBook("BTC", SlippageMathTest.BIDS, SlippageMathTest.ASKS,
            Instant.EPOCH);

    /** Counts the fetches per symbol and answers from {@code books} (a symbol without one fails). */
    private static final class CountingBooks implements Function<String, OrderBookFetch> {
        final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
        final Map<String, OrderBook> books;

        CountingBooks(Map<String, OrderBook> books) {
            this.books = books;
        }

        @Override
        public OrderBookFetch apply(String symbol) {
            fetches.computeIfAbsent(symbol, s -> new AtomicInteger()).incrementAndGet();
            OrderBook book = books.get(symbol);
            return book == null ? OrderBookFetch.failed(symbol, "order book " + symbol + ": statusCode: 500")
                    : new OrderBookFetch(symbol, book, null);
        }

        int of(String symbol) {
            AtomicInteger n = fetches.get(symbol);
            return n == null ? 0 : n.get();
        }
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    @Test
    void aRoundFetchesEachTradedSymbolOnceWhenAFillFirstNeedsIt() {
        CountingBooks books = new CountingBooks(Map.of("BTC", BTC));
        FillPricers pricers = new FillPricers(SlippageModel.BOOK, TWO_BPS, books);

        FillPricer round = pricers.forRound("tick-1");
        assertThat(books.fetches).isEmpty();
        assertThat(round.fillPrice("BTC", true, d("2.1"), REFERENCE)).isEqualTo(d("95237.33333334"));
        assertThat(round.fillPrice("BTC", false, d("2.1"), REFERENCE)).isEqualTo(d("95233.23809523"));
        // another account's fill in the same round gets the same pricer and the same book
        assertThat(pricers.forRound("tick-1")).isSameAs(round);
        assertThat(pricers.forRound("tick-1").fillPrice("BTC", true, d("0.3"), REFERENCE))
                .isEqualTo(d("95236.00000000"));
        assertThat(books.of("BTC")).isEqualTo(1);

        // the next round fetches again
        pricers.forRound("tick-2").fillPrice("BTC", true, d("0.3"), REFERENCE);
        assertThat(books.of("BTC")).isEqualTo(2);
        assertThat(books.fetches.keySet()).containsExactly("BTC");
    }

    @Test
    void fillsPricingAtTheSameTimeShareOneFetch() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger fetches = new AtomicInteger();
        FillPricers pricers = new FillPricers(SlippageModel.BOOK, TWO_BPS, symbol -> {
            fetches.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new OrderBookFetch(symbol, BTC, null);
        });
        FillPricer round = pricers.forRound("tick-1");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<BigDecimal>> fills = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fills.add(pool.submit(() -> round.fillPrice("BTC", true, d("2.1"), REFERENCE)));
            }
            release.countDown();
            for (Future<BigDecimal> fill : fills) {
                assertThat(fill.get()).isEqualTo(d("95237.33333334"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fetches.get()).isEqualTo(1);
    }

    @Test
    void aFailedFetchAnEmptySideOrAFetchThatThrowsPricesTheFillsByTheFixedModelWithoutFetchingAgain() {
        OrderBook noAsks = new OrderBook("ETH", List.of(SlippageMathTest.level("3420", "5")), List.of(),
                Instant.EPOCH);
        CountingBooks books = new CountingBooks(Map.of("ETH", noAsks));
        FillPricers pricers = new FillPricers(SlippageModel.BOOK, TWO_BPS, books);
        FillPricer round = pricers.forRound("tick-1");

        // SOL's fetch fails: 95236.5 x 1.0002 = 95255.5473; x 0.9998 = 95217.4527
        assertThat(round.fillPrice("SOL", true, d("1"), d("95236.5"))).isEqualTo(d("95255.54730000"));
        assertThat(round.fillPrice("SOL", false, d("1"), d("95236.5"))).isEqualTo(d("95217.45270000"));
        assertThat(books.of("SOL")).isEqualTo(1);
        // ETH has no asks: a buy is fixed, a sell walks the bids (3420, never above the reference 3421)
        assertThat(round.fillPrice("ETH", true, d("1"), d("3421"))).isEqualTo(d("3421.68420000"));
        assertThat(round.fillPrice("ETH", false, d("1"), d("3421"))).isEqualTo(d("3420.00000000"));

        FillPricers throwing = new FillPricers(SlippageModel.BOOK, TWO_BPS, symbol -> {
            throw new IllegalStateException("the context is stopping");
        });
        assertThat(throwing.forRound("tick-1").fillPrice("BTC", true, d("1"), d("100")))
                .isEqualTo(d("100.02000000"));
    }

    @Test
    void fixedAndNoneFetchNothing() {
        CountingBooks books = new CountingBooks(Map.of("BTC", BTC));
        FillPricer fixed = new FillPricers(SlippageModel.FIXED, TWO_BPS, books).forRound("tick-1");
        FillPricer none = new FillPricers(SlippageModel.NONE, TWO_BPS, books).forRound("tick-1");

        assertThat(fixed.fillPrice("BTC", true, d("2.1"), d("95236.5"))).isEqualTo(d("95255.54730000"));
        assertThat(fixed.fillPrice("BTC", false, d("2.1"), d("95236.5"))).isEqualTo(d("95217.45270000"));
        assertThat(none.fillPrice("BTC", true, d("2.1"), d("95236.5"))).isEqualTo(d("95236.5"));
        assertThat(books.fetches).isEmpty();
    }

    @Test
    void anEndedRoundOrOneBeyondTheRoundsKeptIsForgottenAndFetchesAnew() {
        CountingBooks books = new CountingBooks(Map.of("BTC", BTC));
        FillPricers pricers = new FillPricers(SlippageModel.BOOK, TWO_BPS, books);
        FillPricer first = pricers.forRound("tick-1");
        first.fillPrice("BTC", true, d("1"), REFERENCE);

        pricers.endRound("tick-1");
        assertThat(pricers.forRound("tick-1")).isNotSameAs(first);

        FillPricer kept = pricers.forRound("watch-1");
        for (int i = 0; i < FillPricers.ROUNDS_KEPT; i++) {
            pricers.forRound("tick-" + (100 + i));
        }
        assertThat(pricers.forRound("watch-1")).isNotSameAs(kept);
    }

    @Test
    void aRoundIdAndAValidBpsAreRequired() {
        FillPricers pricers = new FillPricers(SlippageModel.BOOK, TWO_BPS, s -> null);
        assertThatThrownBy(() -> pricers.forRound(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a round id is required");
        assertThatThrownBy(() -> new FillPricers(SlippageModel.FIXED, d("-0.5"), s -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("arena.trading.slippage-bps: slippage bps must be at least 0 and below 10000, was -0.5");
        assertThatThrownBy(() -> SlippageModel.of("orderbook")).isInstanceOf(IllegalStateException.class)
                .hasMessage("arena.trading.slippage-model must be book, fixed or none, was 'orderbook'");
        assertThat(SlippageModel.of(" Book ")).isEqualTo(SlippageModel.BOOK);
    }
}
