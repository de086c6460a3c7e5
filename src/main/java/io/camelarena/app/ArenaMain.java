package io.camelarena.app;

import io.camelarena.config.ArenaProfile;
import io.camelarena.config.ArenaProperties;
import io.camelarena.runtime.RouteSetLoading;
import io.camelarena.support.Failures;
import java.io.IOException;
import org.apache.camel.main.Main;

/**
 * Starts the arena as a standalone Camel runtime: {@code ./application.properties} (or {@code -Darena.config=FILE})
 * plus the YAML routes under {@code ./routes}. {@code -Darena.profile=demo} (or {@code ARENA_PROFILE=demo}) plays
 * back bundled market data so the whole flow runs offline (its routes overlay, {@code routes/demo/}).
 */
public final class ArenaMain {

    private ArenaMain() {
    }

    public static void main(String[] args) {
        String command = args.length > 0 ? args[0] : "";
        if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
            System.exit(help(args.length > 1 ? args[1] : null, System.out, System.err));
        }
        if (Usage.of(command).isPresent() && java.util.Arrays.asList(args).subList(1, args.length).stream()
                .anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            System.exit(help(command, System.out, System.err));
        }
        if (command.equals("validate")) {
            // Checks route files before they are deployed: no database, no beans; same messages as the reloader.
            System.exit(io.camelarena.runtime.ValidateCommand.run(args));
        }
        if (command.equals("verify")) {
            // Walks the decision log's hash chain in the configured database and names the first broken row.
            io.camelarena.audit.VerifyCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (command.equals("replay")) {
            // Replays logged prompts against other models in the configured database; prints progress and agreement.
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            boolean verbose = java.util.Arrays.asList(rest).contains("--verbose");
            if (!verbose) {
                // The command prints its own progress; the runtime it starts keeps quiet but for warnings (set before
                // anything logs, so Log4j reads this configuration instead of log4j2.properties).
                System.setProperty("log4j2.configurationFile", "classpath:log4j2-command.properties");
            }
            System.exit(ReplayCommand.run(java.util.Arrays.stream(rest).filter(a -> !a.equals("--verbose"))
                    .toArray(String[]::new), System.out, System.err));
        }
        if (!command.isEmpty() && !command.startsWith("-")) {
            System.err.println("camel-arena: unknown command or option '" + command + "'\n");
            System.err.print(Usage.RUNTIME);
            System.exit(2);
        }
        int exitCode;
        try {
            applyProfile(setting("arena.profile"));
            Main main = new Main();
            ArenaConfiguration.addTo(main.configure());
            RouteSetLoading.install(main.configure());
            main.setPropertyPlaceholderLocations(ArenaProperties.location());
            main.run(args);
            exitCode = main.getExitCode();
        } catch (Throwable failure) {
            System.err.println("camel-arena failed to start: " + oneLine(failure));
            exitCode = 1;
        }
        System.exit(exitCode);
    }

    /** {@code help [COMMAND]}: the usage of the runtime or of one command; 2 for an unknown command. */
    static int help(String command, java.io.PrintStream out, java.io.PrintStream err) {
        if (command == null) {
            out.print(Usage.RUNTIME);
            return 0;
        }
        return Usage.of(command).map(text -> {
            out.print(text);
            return 0;
        }).orElseGet(() -> {
            err.println("camel-arena: no command '" + command + "'\n");
            err.print(Usage.RUNTIME);
            return 2;
        });
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

    /** Applies a profile's entries (io.camelarena.config.ArenaProfile) the user did not set as system properties. */
    static void applyProfile(String profile) throws IOException {
        ArenaProfile.unsetEntries(profile).forEach(System::setProperty);
    }

    private static String setting(String key) {
        return ArenaProfile.userSetting(key);
    }
}
