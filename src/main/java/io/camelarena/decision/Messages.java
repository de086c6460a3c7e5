package io.camelarena.decision;

/** Keeps error messages short and safe to store: bounded length, no control characters or lone surrogates. */
final class Messages {

    private Messages() {
    }

    /** {@code text} cut to {@code max} characters (with "..." when cut), unsafe characters replaced by '?'. */
    static String clean(String text, int max) {
        String s = text == null ? "" : text;
        boolean cut = s.length() > max;
        if (cut) {
            s = s.substring(0, max);
        }
        StringBuilder out = new StringBuilder(s.length() + 3);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                out.append('?');
            } else {
                out.append(c);
            }
        }
        return cut ? out.append("...").toString() : out.toString();
    }

    /** A value from the reply quoted for a message, e.g. {@code 'sell'}. */
    static String quote(String value) {
        return "'" + clean(value, 40) + "'";
    }
}
