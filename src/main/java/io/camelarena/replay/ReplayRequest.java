package io.camelarena.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelarena.support.IsoTimes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What to replay and against which models, as {@code POST /api/replays}, the JMX operation and the command line give
 * it: {@code {"decisions": [ids], "ticks": [tick ids], "accounts": [names or ids], "from": time, "to": time,
 * "targets": [names]}}. The selection criteria that are given all apply (AND); at least one is needed.
 */
public record ReplayRequest(List<Integer> decisions, List<String> ticks, List<String> accounts, Instant from,
        Instant to, List<String> targets) {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("decisions", "ticks", "accounts", "from", "to", "targets");
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final int MAX_TARGETS = 10;

    public static ReplayRequest parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (Exception e) {
            throw new ReplayRequestException("body", "the body is not JSON: " + oneLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ReplayRequestException("body", "the body must be a JSON object with a selection (decisions, "
                    + "ticks, accounts, from, to) and targets");
        }
        for (var names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new ReplayRequestException(name, "unknown field '" + abbreviate(name) + "'; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(FIELDS)));
            }
        }
        List<Integer> decisions = new ArrayList<>();
        for (JsonNode n : array(root, "decisions")) {
            if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 1) {
                throw new ReplayRequestException("decisions", "decisions must be decision ids (positive integers)");
            }
            decisions.add(n.intValue());
        }
        List<String> ticks = texts(root, "ticks", 40, null);
        List<String> accounts = texts(root, "accounts", 64, ACCOUNT);
        Instant from = time(root, "from");
        Instant to = time(root, "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ReplayRequestException("to", "to must be later than from");
        }
        if (decisions.isEmpty() && ticks.isEmpty() && accounts.isEmpty() && from == null && to == null) {
            throw new ReplayRequestException("decisions", "select the decisions to replay: decisions, ticks, "
                    + "accounts, from and/or to");
        }
        List<String> targets = texts(root, "targets", 64, null);
        if (targets.isEmpty()) {
            throw new ReplayRequestException("targets", "targets must name at least one model profile "
                    + "(arena.models.<name>) or account");
        }
        if (targets.size() > MAX_TARGETS) {
            throw new ReplayRequestException("targets", "at most " + MAX_TARGETS + " targets per replay");
        }
        return new ReplayRequest(decisions, ticks, accounts, from, to, targets);
    }

    /** The request as stored in replay_runs.selection. */
    public String toJson() {
        return toNode().toString();
    }

    ObjectNode toNode() {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode d = node.putArray("decisions");
        decisions.forEach(d::add);
        ArrayNode t = node.putArray("ticks");
        ticks.forEach(t::add);
        ArrayNode a = node.putArray("accounts");
        accounts.forEach(a::add);
        node.put("from", from == null ? null : from.toString());
        node.put("to", to == null ? null : to.toString());
        ArrayNode targetNames = node.putArray("targets");
        targets.forEach(targetNames::add);
        return node;
    }

    /**
     * The WHERE clause (over {@code ai_decision_logs l JOIN accounts a}) selecting live decisions that have a prompt,
     * with its bound values appended to {@code params}.
     */
    String where(List<Object> params) {
        List<String> conditions = new ArrayList<>(List.of("l.replay_of IS NULL", "l.user_prompt IS NOT NULL"));
        if (!decisions.isEmpty()) {
            conditions.add("l.id IN (" + marks(decisions.size()) + ")");
            params.addAll(decisions);
        }
        if (!ticks.isEmpty()) {
            conditions.add("l.tick_id IN (" + marks(ticks.size()) + ")");
            params.addAll(ticks);
        }
        if (!accounts.isEmpty()) {
            List<String> either = new ArrayList<>();
            for (String account : accounts) {
                if (account.matches("\\d{1,9}")) {
                    either.add("l.account_id = ?");
                    params.add(Integer.valueOf(account));
                } else {
                    either.add("a.name = ?");
                    params.add(account);
                }
            }
            conditions.add("(" + String.join(" OR ", either) + ")");
        }
        if (from != null) {
            conditions.add("l.decision_time >= ?");
            params.add(IsoTimes.sqlDateTime(from));
        }
        if (to != null) {
            conditions.add("l.decision_time < ?");
            params.add(IsoTimes.sqlDateTime(to));
        }
        return " WHERE " + String.join(" AND ", conditions);
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static Iterable<JsonNode> array(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ReplayRequestException(field, field + " must be an array");
        }
        if (node.size() > 10_000) {
            throw new ReplayRequestException(field, field + " has more than 10000 entries");
        }
        return node;
    }

    private static List<String> texts(JsonNode root, String field, int maxLength, Pattern pattern) {
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode n : array(root, field)) {
            String v = n.isTextual() ? n.textValue().trim() : n.isIntegralNumber() ? n.asText() : null;
            if (v == null || v.isEmpty() || v.length() > maxLength || (pattern != null && !pattern.matcher(v).matches())) {
                throw new ReplayRequestException(field, field + " must be " + (pattern == null ? "names" : "names or ids")
                        + " of at most " + maxLength + " characters" + (v == null ? "" : ", was '" + abbreviate(v) + "'"));
            }
            if (!values.add(v)) {
                throw new ReplayRequestException(field, field + " names '" + abbreviate(v) + "' twice");
            }
        }
        return List.copyOf(values);
    }

    private static Instant time(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        String value = node.asText();
        try {
            if (!node.isTextual()) {
                throw new DateTimeParseException("not text", value, 0);
            }
            return IsoTimes.parse(value);
        } catch (DateTimeParseException e) {
            throw new ReplayRequestException(field, field + " must be an ISO-8601 time such as 2026-11-25T12:00:00Z "
                    + "or a date such as 2026-11-25, was '" + abbreviate(value) + "'");
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }

    private static String oneLine(String text) {
        return abbreviate(String.valueOf(text).replaceAll("\\s+", " "));
    }
}
