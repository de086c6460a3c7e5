package io.camelarena.execution;

/**
 * Where every round of fills (a tick, one run of the position watcher) gets its {@link FillPricer}: the one place the
 * slippage model ({@code arena.trading.slippage-model}) is chosen. The tick's routes and the watcher's take the pricer
 * from here once per round and pass it to every fill of that round.
 */
public class FillPricers {

    /**
     * The pricer of a new round.
     *
     * <p>MERGE POINT (issue 14): the ledger branch fills at the reference price ({@link FillPricer#NONE}); the
     * order-book work replaces this body with the configured {@code book} / {@code fixed} / {@code none} pricer.
     */
    public FillPricer newRound() {
        return FillPricer.NONE;
    }
}
