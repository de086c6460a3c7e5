package io.camelarena.decision;

import java.util.ArrayList;
import java.util.List;

/**
 * Removes reasoning blocks ({@code <think>...</think>} and {@code <thinking>...</thinking>}, any case) from a
 * reply. Outside reasoning, a tag inside a string literal of a balanced JSON object is text (a reason that mentions
 * {@code </think>}), not a tag; inside reasoning the first closing tag ends it, whatever braces the reasoning holds.
 * Linear in the length of the reply (brace matching shares the extractor's step budget; tags past it count as tags);
 * no regular expressions, so many unclosed tags cannot make it slow.
 */
final class ThinkingStripper {

    private record Tag(int start, int end) {
    }

    private ThinkingStripper() {
    }

    static String strip(String text) {
        JsonStrings strings = new JsonStrings(text);
        int pos = leadingReasoningEnd(text, strings);
        StringBuilder out = new StringBuilder(text.length() - pos);
        while (true) {
            Tag open = find(text, pos, false, strings);
            if (open == null) {
                out.append(text, pos, text.length());
                return out.toString();
            }
            out.append(text, pos, open.start());
            Tag close = find(text, open.end(), true, null);
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
    private static int leadingReasoningEnd(String text, JsonStrings strings) {
        Tag close = find(text, 0, true, strings);
        if (close == null) {
            return 0;
        }
        Tag open = find(text, 0, false, strings);
        return open == null || open.start() > close.start() ? close.end() : 0;
    }

    /** The first tag from {@code from}; with {@code strings}, one inside a JSON string literal does not count. */
    private static Tag find(String s, int from, boolean closing, JsonStrings strings) {
        String prefix = closing ? "</think" : "<think";
        for (int i = s.indexOf('<', from); i >= 0; i = s.indexOf('<', i + 1)) {
            if (!s.regionMatches(true, i, prefix, 0, prefix.length())) {
                continue;
            }
            int after = i + prefix.length();
            Tag tag = null;
            if (s.startsWith(">", after)) {
                tag = new Tag(i, after + 1);
            } else if (s.regionMatches(true, after, "ing>", 0, 4)) {
                tag = new Tag(i, after + 4);
            }
            if (tag != null && (strings == null || !strings.contains(i))) {
                return tag;
            }
        }
        return null;
    }

    /**
     * The string literals of the balanced {@code {...}} spans of a text (the spans the extractor would try), found
     * on first use. An unbalanced brace (prose, or a reply cut off) makes no span, so prose quotes never hide a tag.
     */
    private static final class JsonStrings {
        private final String text;
        /** Pairs of quote indexes, in order; null until first used. */
        private List<int[]> ranges;

        JsonStrings(String text) {
            this.text = text;
        }

        boolean contains(int index) {
            if (ranges == null) {
                ranges = find(text);
            }
            int low = 0;
            int high = ranges.size() - 1;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                int[] range = ranges.get(middle);
                if (index <= range[0]) {
                    high = middle - 1;
                } else if (index >= range[1]) {
                    low = middle + 1;
                } else {
                    return true;
                }
            }
            return false;
        }

        private static List<int[]> find(String text) {
            List<int[]> ranges = new ArrayList<>();
            JsonExtractor.BraceScanner scanner = new JsonExtractor.BraceScanner(text);
            int from = 0;
            while (true) {
                int open = text.indexOf('{', from);
                if (open < 0) {
                    return ranges;
                }
                int close = scanner.matching(open);
                if (close == JsonExtractor.BraceScanner.BUDGET_EXHAUSTED) {
                    return ranges;
                }
                if (close < 0) {
                    from = open + 1;
                } else {
                    ranges.addAll(scanner.strings(open, close));
                    from = close + 1;
                }
            }
        }
    }
}
