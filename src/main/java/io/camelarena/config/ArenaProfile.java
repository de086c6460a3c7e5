package io.camelarena.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A profile ({@code arena.profile}, e.g. {@code demo}) is a bundled properties file, {@code profiles/NAME.properties},
 * whose entries act as {@code -D} flags the user did not give: flags and environment variables the user gave still
 * win, and both win over application.properties.
 */
public final class ArenaProfile {

    private ArenaProfile() {
    }

    /**
     * The profile's entries the user has not set by {@code -D} flag or environment variable; empty for no profile.
     *
     * @throws IllegalArgumentException for a profile that does not exist
     */
    public static Map<String, String> unsetEntries(String profile) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        if (profile == null || profile.isBlank()) {
            return entries;
        }
        String resource = "profiles/" + profile.trim().toLowerCase(Locale.ROOT) + ".properties";
        Properties values = new Properties();
        try (InputStream in = ArenaProfile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("unknown arena.profile '" + profile + "' (no " + resource + ")");
            }
            values.load(in);
        }
        for (String key : values.stringPropertyNames()) {
            if (userSetting(key) == null) {
                entries.put(key, values.getProperty(key));
            }
        }
        return entries;
    }

    /** A setting the user gave as {@code -D} flag or environment variable ({@code arena.db.url} -> ARENA_DB_URL). */
    public static String userSetting(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? null : value;
    }
}
