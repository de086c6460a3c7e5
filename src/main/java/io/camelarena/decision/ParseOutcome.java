package io.camelarena.decision;

import java.util.Objects;

/** Result of {@link ReplyParser#parse}: a normalized decision, or why none could be read from the reply. */
public sealed interface ParseOutcome permits ParseOutcome.Parsed, ParseOutcome.Failed {

    record Parsed(TradeDecision decision) implements ParseOutcome {
        public Parsed {
            Objects.requireNonNull(decision, "decision");
        }
    }

    record Failed(DecisionError error) implements ParseOutcome {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }
}
