package io.camelarena.app;

import io.camelarena.market.DemoMarketPlayback;
import io.camelarena.market.MarketSteps;
import io.camelarena.market.NewsDigestBuilder;
import io.camelarena.market.PriceParser;
import java.util.List;
import java.util.Locale;
import org.apache.camel.BindToRegistry;

/**
 * Market data: the symbols traded, price and news fetching, the demo playback (venue context, candles and the
 * snapshot aggregator: {@link VenueConfiguration}).
 */
public class MarketConfiguration extends StageConfiguration {

    /** The symbols traded and shown to the models (arena.symbols, upper case). */
    @BindToRegistry("arenaSymbols")
    public List<String> symbols() {
        return once("arenaSymbols", () -> props.list("arena.symbols").stream()
                .map(s -> s.toUpperCase(Locale.ROOT)).toList());
    }

    @BindToRegistry("marketSteps")
    public MarketSteps marketSteps() {
        return new MarketSteps(new PriceParser(props.string("arena.market.prices.binance-quote")),
                new NewsDigestBuilder(props.integer("arena.market.news.max-chars")), symbols(),
                props.string("arena.market.prices.provider"),
                props.optional("arena.market.prices.url").orElse(null));
    }

    @BindToRegistry("demoMarketPlayback")
    public DemoMarketPlayback demoMarketPlayback() {
        return new DemoMarketPlayback();
    }
}
