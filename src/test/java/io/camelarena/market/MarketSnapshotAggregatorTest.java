package io.camelarena.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class MarketSnapshotAggregatorTest {

    private static final Instant NOW = Instant.parse("2025-11-25T12:00:04Z");
    private static final List<String> SYMBOLS = List.of("BTC", "ETH", "SOL");

    private final MarketSnapshotAggregator aggregator =
            new MarketSnapshotAggregator(SYMBOLS, Clock.fixed(NOW, ZoneOffset.UTC));
    private final CamelContext context = new DefaultCamelContext();

    private static PriceFetch prices() {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        prices.put("BTC", new BigDecimal("100000.5"));
        prices.put("ETH", new BigDecimal("3500"));
        return new PriceFetch(prices, List.of("SOL"), null);
    }

    private Exchange exchangeWithBody(Object body) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    @Test
    void snapshotWithBothParts() {
        MarketSnapshot s = aggregator.snapshot("T-1", prices(), new NewsFetch("2025-11-25 | BTC up: text", null));

        assertThat(s).isEqualTo(new MarketSnapshot("T-1", NOW, prices().prices(), List.of("SOL"), null,
                "2025-11-25 | BTC up: text", null));
        assertThat(s.prices().keySet()).containsExactly("BTC", "ETH");
        assertThat(s.hasPrices()).isTrue();
    }

    @Test
    void missingPricesCountAsFailedWithEverySymbolMissing() {
        MarketSnapshot s = aggregator.snapshot("T-2", null, new NewsFetch("news", null));

        assertThat(s.hasPrices()).isFalse();
        assertThat(s.missingSymbols()).containsExactly("BTC", "ETH", "SOL");
        assertThat(s.pricesError()).isEqualTo("prices did not arrive within the tick's market timeout");
        assertThat(s.newsDigest()).isEqualTo("news");
        assertThat(s.newsError()).isNull();
    }

    @Test
    void missingNewsCountsAsFailedWithAnEmptyDigest() {
        MarketSnapshot s = aggregator.snapshot("T-3", prices(), null);

        assertThat(s.prices()).containsEntry("BTC", new BigDecimal("100000.5"));
        assertThat(s.pricesError()).isNull();
        assertThat(s.newsDigest()).isEmpty();
        assertThat(s.newsError()).isEqualTo("news did not arrive within the tick's market timeout");
    }

    @Test
    void failedFetchesKeepTheirOwnReasons() {
        MarketSnapshot s = aggregator.snapshot("T-4", PriceFetch.failed("prices from X failed: boom", SYMBOLS),
                NewsFetch.failed("news failed: 503"));

        assertThat(s.pricesError()).isEqualTo("prices from X failed: boom");
        assertThat(s.newsError()).isEqualTo("news failed: 503");
        assertThat(s.missingSymbols()).containsExactlyElementsOf(SYMBOLS);
    }

    @Test
    void aggregateThenOnCompletionPutsTheSnapshotInTheBody() {
        Exchange original = new DefaultExchange(context);
        original.setProperty(MarketSnapshotAggregator.TICK_ID, "T-5");
        Exchange newsBranch = exchangeWithBody(new NewsFetch("digest", null));
        newsBranch.setProperty(MarketSnapshotAggregator.TICK_ID, "T-5");
        Exchange pricesBranch = exchangeWithBody(prices());

        Exchange result = aggregator.aggregate(null, newsBranch);
        result = aggregator.aggregate(result, pricesBranch);
        aggregator.onCompletion(result, original);

        assertThat(result).isSameAs(newsBranch);
        MarketSnapshot s = result.getMessage().getBody(MarketSnapshot.class);
        assertThat(s).usingRecursiveComparison().ignoringFields("context").isEqualTo(new MarketSnapshot("T-5", NOW,
                prices().prices(), List.of("SOL"), null, "digest", null));
        // the prices' as-of time is when their branch completed
        assertThat(s.context().pricesAsOf()).isEqualTo(NOW);
        assertThat(s.inputsAsOf()).isEqualTo(NOW);
        assertThat(result.getProperties()).doesNotContainKeys("arenaPriceFetch", "arenaNewsFetch", "arenaPricesAt");
    }

    @Test
    void onCompletionAfterOnlyThePricesArrivedReportsTheNewsTimeout() {
        Exchange pricesBranch = exchangeWithBody(prices());
        pricesBranch.setProperty(MarketSnapshotAggregator.TICK_ID, "T-6");

        Exchange result = aggregator.aggregate(null, pricesBranch);
        aggregator.onCompletion(result, new DefaultExchange(context));

        MarketSnapshot s = result.getMessage().getBody(MarketSnapshot.class);
        assertThat(s.tickId()).isEqualTo("T-6");
        assertThat(s.prices()).hasSize(2);
        assertThat(s.newsError()).isEqualTo("news did not arrive within the tick's market timeout");
    }

    @Test
    void aBranchWithAnUnexpectedBodyIsIgnored() {
        Exchange result = aggregator.aggregate(null, exchangeWithBody("not a fetch result"));
        aggregator.onCompletion(result, new DefaultExchange(context));

        MarketSnapshot s = result.getMessage().getBody(MarketSnapshot.class);
        assertThat(s.tickId()).isNull();
        assertThat(s.pricesError()).isEqualTo("prices did not arrive within the tick's market timeout");
        assertThat(s.newsError()).isEqualTo("news did not arrive within the tick's market timeout");
    }

    @Test
    void textFromAnExtraBranchGoesAboveTheNewsLines() {
        Exchange result = aggregator.aggregate(null, exchangeWithBody(prices()));
        result = aggregator.aggregate(result, exchangeWithBody("Funding rate BTC: 0.0001"));
        result = aggregator.aggregate(result, exchangeWithBody(new NewsFetch("2025-11-25 | BTC up: text", null)));
        result = aggregator.aggregate(result, exchangeWithBody("  "));
        result = aggregator.aggregate(result, exchangeWithBody("Open interest BTC: 30000\n"));
        aggregator.onCompletion(result, null);

        MarketSnapshot s = result.getMessage().getBody(MarketSnapshot.class);
        assertThat(s.newsDigest()).isEqualTo("Funding rate BTC: 0.0001\nOpen interest BTC: 30000\n"
                + "2025-11-25 | BTC up: text");
        assertThat(s.newsError()).isNull();
        assertThat(result.getProperties()).doesNotContainKey("arenaMarketExtra");
    }

    @Test
    void venueAndCandlesJoinTheSnapshotAndTheirTimeoutsAreNamed() {
        MarketSnapshotAggregator all = new MarketSnapshotAggregator(SYMBOLS, Clock.fixed(NOW, ZoneOffset.UTC), true,
                true);
        VenueContext btc = new VenueContext("BTC", new BigDecimal("100010"), new BigDecimal("100001"),
                new BigDecimal("0.0000125"), new BigDecimal("26000"), new BigDecimal("2400000000"), 40,
                NOW.minusSeconds(2));
        Instant newsTime = NOW.minusSeconds(600);

        MarketSnapshot s = all.snapshot("T-7", prices(), NOW.minusSeconds(1), new NewsFetch("news", null, newsTime),
                new VenueFetch(Map.of("BTC", btc), List.of("ETH", "SOL"), "no venue context for ETH, SOL",
                        btc.asOf()), null, null);

        assertThat(s.context().venue()).containsEntry("BTC", btc);
        assertThat(s.context().venueError()).isEqualTo("no venue context for ETH, SOL");
        assertThat(s.context().candlesError()).isEqualTo("candles did not arrive within the tick's market timeout");
        assertThat(s.context().errors(s.newsError())).isEqualTo("venue: no venue context for ETH, SOL; candles: "
                + "candles did not arrive within the tick's market timeout");
        // the newest input: the venue context, two seconds before the snapshot
        assertThat(s.inputsAsOf()).isEqualTo(NOW.minusSeconds(1));
        assertThat(s.context().newsAsOf()).isEqualTo(newsTime);
    }

    @Test
    void noInputIsDatedAfterTheSnapshot() {
        MarketSnapshotAggregator all = new MarketSnapshotAggregator(SYMBOLS, Clock.fixed(NOW, ZoneOffset.UTC), true,
                true);
        // a venue clock a few seconds ahead of ours
        MarketSnapshot s = all.snapshot("T-8", prices(), NOW, new NewsFetch("", null),
                new VenueFetch(Map.of(), List.of(), null, NOW.plusSeconds(3)),
                new CandleFetch(Map.of(), Map.of(), null, null), null);

        assertThat(s.context().venueAsOf()).isEqualTo(NOW);
        assertThat(s.inputsAsOf()).isEqualTo(NOW);
    }
}
