package io.camelarena.execution;

import java.util.Locale;

/** Where fills are priced ({@code arena.trading.slippage-model}, docs/slippage.md). */
public enum SlippageModel {

    /** Walk the venue's order book; {@link #FIXED} for a fill the book cannot price. */
    BOOK,
    /** The reference price moved by {@code arena.trading.slippage-bps} against the trader. */
    FIXED,
    /** At the reference price. */
    NONE;

    /** The model named {@code book}, {@code fixed} or {@code none} (any case, surrounding blanks ignored). */
    public static SlippageModel of(String name) {
        String wanted = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
        for (SlippageModel model : values()) {
            if (model.name().equals(wanted)) {
                return model;
            }
        }
        throw new IllegalStateException("arena.trading.slippage-model must be book, fixed or none, was '" + name
                + "'");
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
