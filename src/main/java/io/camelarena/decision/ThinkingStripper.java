package io.camelarena.decision;

/**
 * Removes reasoning blocks ({@code <think>...</think>} and {@code <thinking>...</thinking>}, any case) from a
 * reply. Linear in the length of the reply; no regular expressions, so many unclosed tags cannot make it slow.
 */
final class ThinkingStripper {

    private record Tag(int start, int end) {
    }

    private ThinkingStripper() {
    }

    static String strip(String text) {
        int pos = leadingReasoningEnd(text);
        StringBuilder out = new StringBuilder(text.length() - pos);
        while (true) {
            Tag open = find(text, pos, false);
            if (open == null) {
                out.append(text, pos, text.length());
                return out.toString();
            }
            out.append(text, pos, open.start());
            Tag close = find(text, open.end(), true);
            if (close == null) {
                // Reasoning cut off (e.g. max tokens): whatever follows is still reasoning, not an answer.
                return out.toString();
            }
            pos = close.end();
        }
    }

    /**
     * DeepSeek-R1 style templates put the opening {@code <think>} into the prompt, so the reply starts inside the
     * reasoning and only the closing tag appears. Returns where the answer starts, or 0 when that is not the case.
     */
    private static int leadingReasoningEnd(String text) {
        Tag close = find(text, 0, true);
        if (close == null) {
            return 0;
        }
        Tag open = find(text, 0, false);
        return open == null || open.start() > close.start() ? close.end() : 0;
    }

    private static Tag find(String s, int from, boolean closing) {
        String prefix = closing ? "</think" : "<think";
        for (int i = s.indexOf('<', from); i >= 0; i = s.indexOf('<', i + 1)) {
            if (!s.regionMatches(true, i, prefix, 0, prefix.length())) {
                continue;
            }
            int after = i + prefix.length();
            if (s.startsWith(">", after)) {
                return new Tag(i, after + 1);
            }
            if (s.regionMatches(true, after, "ing>", 0, 4)) {
                return new Tag(i, after + 4);
            }
        }
        return null;
    }
}
