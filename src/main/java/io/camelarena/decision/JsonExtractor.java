package io.camelarena.decision;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the decision object in a reply's text (reasoning blocks already removed). Candidates, in order: markdown
 * fences, a top-level JSON array, then balanced {@code {...}} spans in prose. The first candidate that parses to an
 * object with an {@code operation} (directly or in a {@code decision} wrapper) wins; failing that, the first object
 * that parsed at all, so that the caller can report the missing operation.
 *
 * <p>Work is bounded: only the first {@link #MAX_SCAN_CHARS} characters are looked at, at most
 * {@link #MAX_PARSE_ATTEMPTS} candidates are parsed, and brace matching stops after {@link #MAX_SCAN_STEPS}
 * characters in total (re-scanning after unbalanced braces could otherwise be quadratic).
 */
final class JsonExtractor {

    static final int MAX_SCAN_CHARS = 128 * 1024;
    static final int MAX_PARSE_ATTEMPTS = 32;
    static final long MAX_SCAN_STEPS = 4L * MAX_SCAN_CHARS;
    private static final String FENCE = "```";

    /** Either the decision object or a message saying why there is none. */
    record Extraction(ObjectNode object, String failure) {
    }

    private final ObjectMapper mapper;

    JsonExtractor(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    Extraction extract(String text) {
        String scanned = text.length() > MAX_SCAN_CHARS ? text.substring(0, MAX_SCAN_CHARS) : text;
        Attempts attempts = new Attempts();
        if (tryFences(scanned, attempts) || tryTopLevelArray(scanned, attempts)) {
            return new Extraction(attempts.decision, null);
        }
        if (attempts.sawArrayOfMany) {
            // Several decisions where one is expected: refuse rather than silently executing only the first.
            return new Extraction(null, attempts.firstError);
        }
        if (tryBraces(scanned, attempts)) {
            return new Extraction(attempts.decision, null);
        }
        if (attempts.firstObject != null) {
            return new Extraction(attempts.firstObject, null);
        }
        if (attempts.firstError != null) {
            return new Extraction(null, attempts.firstError);
        }
        String where = text.length() > MAX_SCAN_CHARS
                ? "in first " + MAX_SCAN_CHARS + " of " + text.length() + " chars"
                : "in reply (" + text.length() + " chars)";
        return new Extraction(null, "no JSON object found " + where);
    }

    private boolean tryFences(String text, Attempts attempts) {
        for (String content : fencedBlocks(text)) {
            if (attempts.offer(content)) {
                return true;
            }
        }
        return false;
    }

    private boolean tryTopLevelArray(String text, Attempts attempts) {
        String trimmed = text.strip();
        return trimmed.startsWith("[") && attempts.offer(trimmed);
    }

    private boolean tryBraces(String text, Attempts attempts) {
        BraceScanner scanner = new BraceScanner(text);
        int firstUnbalanced = -1;
        int from = 0;
        while (attempts.canTry()) {
            int open = text.indexOf('{', from);
            if (open < 0) {
                break;
            }
            int close = scanner.matchingBrace(open);
            if (close == BraceScanner.BUDGET_EXHAUSTED) {
                break;
            }
            if (close < 0) {
                firstUnbalanced = firstUnbalanced < 0 ? open : firstUnbalanced;
                from = open + 1;
                continue;
            }
            if (attempts.offer(text.substring(open, close + 1))) {
                return true;
            }
            from = close + 1;
        }
        if (firstUnbalanced >= 0 && attempts.firstError == null && attempts.firstObject == null) {
            // Typically a reply cut off mid-object: let Jackson say where and why.
            attempts.offer(text.substring(firstUnbalanced));
        }
        return false;
    }

    /** Contents of ``` fences, without the info string ("json") on the opening line. */
    static List<String> fencedBlocks(String text) {
        List<String> blocks = new ArrayList<>();
        int from = 0;
        while (true) {
            int open = text.indexOf(FENCE, from);
            if (open < 0) {
                return blocks;
            }
            int contentStart = open + FENCE.length();
            int close = text.indexOf(FENCE, contentStart);
            if (close < 0) {
                return blocks;
            }
            blocks.add(withoutInfoString(text.substring(contentStart, close)));
            from = close + FENCE.length();
        }
    }

    private static String withoutInfoString(String content) {
        int newline = content.indexOf('\n');
        if (newline < 0) {
            return content;
        }
        String firstLine = content.substring(0, newline);
        // "```{"operation":...}" has no info string; "```json\n{...}" has one.
        return firstLine.strip().startsWith("{") || firstLine.strip().startsWith("[")
                ? content : content.substring(newline + 1);
    }

    /** Parses candidates and remembers the best result so far. */
    private final class Attempts {
        private int count;
        private ObjectNode decision;
        private ObjectNode firstObject;
        private String firstError;
        private boolean sawArrayOfMany;

        boolean canTry() {
            return count < MAX_PARSE_ATTEMPTS;
        }

        /** True when {@code candidate} holds a decision, which is then in {@link #decision}. */
        boolean offer(String candidate) {
            if (!canTry()) {
                return false;
            }
            count++;
            JsonNode node;
            try {
                node = mapper.readTree(candidate);
            } catch (JsonProcessingException e) {
                rememberError(describe(e));
                return false;
            }
            ObjectNode object = asSingleObject(node);
            if (object == null) {
                return false;
            }
            if (DecisionFields.looksLikeDecision(object)) {
                decision = object;
                return true;
            }
            firstObject = firstObject == null ? object : firstObject;
            return false;
        }

        private ObjectNode asSingleObject(JsonNode node) {
            if (node instanceof ObjectNode object) {
                return object;
            }
            if (node != null && node.isArray()) {
                if (node.size() == 1 && node.get(0) instanceof ObjectNode object) {
                    return object;
                }
                sawArrayOfMany = true;
                rememberError("JSON array with " + node.size() + " elements in reply; expected one decision object");
                return null;
            }
            rememberError("JSON value in reply is not an object");
            return null;
        }

        private void rememberError(String message) {
            firstError = firstError == null ? message : firstError;
        }
    }

    static String describe(JsonProcessingException e) {
        String detail = e.getOriginalMessage();
        int newline = detail == null ? -1 : detail.indexOf('\n');
        if (newline >= 0) {
            detail = detail.substring(0, newline);
        }
        StringBuilder message = new StringBuilder("invalid JSON in reply: ").append(Messages.clean(detail, 160));
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message.append(" at line ").append(location.getLineNr())
                    .append(" column ").append(location.getColumnNr());
        }
        return message.toString();
    }

    /**
     * Finds the brace closing the one at a given index, skipping braces inside JSON string literals. Shares one step
     * budget across calls.
     */
    static final class BraceScanner {
        static final int UNBALANCED = -1;
        static final int BUDGET_EXHAUSTED = -2;

        private final String text;
        private long steps;

        BraceScanner(String text) {
            this.text = text;
        }

        int matchingBrace(int open) {
            int depth = 0;
            boolean inString = false;
            boolean escaped = false;
            for (int i = open; i < text.length(); i++) {
                if (++steps > MAX_SCAN_STEPS) {
                    return BUDGET_EXHAUSTED;
                }
                char c = text.charAt(i);
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (c == '\\') {
                        escaped = true;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return i;
                }
            }
            return UNBALANCED;
        }
    }
}
