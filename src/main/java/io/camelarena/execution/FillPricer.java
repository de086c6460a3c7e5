package io.camelarena.execution;

import java.math.BigDecimal;

/**
 * Where a market order, a triggered exit or a liquidation fills, given the price it refers to: the slippage model
 * ({@code arena.trading.slippage-model}). One pricer serves one round (a tick, or one run of the between-ticks
 * watcher), so a venue's order book is fetched at most once per round per traded symbol.
 */
public interface FillPricer {

    /** Fills at the reference price: slippage model {@code none}. */
    FillPricer NONE = (symbol, buy, quantity, reference) -> reference;

    /**
     * @param symbol    the traded symbol
     * @param buy       true when the fill buys (opening a long, closing a short)
     * @param quantity  the quantity filled, greater than zero, 8 decimals
     * @param reference the price the order refers to (the tick's price, a trigger price, a liquidation price)
     * @return the fill price, 8 decimals, never better for the trader than {@code reference}
     */
    BigDecimal fillPrice(String symbol, boolean buy, BigDecimal quantity, BigDecimal reference);

    /**
     * Gets what pricing {@code symbol} needs (the round's order book) now, so that the fill itself makes no network
     * call: called before a transaction takes its row locks.
     */
    default void prefetch(String symbol) {
    }

    /** Whether a fill of {@code symbol} can be priced without a network call. */
    default boolean ready(String symbol) {
        return true;
    }
}
