package io.camelarena.execution;

import io.camelarena.decision.DecisionError;
import java.math.BigDecimal;

/**
 * What {@link OrderExecutor#execute} did with one decision.
 *
 * <ul>
 *   <li>filled: {@code executed} is true, {@code orderId} the new orders row, {@code error} null;</li>
 *   <li>refused or failed: {@code executed} false, {@code error} says why, the amounts are null;</li>
 *   <li>hold: {@code executed} false and {@code error} null; nothing was written.</li>
 * </ul>
 *
 * @param realizedPnl zero for an opening order
 * @param note        on a fill that differs from what was asked (an open scaled down to fit the cash), what was done
 *                    instead; otherwise null
 */
public record ExecutionResult(boolean executed, Long orderId, DecisionError error, BigDecimal fee,
        BigDecimal realizedPnl, BigDecimal quantity, String note) {

    public static ExecutionResult filled(long orderId, BigDecimal fee, BigDecimal realizedPnl, BigDecimal quantity) {
        return filled(orderId, fee, realizedPnl, quantity, null);
    }

    public static ExecutionResult filled(long orderId, BigDecimal fee, BigDecimal realizedPnl, BigDecimal quantity,
            String note) {
        return new ExecutionResult(true, orderId, null, fee, realizedPnl, quantity, note);
    }

    public static ExecutionResult refused(DecisionError error) {
        return new ExecutionResult(false, null, error, null, null, null, null);
    }

    public static ExecutionResult hold() {
        return new ExecutionResult(false, null, null, null, null, null, null);
    }

    public boolean isHold() {
        return !executed && error == null;
    }
}
