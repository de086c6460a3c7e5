package io.camelarena.account;

/** Direction of a position or an order. */
public enum Side {
    LONG, SHORT;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
