package io.camelarena.decision;

/** Stable codes for why a decision was not executed. They are stored on the log row; do not rename. */
public enum ErrorCode {
    // the model call
    MODEL_TIMEOUT,
    MODEL_HTTP_ERROR,
    MODEL_CALL_FAILED,
    MISSING_API_KEY,
    EMPTY_REPLY,
    /** The provider's circuit breaker is open after repeated failures: the call was not made. */
    CIRCUIT_OPEN,
    // the reply
    UNPARSEABLE_REPLY,
    UNKNOWN_OPERATION,
    // validation
    MISSING_SYMBOL,
    UNKNOWN_SYMBOL,
    NO_PRICE,
    INVALID_DIRECTION,
    PORTION_OUT_OF_RANGE,
    POSITION_EXISTS,
    NO_POSITION,
    /** take_profit / stop_loss not a positive bounded price on the right side of the entry (long: stop < entry < tp). */
    INVALID_EXIT_PRICE,
    // execution
    /** No longer produced (isolated margin never refuses a close for cash); rows written before the ledger carry it. */
    INSUFFICIENT_CASH,
    QUANTITY_TOO_SMALL,
    EXECUTION_FAILED,
    // anything else that stopped the decision (e.g. the portfolio could not be loaded)
    INTERNAL_ERROR
}
