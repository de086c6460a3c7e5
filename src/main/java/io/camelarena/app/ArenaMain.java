package io.camelarena.app;

import io.camelarena.config.ArenaProperties;
import io.camelarena.support.Failures;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import org.apache.camel.main.Main;

/**
 * Starts the arena as a standalone Camel runtime: {@code ./application.properties} (or {@code -Darena.config=FILE})
 * plus the YAML routes under {@code ./routes}. {@code -Darena.profile=demo} (or {@code ARENA_PROFILE=demo}) replays
 * bundled market data so the whole flow runs offline.
 */
public final class ArenaMain {

    private ArenaMain() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("validate")) {
            // Checks route files before they are deployed: no database, no beans; same messages as the reloader.
            System.exit(io.camelarena.runtime.ValidateCommand.run(args));
        }
        if (args.length > 0 && args[0].equals("verify")) {
            // Walks the decision log's hash chain in the configured database and names the first broken row.
            io.camelarena.audit.VerifyCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("replay")) {
            // Replays logged prompts against other models in the configured database; prints progress and agreement.
            System.exit(ReplayCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        int exitCode;
        try {
            applyProfile(setting("arena.profile"));
            Main main = new Main();
            ArenaConfiguration.addTo(main.configure());
            main.setPropertyPlaceholderLocations(ArenaProperties.location());
            main.run(args);
            exitCode = main.getExitCode();
        } catch (Throwable failure) {
            System.err.println("camel-arena failed to start: " + oneLine(failure));
            exitCode = 1;
        }
        System.exit(exitCode);
    }

    /**
     * The failure and its root cause on one line, for operators (the stack trace is in the log above it). Wrappers
     * that add no words of their own (the InvocationTargetException and RuntimeCamelException around a failure of a
     * {@code @BindToRegistry} method) are skipped.
     */
    static String oneLine(Throwable failure) {
        while (failure.getCause() != null && (failure.getMessage() == null
                || failure.getMessage().equals(failure.getCause().toString()))) {
            failure = failure.getCause();
        }
        Throwable root = Failures.rootCause(failure);
        String text = String.valueOf(failure.getMessage());
        if (root != failure && root.getMessage() != null && !text.contains(root.getMessage())) {
            text += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text.replaceAll("\\s+", " ").trim();
    }

    /**
     * A profile is a bundled properties file whose entries act as -D flags the user did not give; flags and
     * environment variables the user gave still win.
     */
    static void applyProfile(String profile) throws IOException {
        if (profile == null || profile.isBlank()) {
            return;
        }
        String resource = "profiles/" + profile.trim().toLowerCase(Locale.ROOT) + ".properties";
        Properties values = new Properties();
        try (InputStream in = ArenaMain.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("unknown arena.profile '" + profile + "' (no " + resource + ")");
            }
            values.load(in);
        }
        for (String key : values.stringPropertyNames()) {
            if (setting(key) == null) {
                System.setProperty(key, values.getProperty(key));
            }
        }
    }

    private static String setting(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? null : value;
    }
}
