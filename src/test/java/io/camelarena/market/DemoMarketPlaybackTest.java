package io.camelarena.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import io.camelarena.market.PriceParser.ParsedPrices;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DemoMarketPlaybackTest {

    private static final List<String> SYMBOLS = List.of("BTC", "ETH", "SOL", "BNB", "XRP", "DOGE");

    private final DemoMarketPlayback playback = new DemoMarketPlayback();

    @Test
    void bundlesAboutTwoDaysOfHourlySnapshots() {
        assertThat(playback.snapshotCount()).isEqualTo(48);
    }

    @Test
    void cyclesThroughAllSnapshotsAndStartsAgain() {
        int n = playback.snapshotCount();
        List<String> firstRound = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            firstRound.add(playback.nextPricesJson());
        }

        assertThat(new HashSet<>(firstRound)).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(playback.nextPricesJson()).isEqualTo(firstRound.get(i));
        }
    }

    @Test
    void concurrentCallersShareOneCycle() throws Exception {
        int n = playback.snapshotCount();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                List<String> seen = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    seen.add(playback.nextPricesJson());
                }
                return seen;
            }));
        }
        Map<String, Integer> counts = new HashMap<>();
        for (Future<List<String>> result : results) {
            result.get(10, TimeUnit.SECONDS).forEach(json -> counts.merge(json, 1, Integer::sum));
        }
        pool.shutdown();

        assertThat(counts).hasSize(n).allSatisfy((json, count) -> assertThat(count).isEqualTo(threads));
    }

    @Test
    void everySnapshotParsesWithAllSixSymbolsAtPlausiblePrices() {
        PriceParser parser = new PriceParser("USDT");
        for (int i = 0; i < playback.snapshotCount(); i++) {
            String json = playback.nextPricesJson();

            ParsedPrices parsed = parser.parse("hyperliquid", json, SYMBOLS);

            assertThat(parsed.missing()).as("snapshot %d", i + 1).isEmpty();
            assertThat(parsed.prices().keySet()).containsExactlyElementsOf(SYMBOLS);
            assertThat(parsed.prices().get("BTC").doubleValue()).isBetween(70_000.0, 130_000.0);
            assertThat(parsed.prices().get("DOGE").doubleValue()).isBetween(0.1, 1.0);
            assertThat(json).as("extra coins, as in a real allMids answer").contains("\"@107\":", "\"kPEPE\":");
        }
    }

    @Test
    void newsIsTheCoinJournalFeed() throws Exception {
        byte[] xml = playback.newsXml().getBytes(StandardCharsets.UTF_8);

        SyndFeed feed = new SyndFeedInput().build(new XmlReader(new ByteArrayInputStream(xml)));

        assertThat(feed.getTitle()).isEqualTo("CoinJournal");
        assertThat(feed.getEntries()).hasSize(12).allSatisfy(entry -> assertThat(entry.getPublishedDate()).isNotNull());
    }

    @Test
    void bundledFilesStaySmall() {
        int bytes = playback.newsXml().getBytes(StandardCharsets.UTF_8).length;
        for (int i = 0; i < playback.snapshotCount(); i++) {
            bytes += playback.nextPricesJson().getBytes(StandardCharsets.UTF_8).length;
        }

        assertThat(bytes).isLessThan(200 * 1024);
    }

    @Test
    void venueRequestsAreAnsweredInHyperliquidsShapeFollowingThePlayedPrices() {
        String mids = playback.nextPricesJson(); // BTC 95230 in the first snapshot
        Instant now = Instant.parse("2026-11-30T10:31:07Z");
        java.time.Clock clock = java.time.Clock.fixed(now, java.time.ZoneOffset.UTC);
        List<String> symbols = List.of("BTC", "DOGE");
        VenueSteps steps = new VenueSteps("hyperliquid", "demo", symbols, new VenueParser("USDT", 8),
                new Indicators(List.of("ema20", "rsi14"), List.of("close"), 10),
                CandleInterval.parseList("3m:100,4h:100"), "1m", java.time.Duration.ofHours(1), true, 1, 1, clock);

        List<MarketAnswer> venue = steps.venueRequests().stream()
                .map(r -> steps.answered(r, playback.answer(r))).toList();
        List<MarketAnswer> candles = steps.candleRequests().stream()
                .map(r -> steps.answered(r, playback.answer(r))).toList();
        VenueFetch v = steps.venue(venue);
        CandleFetch c = steps.candles(candles);

        assertThat(mids).contains("\"BTC\":\"95230\"");
        assertThat(v.error()).isNull();
        assertThat(v.contexts().get("BTC").maxLeverage()).isEqualTo(40);
        // the recorded mark 95236.0 at mid 95234.5, scaled to the played mid 95230 (one decimal, as recorded)
        assertThat(v.contexts().get("BTC").markPrice()).isEqualByComparingTo("95231.5");
        assertThat(c.error()).isNull();
        SeriesAnalysis btc3m = c.series().get("BTC").get("3m");
        // 100 closed candles: the open one holding the request's time (its price so far: the played mid) is left out
        assertThat(btc3m.candles()).isEqualTo(100);
        assertThat(btc3m.lastClose()).isEqualTo(Instant.parse("2026-11-30T10:29:59.999Z"));
        assertThat(btc3m.latest().get("close").doubleValue()).isBetween(95230 * 0.98, 95230 * 1.02);
        assertThat(c.series().get("DOGE").get("4h").candles()).isEqualTo(100);
        assertThat(c.ledger().get("BTC")).hasSize(60);
        assertThatThrownBy(() -> playback.answer(new MarketRequest("venue", null, null, "GET", "x", null, null, now)))
                .hasMessageContaining("Hyperliquid answers only");
    }

    private static MarketRequest bookRequest(String coin) {
        return new MarketRequest("order-book", coin, null, "POST", "demo", null,
                "{\"type\":\"l2Book\",\"coin\":\"" + coin + "\"}", Instant.ofEpochMilli(1795616399000L));
    }

    @Test
    void theOrderBookIsSyntheticAroundTheLastPlayedPriceInHyperliquidsShape() {
        playback.nextPricesJson(); // BTC 95230

        OrderBook book = new OrderBookParser().hyperliquid(playback.answer(bookRequest("BTC")), "BTC",
                Instant.EPOCH);

        assertThat(book.asOf()).isEqualTo(Instant.ofEpochMilli(1795616399000L));
        assertThat(book.bids()).hasSize(20);
        assertThat(book.asks()).hasSize(20);
        // 95230 x (1 -/+ 0.00005), 0.00015, ...: 6 significant digits; 20000, 40000, ... dollars of BTC
        assertThat(book.bids().subList(0, 2)).containsExactly(
                new OrderBook.Level(new BigDecimal("95225.2"), new BigDecimal("0.21003")),
                new OrderBook.Level(new BigDecimal("95215.7"), new BigDecimal("0.4201")));
        assertThat(book.asks().subList(0, 2)).containsExactly(
                new OrderBook.Level(new BigDecimal("95234.8"), new BigDecimal("0.21001")),
                new OrderBook.Level(new BigDecimal("95244.3"), new BigDecimal("0.41997")));
    }

    @Test
    void beforeAnyPlayedPriceThereIsNoDemoOrderBook() {
        assertThatThrownBy(() -> playback.answer(bookRequest("BTC"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no played price of BTC to build its demo order book around");
        playback.nextPricesJson();
        assertThatThrownBy(() -> playback.answer(bookRequest("PEPE")))
                .hasMessage("no played price of PEPE to build its demo order book around");
    }
}
