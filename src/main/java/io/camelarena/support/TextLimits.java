package io.camelarena.support;

/**
 * Length limits for the logged text columns. The long texts (TEXT columns) are limited in Unicode code points, the
 * characters MySQL {@code utf8mb4} counts ({@link #truncate}). A VARCHAR must also hold the value on H2, which counts
 * a VARCHAR's length in UTF-16 units (an emoji is two), so values for VARCHAR columns are limited in UTF-16 units,
 * which never exceeds the count of characters ({@link #fitColumn}). A cut never splits a surrogate pair.
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

    /**
     * {@code text} cut to fit a VARCHAR({@code columnLength}) on MySQL/MariaDB and on H2 alike: at most
     * {@code columnLength} UTF-16 units, its beginning followed by the marker of {@link #truncate} (the number still
     * counts code points). When the column is too short for the marker and one kept code point, the text ends with
     * "…" alone, so a cut value never passes for a whole one (a cut symbol is never a real symbol). Null stays null.
     */
    public static String fitColumn(String text, int columnLength) {
        requireNonNegative(columnLength);
        if (text == null || text.length() <= columnLength) {
            return text;
        }
        int total = length(text);
        int end = unitsBeforeMarker(text, total, columnLength);
        if (end > 0) {
            return text.substring(0, end) + marker(total - text.codePointCount(0, end));
        }
        return columnLength == 0 ? "" : text.substring(0, boundary(text, columnLength - 1)) + "…";
    }

    /**
     * How many UTF-16 units of the text fit in front of the marker (0 when not even one code point does): as
     * {@link #keptBeforeMarker}, from the longest possible marker, growing one code point at a time.
     */
    private static int unitsBeforeMarker(String text, int total, int columnLength) {
        int room = columnLength - marker(total).length();
        if (room < 1) {
            return 0;
        }
        int end = boundary(text, room);
        while (end < text.length()) {
            int next = end + Character.charCount(text.codePointAt(end));
            if (next + marker(total - text.codePointCount(0, next)).length() > columnLength) {
                break;
            }
            end = next;
        }
        return end;
    }

    /** The largest index at most {@code units} that does not fall between the two halves of a surrogate pair. */
    private static int boundary(String text, int units) {
        int end = Math.min(units, text.length());
        boolean splitsPair = end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))
                && Character.isLowSurrogate(text.charAt(end));
        return splitsPair ? end - 1 : end;
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
