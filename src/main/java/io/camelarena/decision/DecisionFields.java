package io.camelarena.decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Case-insensitive view of a decision object's fields; unwraps {@code {"decision": {...}}}. */
final class DecisionFields {

    static final String OPERATION = "operation";
    static final String WRAPPER = "decision";

    private final Map<String, JsonNode> fields = new HashMap<>();

    private DecisionFields(ObjectNode object) {
        object.properties().forEach(e -> fields.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    }

    /** The fields of {@code object}, or of its {@code decision} member when only that holds the operation. */
    static DecisionFields of(ObjectNode object) {
        DecisionFields top = new DecisionFields(object);
        if (!top.has(OPERATION) && top.get(WRAPPER) instanceof ObjectNode inner) {
            return new DecisionFields(inner);
        }
        return top;
    }

    static boolean looksLikeDecision(ObjectNode object) {
        return of(object).has(OPERATION);
    }

    boolean has(String name) {
        JsonNode node = fields.get(name);
        return node != null && !node.isNull();
    }

    /** The first present, non-null field among {@code names}, or null. */
    JsonNode get(String... names) {
        for (String name : names) {
            JsonNode node = fields.get(name);
            if (node != null && !node.isNull()) {
                return node;
            }
        }
        return null;
    }
}
