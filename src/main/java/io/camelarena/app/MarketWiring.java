package io.camelarena.app;

import io.camelarena.config.ArenaProperties;
import io.camelarena.market.CandleInterval;
import io.camelarena.market.Indicators;
import io.camelarena.market.MarketSnapshotAggregator;
import io.camelarena.market.MarketSteps;
import io.camelarena.market.VenueParser;
import io.camelarena.market.VenueSteps;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;

/**
 * The beans of the market beyond prices and news (README "What the model sees"): venue context and candles from the
 * prices provider's perpetual futures venue ({@code venueSteps}, routes fetch-venue, fetch-candles, market-request),
 * the indicators computed from the candles, and the snapshot aggregator that combines every source of a tick. Kept
 * apart so ArenaConfiguration gains one line.
 */
final class MarketWiring {

    private MarketWiring() {
    }

    static VenueSteps bind(CamelContext context, ArenaProperties props, MarketSteps marketSteps, List<String> symbols,
            Clock clock) {
        var registry = context.getRegistry();
        List<CandleInterval> series = CandleInterval.parseList(
                props.string("arena.market.candles.series", "3m:100,4h:100"));
        Indicators indicators = new Indicators(
                props.list("arena.market.indicators", Indicators.DEFAULT_LATEST),
                props.list("arena.market.indicators.recent", Indicators.DEFAULT_RECENT),
                props.integer("arena.prompt.series-length", 10));
        VenueSteps venueSteps = new VenueSteps(marketSteps.provider(),
                VenueSteps.venueUrl(marketSteps.provider(), props.string("arena.market.venue.url", ""),
                        marketSteps.pricesUrl()),
                symbols,
                new VenueParser(props.string("arena.market.prices.binance-quote", "USDT"),
                        props.integer("arena.market.venue.binance-funding-hours", 8)),
                indicators, series,
                props.string("arena.market.candles.ledger-interval", "1m"),
                Duration.ofMillis(props.longValue("arena.market.candles.ledger-lookback-ms", 3_600_000)),
                props.bool("arena.market.venue.enabled", true),
                props.longValue("arena.market.venue.connect-timeout-ms", 5_000),
                props.longValue("arena.market.venue.timeout-ms", 10_000),
                clock);
        registry.bind("venueSteps", venueSteps);
        // fetch-venue and fetch-candles collect the answers of their parallel requests as one list
        registry.bind("marketAnswers", new GroupedBodyAggregationStrategy());
        registry.bind("marketSnapshotAggregator", new MarketSnapshotAggregator(symbols, clock,
                venueSteps.venueEnabled(), venueSteps.candlesEnabled()));
        return venueSteps;
    }
}
