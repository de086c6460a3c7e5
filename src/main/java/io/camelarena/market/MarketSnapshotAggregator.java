package io.camelarena.market;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Combines the parallel fetches of a tick (prices, news, venue context, candles) into one immutable
 * {@link MarketSnapshot}. A branch that did not answer in time counts as failed: no prices means the tick is skipped;
 * no news, venue context or candles only makes their prompt sections say so.
 */
public final class MarketSnapshotAggregator implements AggregationStrategy {

    /** Exchange property with the tick id the snapshot belongs to. */
    public static final String TICK_ID = "arenaTickId";
    private static final String PRICES = "arenaPriceFetch";
    private static final String PRICES_AT = "arenaPricesAt";
    private static final String NEWS = "arenaNewsFetch";
    private static final String VENUE = "arenaVenueFetch";
    private static final String CANDLES = "arenaCandleFetch";
    private static final String EXTRA = "arenaMarketExtra";

    private final List<String> symbols;
    private final Clock clock;
    private final boolean venueEnabled;
    private final boolean candlesEnabled;

    /** Prices and news only (no venue context, no candles). */
    public MarketSnapshotAggregator(List<String> symbols, Clock clock) {
        this(symbols, clock, false, false);
    }

    /**
     * @param venueEnabled   whether the venue source is configured: when its branch does not answer, it failed
     * @param candlesEnabled whether candle series are configured: likewise
     */
    public MarketSnapshotAggregator(List<String> symbols, Clock clock, boolean venueEnabled, boolean candlesEnabled) {
        this.symbols = List.copyOf(symbols);
        this.clock = clock;
        this.venueEnabled = venueEnabled;
        this.candlesEnabled = candlesEnabled;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        Object body = newExchange.getMessage().getBody();
        if (body instanceof PriceFetch prices) {
            result.setProperty(PRICES, prices);
            // called as the branch completes: when the prices arrived
            result.setProperty(PRICES_AT, clock.instant());
        } else if (body instanceof NewsFetch news) {
            result.setProperty(NEWS, news);
        } else if (body instanceof VenueFetch venue) {
            result.setProperty(VENUE, venue);
        } else if (body instanceof CandleFetch candles) {
            result.setProperty(CANDLES, candles);
        } else if (body instanceof String text && !text.isBlank()) {
            // Any other branch of the market-snapshot multicast (a data source added as a YAML route) that ends with
            // text: the text is shown to the models above the news lines.
            String before = result.getProperty(EXTRA, String.class);
            result.setProperty(EXTRA, before == null ? text.strip() : before + "\n" + text.strip());
        }
        return result;
    }

    @Override
    public void onCompletion(Exchange exchange, Exchange inputExchange) {
        exchange.getMessage().setBody(snapshot(
                exchange.getProperty(TICK_ID, String.class),
                exchange.getProperty(PRICES, PriceFetch.class),
                exchange.getProperty(PRICES_AT, Instant.class),
                exchange.getProperty(NEWS, NewsFetch.class),
                exchange.getProperty(VENUE, VenueFetch.class),
                exchange.getProperty(CANDLES, CandleFetch.class),
                exchange.getProperty(EXTRA, String.class)));
        for (String property : List.of(PRICES, PRICES_AT, NEWS, VENUE, CANDLES, EXTRA)) {
            exchange.removeProperty(property);
        }
    }

    /** As {@link #snapshot(String, PriceFetch, NewsFetch)}, with extra market lines put above the news lines. */
    public MarketSnapshot snapshot(String tickId, PriceFetch prices, NewsFetch news, String extra) {
        return snapshot(tickId, prices, null, news, null, null, extra);
    }

    public MarketSnapshot snapshot(String tickId, PriceFetch prices, NewsFetch news) {
        return snapshot(tickId, prices, null, news, null, null, null);
    }

    /**
     * The tick's snapshot; a fetch that is null did not arrive within the market timeout. No input is dated after
     * the snapshot's time: as-of times later than it (a venue clock ahead of ours) are taken as the snapshot's time.
     */
    public MarketSnapshot snapshot(String tickId, PriceFetch prices, Instant pricesAt, NewsFetch news,
            VenueFetch venue, CandleFetch candles, String extra) {
        Instant now = clock.instant();
        PriceFetch p = prices != null ? prices
                : PriceFetch.failed("prices did not arrive within the tick's market timeout", symbols);
        NewsFetch n = news != null ? news : NewsFetch.failed("news did not arrive within the tick's market timeout");
        VenueFetch v = venue != null ? venue : venueEnabled
                ? VenueFetch.failed("venue context did not arrive within the tick's market timeout", symbols)
                : new VenueFetch(java.util.Map.of(), List.of(), null, null);
        CandleFetch c = candles != null ? candles : candlesEnabled
                ? CandleFetch.failed("candles did not arrive within the tick's market timeout")
                : new CandleFetch(java.util.Map.of(), java.util.Map.of(), null, null);
        MarketContext context = new MarketContext(v.contexts(), v.error(), c.series(), c.error(), c.ledger(),
                notAfter(p.prices().isEmpty() ? null : pricesAt, now), notAfter(v.asOf(), now),
                notAfter(c.asOf(), now), notAfter(n.asOf(), now), venueEnabled, candlesEnabled);
        String digest = n.digest();
        if (extra != null && !extra.isBlank()) {
            digest = digest == null || digest.isEmpty() ? extra : extra + "\n" + digest;
        }
        return new MarketSnapshot(tickId, now, p.prices(), p.missing(), p.error(), digest, n.error(), context, null);
    }

    private static Instant notAfter(Instant t, Instant now) {
        return t == null || !t.isAfter(now) ? t : now;
    }
}
