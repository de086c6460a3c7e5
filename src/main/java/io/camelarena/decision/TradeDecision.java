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
 * @param takeProfit      an open's take-profit as an absolute price, or null (none, or not a number)
 * @param stopLoss        an open's stop-loss as an absolute price, or null
 */
public record TradeDecision(Operation operation, String symbol, Side direction, BigDecimal targetPortion,
        int leverage, String reason, BigDecimal takeProfit, BigDecimal stopLoss) {

    public TradeDecision(Operation operation, String symbol, Side direction, BigDecimal targetPortion, int leverage,
            String reason) {
        this(operation, symbol, direction, targetPortion, leverage, reason, null, null);
    }
}
