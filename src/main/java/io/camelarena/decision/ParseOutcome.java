package io.camelarena.decision;

import java.util.Objects;

/** Result of {@link ReplyParser#parse}: a normalized decision, or why none could be read from the reply. */
public sealed interface ParseOutcome permits ParseOutcome.Parsed, ParseOutcome.Failed {

    /**
     * @param decisionObjects how many decision objects the reply held outside its reasoning (more than one when the
     *                        model echoed the format, gave an example or corrected itself); the decision is the last
     */
    record Parsed(TradeDecision decision, int decisionObjects) implements ParseOutcome {
        public Parsed {
            Objects.requireNonNull(decision, "decision");
            if (decisionObjects < 1) {
                throw new IllegalArgumentException("decisionObjects must be at least 1, was " + decisionObjects);
            }
        }

        public Parsed(TradeDecision decision) {
            this(decision, 1);
        }
    }

    record Failed(DecisionError error) implements ParseOutcome {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }
}
