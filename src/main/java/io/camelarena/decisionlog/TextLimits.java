package io.camelarena.decisionlog;

/**
 * Length limits for the logged text columns, counted in Unicode code points because MySQL {@code utf8mb4} VARCHAR
 * lengths count characters, not UTF-16 units or bytes. A cut never splits a surrogate pair.
 */
public final class TextLimits {

    public static final int PROMPT = 10_000;
    public static final int RAW_REPLY = 10_000;
    public static final int LLM_OUTPUT = 2_000;
    public static final int REASON = 1_000;

    private TextLimits() {
    }

    /** Length of {@code text} in code points; 0 for null. */
    public static int length(String text) {
        return text == null ? 0 : text.codePointCount(0, text.length());
    }

    /**
     * {@code text} unchanged when it has at most {@code maxCodePoints} code points; otherwise its beginning followed
     * by a marker such as {@code …[truncated 1234 chars]} (the number is the code points removed), the whole at most
     * {@code maxCodePoints} code points. When the limit is too small to hold the marker and at least one kept code
     * point, the text is cut hard with no marker. Null stays null.
     */
    public static String truncate(String text, int maxCodePoints) {
        requireNonNegative(maxCodePoints);
        if (text == null) {
            return null;
        }
        int total = length(text);
        if (total <= maxCodePoints) {
            return text;
        }
        int kept = keptBeforeMarker(total, maxCodePoints);
        if (kept < 1) {
            return prefix(text, maxCodePoints);
        }
        return prefix(text, kept) + marker(total - kept);
    }

    /** The first {@code maxCodePoints} code points of {@code text} (all of it when shorter), with no marker. */
    public static String prefix(String text, int maxCodePoints) {
        requireNonNegative(maxCodePoints);
        if (text == null || length(text) <= maxCodePoints) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, maxCodePoints));
    }

    static String marker(int removedCodePoints) {
        return "…[truncated " + removedCodePoints + " chars]";
    }

    /**
     * How many code points of the text fit in front of the marker. The marker's own length depends on the number of
     * digits of the removed count, which in turn depends on how much is kept: start from the longest possible marker
     * and grow the kept part while the result still fits.
     */
    private static int keptBeforeMarker(int total, int maxCodePoints) {
        int kept = maxCodePoints - length(marker(total));
        while (kept + 1 + length(marker(total - kept - 1)) <= maxCodePoints) {
            kept++;
        }
        return kept;
    }

    private static void requireNonNegative(int maxCodePoints) {
        if (maxCodePoints < 0) {
            throw new IllegalArgumentException("maxCodePoints must not be negative: " + maxCodePoints);
        }
    }
}
