package io.camelarena.app;

import io.camelarena.market.CandleInterval;
import io.camelarena.market.Indicators;
import io.camelarena.market.MarketSnapshotAggregator;
import io.camelarena.market.MarketSnapshots;
import io.camelarena.market.MarketSteps;
import io.camelarena.market.VenueParser;
import io.camelarena.market.VenueSteps;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;

/**
 * The market beyond prices and news (docs/prompt.md): venue context and candles from the prices
 * provider's perpetual futures venue (routes fetch-venue, fetch-candles, market-request), the indicators computed from
 * the candles, the aggregator that combines every market source of a tick into one snapshot, and where the snapshots
 * are stored.
 */
public class VenueConfiguration extends StageConfiguration {

    @BindToRegistry("venueSteps")
    public VenueSteps venueSteps(@BeanInject("marketSteps") MarketSteps marketSteps,
            @BeanInject("arenaSymbols") List<String> symbols) {
        return once("venueSteps", () -> {
            Indicators indicators = new Indicators(props.list("arena.market.indicators"),
                    props.optionalList("arena.market.indicators.recent"),
                    props.integer("arena.prompt.series-length"));
            return new VenueSteps(marketSteps.provider(),
                    VenueSteps.venueUrl(marketSteps.provider(), props.optional("arena.market.venue.url").orElse(null),
                            marketSteps.pricesUrl()),
                    symbols,
                    new VenueParser(props.string("arena.market.prices.binance-quote"),
                            props.integerAtLeast("arena.market.venue.binance-funding-hours", 1)),
                    indicators,
                    CandleInterval.parseList(props.optional("arena.market.candles.series").orElse("")),
                    props.optional("arena.market.candles.ledger-interval").orElse(null),
                    Duration.ofMillis(props.longValue("arena.market.candles.ledger-lookback-ms")),
                    props.bool("arena.market.venue.enabled"),
                    props.longValue("arena.market.venue.connect-timeout-ms"),
                    props.longValue("arena.market.venue.timeout-ms"),
                    CLOCK);
        });
    }

    /** Each tick's snapshot as it was used (market_snapshots): decision rows name it, replays read it. */
    @BindToRegistry("marketSnapshots")
    public MarketSnapshots marketSnapshots(@BeanInject("arenaDataSource") DataSource dataSource) {
        return new MarketSnapshots(dataSource);
    }

    /** fetch-venue and fetch-candles collect the answers of their parallel requests as one list. */
    @BindToRegistry("marketAnswers")
    public AggregationStrategy marketAnswers() {
        return new GroupedBodyAggregationStrategy();
    }

    /** Combines prices, news, venue context and candles of a tick into one MarketSnapshot. */
    @BindToRegistry("marketSnapshotAggregator")
    public MarketSnapshotAggregator marketSnapshotAggregator(@BeanInject("marketSteps") MarketSteps marketSteps,
            @BeanInject("arenaSymbols") List<String> symbols) {
        VenueSteps venue = venueSteps(marketSteps, symbols);
        return new MarketSnapshotAggregator(symbols, CLOCK, venue.venueEnabled(), venue.candlesEnabled());
    }
}
