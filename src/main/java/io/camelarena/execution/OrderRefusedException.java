package io.camelarena.execution;

import io.camelarena.decision.DecisionError;
import io.camelarena.decision.ErrorCode;

/**
 * A decision that cannot be filled for a domain reason (not enough cash, quantity rounds to zero, position state
 * changed). Checked on purpose: every caller must turn it into a refusal, never into a crash.
 */
public class OrderRefusedException extends Exception {

    private final transient DecisionError error;

    public OrderRefusedException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.error = new DecisionError(code, message);
    }

    public DecisionError error() {
        return error;
    }
}
