package io.camelarena.decision;

import io.camelarena.account.Side;
import java.math.BigDecimal;

/**
 * A model's decision after extraction and normalization (not yet validated against the portfolio).
 *
 * @param symbol          base symbol such as BTC, or null (hold needs none)
 * @param direction       null when the reply gave none (hold)
 * @param targetPortion   share of available cash (open) or of the position (close); null when absent
 * @param leverage        1..account maximum after clamping
 */
public record TradeDecision(Operation operation, String symbol, Side direction, BigDecimal targetPortion,
        int leverage, String reason) {
}
