package io.camelarena.config;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed reads of {@code arena.*} properties through Camel's properties component, so every key is overridable by an
 * environment variable ({@code ARENA_DB_URL} for {@code arena.db.url}) or a {@code -D} flag.
 *
 * <p>{@code application.properties} is the one place of the defaults: a key it lists is read without a default
 * ({@link #string}, {@link #integer}, ...) and fails naming the key when it is not set. Keys that may stay unset are
 * read with {@link #optional} (their meaning when unset is said in application.properties' comment); only the fields
 * of accounts and model profiles, whose names are the user's, are read with a default in the code
 * ({@code AccountCatalog}).
 */
public final class ArenaProperties {

    private final PropertiesComponent properties;

    public ArenaProperties(PropertiesComponent properties) {
        this.properties = properties;
    }

    /**
     * Where the configuration is read from: {@code -Darena.config=FILE} (or {@code ARENA_CONFIG}), else
     * {@code ./application.properties}, else the copy of it packaged in the jar (run outside the project folder).
     */
    public static String location() {
        String configured = System.getProperty("arena.config");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("ARENA_CONFIG");
        }
        boolean given = configured != null && !configured.isBlank();
        Path file = Path.of(given ? configured.trim() : "application.properties");
        if (Files.isRegularFile(file)) {
            return "file:" + file.toAbsolutePath();
        }
        if (given) {
            throw new IllegalStateException("arena.config points at " + file.toAbsolutePath()
                    + ", which is not a file");
        }
        return "classpath:application.properties";
    }

    /**
     * The configuration as the runtime reads it ({@link #location()}, {@code -D} flags, environment variables), for
     * commands that start no Camel runtime (verify).
     */
    public static ArenaProperties load() {
        DefaultCamelContext context = new DefaultCamelContext(false);
        // Only its properties component is used; never started, so never stopped.
        context.getPropertiesComponent().setLocation(location());
        context.build();
        return new ArenaProperties(context.getPropertiesComponent());
    }

    /** The value, trimmed; empty when the key is not set or blank. */
    public Optional<String> optional(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public Optional<Integer> optionalInteger(String key) {
        return optional(key).map(v -> parse(key, v, Integer::valueOf));
    }

    /** The value of a key that must be set (not blank), trimmed. */
    public String string(String key) {
        return optional(key).orElseThrow(() -> new IllegalStateException("missing property " + key
                + ": set it in application.properties, as -D" + key + "=... or as environment variable "
                + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')));
    }

    public int integer(String key) {
        return parse(key, string(key), Integer::valueOf);
    }

    /** {@link #integer} that must be at least {@code min}. */
    public int integerAtLeast(String key, int min) {
        return atLeast(key, integer(key), min);
    }

    /** Fails naming the key unless {@code value} (read from it) is at least {@code min}. */
    public static int atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalStateException(key + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    public long longValue(String key) {
        return parse(key, string(key), Long::valueOf);
    }

    public BigDecimal decimal(String key) {
        return parse(key, string(key), BigDecimal::new);
    }

    public double doubleValue(String key) {
        return parse(key, string(key), Double::valueOf);
    }

    public boolean bool(String key) {
        return toBoolean(key, string(key));
    }

    /** A comma-separated list; blank items are dropped. */
    public List<String> list(String key) {
        return split(string(key));
    }

    /** A list that may be empty (the key is in application.properties with no value). */
    public List<String> listOrEmpty(String key) {
        return optional(key).map(ArenaProperties::split).orElse(List.of());
    }

    /** Only for the fields of user-named accounts and profiles, which application.properties cannot list. */
    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    /** Only for the fields of user-named accounts and profiles, which application.properties cannot list. */
    public int integer(String key, int defaultValue) {
        return optional(key).map(v -> parse(key, v, Integer::valueOf)).orElse(defaultValue);
    }

    /** Only for the fields of user-named accounts and profiles, which application.properties cannot list. */
    public BigDecimal decimal(String key, BigDecimal defaultValue) {
        return optional(key).map(v -> parse(key, v, BigDecimal::new)).orElse(defaultValue);
    }

    /** Only for the fields of user-named accounts and profiles, which application.properties cannot list. */
    public boolean bool(String key, boolean defaultValue) {
        return optional(key).map(v -> toBoolean(key, v)).orElse(defaultValue);
    }

    /** A comma-separated list, empty when the key is not set. */
    public List<String> optionalList(String key) {
        return optional(key).map(ArenaProperties::split).orElse(List.of());
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

    private static List<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean toBoolean(String key, String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalStateException("property " + key + " must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value);
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
