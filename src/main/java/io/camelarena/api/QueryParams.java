package io.camelarena.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The query string of a request, parsed from the raw query (never from message headers, so an HTTP header cannot
 * pose as a filter). Unknown parameter names and repeated parameters are refused with 400.
 */
public final class QueryParams {

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    public static QueryParams parse(String rawQuery, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isBlank()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), "query");
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
                if (!allowed.contains(name)) {
                    throw ApiException.badParameter(name, "unknown parameter '" + abbreviate(name)
                            + "'; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
                }
                if (values.putIfAbsent(name, value.trim()) != null) {
                    throw ApiException.badParameter(name, "parameter " + name + " given more than once");
                }
            }
        }
        return new QueryParams(values);
    }

    /** The value, absent when missing or empty. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name)).filter(v -> !v.isEmpty());
    }

    private static String decode(String text, String parameter) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter(parameter, "malformed percent-encoding in the query string");
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
