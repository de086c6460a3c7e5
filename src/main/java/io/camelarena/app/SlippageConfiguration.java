package io.camelarena.app;

import io.camelarena.execution.FillPricers;
import io.camelarena.execution.SlippageModel;
import io.camelarena.market.MarketSteps;
import io.camelarena.market.OrderBookFetch;
import io.camelarena.market.OrderBookParser;
import io.camelarena.market.OrderBookSteps;
import io.camelarena.market.VenueParser;
import io.camelarena.market.VenueSteps;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.ProducerTemplate;

/**
 * Slippage (docs/slippage.md): where market orders, triggered exits and liquidations fill, by
 * {@code arena.trading.slippage-model}. {@code fillPricers} gives each round (a tick, a run of the between-ticks
 * watcher) its {@link io.camelarena.execution.FillPricer}; with the model {@code book} it fetches order books through
 * the fetch-order-book route (whose steps, {@code orderBookSteps}, are bound whatever the model, so the routes
 * validate the same way under each).
 */
public class SlippageConfiguration extends StageConfiguration {

    static final String FETCH_ORDER_BOOK = "direct:fetch-order-book";

    @BindToRegistry("orderBookSteps")
    public OrderBookSteps orderBookSteps(@BeanInject("marketSteps") MarketSteps marketSteps) {
        String provider = marketSteps.provider();
        return new OrderBookSteps(provider,
                VenueSteps.venueUrl(provider, props.optional("arena.market.venue.url").orElse(null),
                        marketSteps.pricesUrl()),
                new VenueParser(props.string("arena.market.prices.binance-quote"),
                        props.integerAtLeast("arena.market.venue.binance-funding-hours", 1)),
                new OrderBookParser(),
                props.integer("arena.trading.order-book.binance-limit"),
                CLOCK);
    }

    /** Call {@code fillPricers.forRound(tickId)} (or the watcher run's id) for the pricer of a round's fills. */
    @BindToRegistry("fillPricers")
    public FillPricers fillPricers() {
        SlippageModel model = SlippageModel.of(props.string("arena.trading.slippage-model"));
        if (model != SlippageModel.BOOK) {
            return new FillPricers(model, props.decimal("arena.trading.slippage-bps"), symbol -> {
                throw new IllegalStateException("the " + model.wire() + " slippage model fetches no order book");
            });
        }
        ProducerTemplate producer = context.createProducerTemplate();
        return new FillPricers(model, props.decimal("arena.trading.slippage-bps"),
                symbol -> producer.requestBody(FETCH_ORDER_BOOK, symbol, OrderBookFetch.class));
    }
}
