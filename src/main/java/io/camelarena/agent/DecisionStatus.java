package io.camelarena.agent;

/**
 * Outcome of one account's decision in a tick, stored on every log row. {@code VALID} only appears on replay rows
 * (docs/replay.md): the decision passed validation and, being a replay, was not executed.
 */
public enum DecisionStatus {
    EXECUTED, HOLD, REJECTED, MODEL_ERROR, PARSE_ERROR, VALID
}
