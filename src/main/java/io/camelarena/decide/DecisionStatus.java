package io.camelarena.decide;

/** Outcome of one account's decision in a tick, stored on every log row. */
public enum DecisionStatus {
    EXECUTED, HOLD, REJECTED, MODEL_ERROR, PARSE_ERROR
}
