package io.camelarena.replay;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * How replays (and their originals) are scored by outcome: over {@code arena.replay.horizon-ticks} ticks, with the
 * ledger's fee rate {@code arena.trading.taker-fee-rate}. See {@link HypotheticalOutcome}.
 */
public record OutcomeSettings(int horizonTicks, BigDecimal feeRate) {

    public OutcomeSettings {
        if (horizonTicks < 1) {
            throw new IllegalArgumentException("arena.replay.horizon-ticks must be at least 1, was " + horizonTicks);
        }
    }

    /** The stored tick prices, read once per compare or export. */
    public HorizonPrices prices(Connection c) throws SQLException {
        return HorizonPrices.load(c, horizonTicks, feeRate);
    }
}
