package io.camelarena.decision;

/** Why a decision was not executed: a stable code and a message for people. */
public record DecisionError(ErrorCode code, String message) {
}
