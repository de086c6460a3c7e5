package io.camelarena.decision;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the decision object in a reply's text (reasoning blocks already removed). Candidates, in the order they
 * appear: markdown fences, a reply that is a JSON array, and balanced {@code {...}} spans in the prose. A fence that
 * holds JSON, or the whole-reply array, is read as a whole when it parses (a fence may hold several values one after
 * the other), and the braces inside it are then not candidates of their own; when it does not parse, they are.
 *
 * <p>A value is a decision when it is an object with an {@code operation} (directly or in a {@code decision}
 * wrapper), or an array holding exactly one such object. The <em>last</em> decision in the reply is the answer:
 * models echo the format or give an example before they answer, and correct themselves. How many decisions the reply
 * held is reported with it. An array of several objects that is the last thing holding decisions is refused (several
 * trades where one is expected). When no value is a decision, the first object that parsed is used, so that the
 * caller can report the missing operation.
 *
 * <p>Work is bounded: only the first {@link #MAX_SCAN_CHARS} characters are looked at, at most
 * {@link #MAX_PARSE_ATTEMPTS} candidates are parsed (the last ones, from the end), and brace matching stops after
 * {@link #MAX_SCAN_STEPS} characters in total (re-scanning after unbalanced braces could otherwise be quadratic).
 */
final class JsonExtractor {

    static final int MAX_SCAN_CHARS = 128 * 1024;
    static final int MAX_PARSE_ATTEMPTS = 32;
    static final long MAX_SCAN_STEPS = 4L * MAX_SCAN_CHARS;
    private static final String FENCE = "```";

    /**
     * The decision object and how many decision objects the reply held (the object is the last of them), or a
     * message saying why there is none. When no value was a decision, {@code object} is the first object that parsed
     * and {@code decisions} is 0.
     */
    record Extraction(ObjectNode object, int decisions, String failure) {
    }

    /**
     * Where a candidate's text lies in the reply ({@code end} exclusive). A container (a fence holding JSON, the
     * whole-reply array) stands for the braces inside it when it parses.
     */
    private record Candidate(int start, int end, boolean container) {
        boolean encloses(Candidate other) {
            return other != this && other.start >= start && other.start < end;
        }
    }

    /** The values a candidate parsed to, in order, and the error that ended it (null when none). */
    private record Parsed(List<JsonNode> values, String error) {
    }

    private final ObjectMapper mapper;

    JsonExtractor(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    Extraction extract(String text) {
        String scanned = text.length() > MAX_SCAN_CHARS ? text.substring(0, MAX_SCAN_CHARS) : text;
        List<Candidate> candidates = new ArrayList<>();
        addFences(scanned, candidates);
        addTopLevelArray(scanned, candidates);
        int firstUnbalanced = addBraces(scanned, candidates);
        // by position; a container before the braces that start where it starts
        candidates.sort(Comparator.comparingInt(Candidate::start).thenComparing(c -> !c.container()));

        Attempts attempts = new Attempts(scanned, candidates.stream().filter(Candidate::container).toList());
        for (int i = candidates.size() - 1; i >= 0; i--) {
            attempts.offer(candidates.get(i));
        }
        if (attempts.answer != null) {
            return new Extraction(attempts.answer, attempts.decisions, null);
        }
        if (attempts.refusal != null) {
            return new Extraction(null, 0, attempts.refusal);
        }
        if (attempts.firstObject == null && attempts.firstError == null && firstUnbalanced >= 0) {
            // Typically a reply cut off mid-object: let Jackson say where and why.
            attempts.offer(new Candidate(firstUnbalanced, scanned.length(), false));
        }
        if (attempts.firstObject != null) {
            return new Extraction(attempts.firstObject, 0, null);
        }
        if (attempts.firstError != null) {
            return new Extraction(null, 0, attempts.firstError);
        }
        String where = text.length() > MAX_SCAN_CHARS
                ? "in first " + MAX_SCAN_CHARS + " of " + text.length() + " chars"
                : "in reply (" + text.length() + " chars)";
        return new Extraction(null, 0, "no JSON object found " + where);
    }

    /** The content of every fence (after its info string); one that starts like JSON is a container. */
    private static void addFences(String text, List<Candidate> candidates) {
        int from = 0;
        while (true) {
            int open = text.indexOf(FENCE, from);
            if (open < 0) {
                return;
            }
            int contentStart = open + FENCE.length();
            int close = text.indexOf(FENCE, contentStart);
            if (close < 0) {
                return;
            }
            int jsonStart = contentStart + infoStringLength(text.substring(contentStart, close));
            String json = text.substring(jsonStart, close).strip();
            candidates.add(new Candidate(jsonStart, close, json.startsWith("{") || json.startsWith("[")));
            from = close + FENCE.length();
        }
    }

    /** A reply that is a JSON array: the array up to its closing bracket (or to the end) is a container. */
    private static void addTopLevelArray(String text, List<Candidate> candidates) {
        int start = 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        if (start < text.length() && text.charAt(start) == '[') {
            int close = new BraceScanner(text).matching(start);
            candidates.add(new Candidate(start, close < 0 ? text.length() : close + 1, true));
        }
    }

    /** Balanced {@code {...}} spans, outermost only; returns the first unbalanced brace, or -1. */
    private static int addBraces(String text, List<Candidate> candidates) {
        BraceScanner scanner = new BraceScanner(text);
        int firstUnbalanced = -1;
        int from = 0;
        while (true) {
            int open = text.indexOf('{', from);
            if (open < 0) {
                break;
            }
            int close = scanner.matching(open);
            if (close == BraceScanner.BUDGET_EXHAUSTED) {
                break;
            }
            if (close < 0) {
                firstUnbalanced = firstUnbalanced < 0 ? open : firstUnbalanced;
                from = open + 1;
                continue;
            }
            candidates.add(new Candidate(open, close + 1, false));
            from = close + 1;
        }
        return firstUnbalanced;
    }

    /** Length of the info string line ("json\n") that opens a fence's content; 0 when the JSON starts at once. */
    private static int infoStringLength(String content) {
        int newline = content.indexOf('\n');
        if (newline < 0) {
            return 0;
        }
        String firstLine = content.substring(0, newline).strip();
        // "```{"operation":...}" has no info string; "```json\n{...}" has one.
        return firstLine.startsWith("{") || firstLine.startsWith("[") ? 0 : newline + 1;
    }

    /** Parses candidates from the last one backwards and keeps what the reply holds. */
    private final class Attempts {
        private final String text;
        /** By position; fences do not overlap each other, only the whole-reply array can hold one. */
        private final List<Candidate> containers;
        private final Map<Candidate, Parsed> parsed = new HashMap<>();
        /** The last decision in the reply (the first one met going backwards). */
        private ObjectNode answer;
        /** Why there is no answer: the last thing holding decisions is an array of several. */
        private String refusal;
        private int decisions;
        private ObjectNode firstObject;
        private String firstError;

        Attempts(String text, List<Candidate> containers) {
            this.text = text;
            this.containers = containers;
        }

        /** Whether {@code candidate} is parsed already or the budget allows parsing it. */
        private boolean canParse(Candidate candidate) {
            return parsed.containsKey(candidate) || parsed.size() < MAX_PARSE_ATTEMPTS;
        }

        void offer(Candidate candidate) {
            Candidate container = enclosingContainer(candidate);
            if (container != null && canParse(container) && !parse(container).values().isEmpty()) {
                return; // read with its container
            }
            if (!canParse(candidate)) {
                return;
            }
            Parsed result = parse(candidate);
            if (result.error() != null) {
                firstError = result.error(); // going backwards, the last one set is the first in the reply
            }
            for (int i = result.values().size() - 1; i >= 0; i--) {
                take(result.values().get(i));
            }
        }

        /** The fence (or else the whole-reply array) that {@code candidate} starts in, or null. */
        private Candidate enclosingContainer(Candidate candidate) {
            int low = 0;
            int high = containers.size() - 1;
            Candidate before = null; // the last container starting at or before the candidate
            while (low <= high) {
                int middle = (low + high) >>> 1;
                if (containers.get(middle).start() <= candidate.start()) {
                    before = containers.get(middle);
                    low = middle + 1;
                } else {
                    high = middle - 1;
                }
            }
            if (before != null && before.encloses(candidate)) {
                return before;
            }
            return !containers.isEmpty() && containers.get(0).encloses(candidate) ? containers.get(0) : null;
        }

        private Parsed parse(Candidate candidate) {
            return parsed.computeIfAbsent(candidate, c -> readValues(text.substring(c.start(), c.end())));
        }

        private void take(JsonNode node) {
            if (node instanceof ObjectNode object) {
                takeObject(object);
            } else if (node.isArray() && node.size() == 1 && node.get(0) instanceof ObjectNode object) {
                takeObject(object);
            } else if (node.isArray()) {
                String message = "JSON array with " + node.size() + " elements in reply; expected one decision object";
                int inside = 0;
                for (JsonNode element : node) {
                    inside += element instanceof ObjectNode o && DecisionFields.looksLikeDecision(o) ? 1 : 0;
                }
                if (inside > 0 && answer == null && refusal == null) {
                    refusal = message;
                }
                decisions += inside;
                firstError = message;
            } else {
                firstError = "JSON value in reply is not an object";
            }
        }

        private void takeObject(ObjectNode object) {
            if (DecisionFields.looksLikeDecision(object)) {
                decisions++;
                if (answer == null && refusal == null) {
                    answer = object;
                }
            } else {
                firstObject = object; // going backwards, the last one set is the first in the reply
            }
        }

        /** Every JSON value of {@code candidate}, one after the other, and the error that ended them. */
        private Parsed readValues(String candidate) {
            List<JsonNode> values = new ArrayList<>();
            try (JsonParser parser = mapper.createParser(candidate)) {
                while (parser.nextToken() != null) {
                    values.add(mapper.readTree(parser));
                }
                return new Parsed(values, values.isEmpty() ? "JSON value in reply is not an object" : null);
            } catch (JsonProcessingException e) {
                return new Parsed(values, describe(e));
            } catch (IOException e) {
                return new Parsed(values, "invalid JSON in reply: " + e.getClass().getSimpleName());
            }
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
     * Finds the brace or bracket closing the one at a given index, skipping those inside JSON string literals, and
     * the string literals of a balanced span. Shares one step budget across calls.
     */
    static final class BraceScanner {
        static final int UNBALANCED = -1;
        static final int BUDGET_EXHAUSTED = -2;

        private final String text;
        private long steps;

        BraceScanner(String text) {
            this.text = text;
        }

        /** The index closing the '{' or '[' at {@code open}, {@link #UNBALANCED} or {@link #BUDGET_EXHAUSTED}. */
        int matching(int open) {
            char opening = text.charAt(open);
            char closing = opening == '[' ? ']' : '}';
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
                } else if (c == opening) {
                    depth++;
                } else if (c == closing && --depth == 0) {
                    return i;
                }
            }
            return UNBALANCED;
        }

        /** The string literals of the balanced span {@code [open, close]}: pairs of quote indexes, in order. */
        List<int[]> strings(int open, int close) {
            List<int[]> strings = new ArrayList<>();
            int start = -1;
            boolean escaped = false;
            for (int i = open; i <= close; i++) {
                char c = text.charAt(i);
                if (start >= 0) {
                    if (escaped) {
                        escaped = false;
                    } else if (c == '\\') {
                        escaped = true;
                    } else if (c == '"') {
                        strings.add(new int[] {start, i});
                        start = -1;
                    }
                } else if (c == '"') {
                    start = i;
                }
            }
            return strings;
        }
    }
}
