package io.camelarena.config;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed reads of {@code arena.*} properties through Camel's properties component, so every key is overridable by an
 * environment variable ({@code ARENA_DB_URL} for {@code arena.db.url}) or a {@code -D} flag.
 */
public final class ArenaProperties {

    private final PropertiesComponent properties;

    public ArenaProperties(PropertiesComponent properties) {
        this.properties = properties;
    }

    public Optional<String> optional(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    public String required(String key) {
        return optional(key).orElseThrow(() -> new IllegalStateException("missing required property " + key));
    }

    public int integer(String key, int defaultValue) {
        return optional(key).map(v -> parse(key, v, Integer::valueOf)).orElse(defaultValue);
    }

    public long longValue(String key, long defaultValue) {
        return optional(key).map(v -> parse(key, v, Long::valueOf)).orElse(defaultValue);
    }

    public BigDecimal decimal(String key, BigDecimal defaultValue) {
        return optional(key).map(v -> parse(key, v, BigDecimal::new)).orElse(defaultValue);
    }

    public boolean bool(String key, boolean defaultValue) {
        return optional(key).map(v -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new IllegalStateException("property " + key + " must be true or false, was '" + v + "'");
            }
            return Boolean.parseBoolean(v);
        }).orElse(defaultValue);
    }

    public List<String> list(String key, String defaultValue) {
        return Arrays.stream(string(key, defaultValue).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * A secret by the name of its variable: the environment, then a -D flag, then the configuration (property files,
     * initial and override properties). Read around the
     * properties component's lookup on purpose: Camel Main lists every property resolved through it in its start-up
     * "property-placeholders summary", value included, and a key must never reach the log.
     */
    public Optional<String> secret(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            value = System.getProperty(name);
        }
        if (value == null || value.isBlank()) {
            Object configured = properties.loadPropertiesAsMap(name::equals).get(name);
            value = configured == null ? null : configured.toString();
        }
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** Property names under a prefix, from the loaded property files and from -D system properties. */
    public java.util.Set<String> keysStartingWith(String prefix) {
        java.util.Set<String> keys = properties.loadPropertiesAsMap(k -> k.startsWith(prefix)).keySet().stream()
                .map(Object::toString).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(prefix)) {
                keys.add(name);
            }
        }
        return keys;
    }

    /**
     * The configured values of the keys under a prefix, from the property files and the initial and override
     * properties (not -D flags or the environment), unresolved and never logged.
     */
    public java.util.Map<String, String> valuesStartingWith(String prefix) {
        java.util.Map<String, String> values = new java.util.TreeMap<>();
        // Through entrySet(): the map is ordered properties, whose forEach (Hashtable's) sees none of them.
        for (var e : properties.loadPropertiesAsMap(k -> k.startsWith(prefix)).entrySet()) {
            values.put(e.getKey().toString(), e.getValue() == null ? "" : e.getValue().toString().trim());
        }
        return values;
    }

    private static <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new IllegalStateException("property " + key + " has an invalid value '" + value + "'", e);
        }
    }
}
