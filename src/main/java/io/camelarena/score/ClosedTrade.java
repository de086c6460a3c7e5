package io.camelarena.score;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A closed trade: a closing order (whole or partial close), from the first open of the position it closes to the
 * close. Net PnL = the close's realized PnL - the close's fee - the share of the position's open fees it closes
 * (open fees x closed quantity / quantity held) - any ledger penalty on the close.
 */
public record ClosedTrade(Instant openedAt, Instant closedAt, BigDecimal netPnl) {
}
