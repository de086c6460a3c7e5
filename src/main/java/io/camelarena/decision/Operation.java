package io.camelarena.decision;

import java.util.Locale;

public enum Operation {
    OPEN, CLOSE, HOLD;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
