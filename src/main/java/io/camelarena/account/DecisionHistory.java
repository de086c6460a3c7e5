package io.camelarena.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An account's latest decisions, oldest first, as its next prompt shows them.
 *
 * @param entries   the decisions, oldest first
 * @param available false when the history could not be read (the prompt says so)
 */
public record DecisionHistory(List<Entry> entries, boolean available) {

    public static final DecisionHistory EMPTY = new DecisionHistory(List.of());
    public static final DecisionHistory UNAVAILABLE = new DecisionHistory(List.of(), false);

    public DecisionHistory {
        entries = List.copyOf(entries);
    }

    public DecisionHistory(List<Entry> entries) {
        this(entries, true);
    }

    /**
     * One earlier decision.
     *
     * @param operation   open, close, hold, or none when no decision was read
     * @param symbol      null when none
     * @param direction   long / short, or null
     * @param status      EXECUTED, HOLD, REJECTED, MODEL_ERROR, PARSE_ERROR; for a close the ledger made between
     *                    decisions (operation close, no reason), its cause: TAKE_PROFIT, STOP_LOSS, LIQUIDATION
     * @param errorCode   null when none
     * @param realizedPnl the realized PnL of an executed close, else null
     * @param fee         the fee of an executed order, else null
     * @param reason      the model's stated reason, or null
     */
    public record Entry(Instant time, String operation, String symbol, String direction, String status,
            String errorCode, BigDecimal realizedPnl, BigDecimal fee, String reason) {
    }
}
