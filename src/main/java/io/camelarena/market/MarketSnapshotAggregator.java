package io.camelarena.market;

import java.time.Clock;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Combines the parallel price and news fetches of a tick into one immutable {@link MarketSnapshot}. A branch that did
 * not answer in time counts as failed: no prices means the tick is skipped, no news only empties the news section.
 */
public final class MarketSnapshotAggregator implements AggregationStrategy {

    /** Exchange property with the tick id the snapshot belongs to. */
    public static final String TICK_ID = "arenaTickId";
    private static final String PRICES = "arenaPriceFetch";
    private static final String NEWS = "arenaNewsFetch";
    private static final String EXTRA = "arenaMarketExtra";

    private final List<String> symbols;
    private final Clock clock;

    public MarketSnapshotAggregator(List<String> symbols, Clock clock) {
        this.symbols = List.copyOf(symbols);
        this.clock = clock;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        Object body = newExchange.getMessage().getBody();
        if (body instanceof PriceFetch prices) {
            result.setProperty(PRICES, prices);
        } else if (body instanceof NewsFetch news) {
            result.setProperty(NEWS, news);
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
                exchange.getProperty(NEWS, NewsFetch.class),
                exchange.getProperty(EXTRA, String.class)));
        exchange.removeProperty(PRICES);
        exchange.removeProperty(NEWS);
        exchange.removeProperty(EXTRA);
    }

    /** As {@link #snapshot(String, PriceFetch, NewsFetch)}, with extra market lines put above the news lines. */
    public MarketSnapshot snapshot(String tickId, PriceFetch prices, NewsFetch news, String extra) {
        MarketSnapshot s = snapshot(tickId, prices, news);
        if (extra == null || extra.isBlank()) {
            return s;
        }
        String digest = s.newsDigest().isEmpty() ? extra : extra + "\n" + s.newsDigest();
        return new MarketSnapshot(s.tickId(), s.takenAt(), s.prices(), s.missingSymbols(), s.pricesError(), digest,
                s.newsError());
    }

    public MarketSnapshot snapshot(String tickId, PriceFetch prices, NewsFetch news) {
        PriceFetch p = prices != null ? prices : PriceFetch.failed("prices did not arrive within the tick's market timeout", symbols);
        NewsFetch n = news != null ? news : NewsFetch.failed("news did not arrive within the tick's market timeout");
        return new MarketSnapshot(tickId, clock.instant(), p.prices(), p.missing(), p.error(), n.digest(), n.error());
    }
}
