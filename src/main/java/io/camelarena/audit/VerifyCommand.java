package io.camelarena.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Properties;

/**
 * {@code verify}: walks the decision-log hash chain of the configured database and prints the verdict, without
 * starting the runtime. Database settings as for the runtime: {@code arena.db.url}, {@code arena.db.username},
 * {@code arena.db.password} from {@code -D} flags, environment variables ({@code ARENA_DB_URL}, ...) or the
 * properties file ({@code arena.config}, else {@code ./application.properties}, else the packaged defaults).
 * Arguments {@code --url=...}, {@code --user=...}, {@code --password=...} override them.
 *
 * <p>Prints the verdict, then one line per range of rows whose texts retention cleared. Exit code: 0 the chain is
 * intact, 1 a row was altered, inserted or deleted, 2 the check could not run.
 */
public final class VerifyCommand {

    private static final String DEFAULT_URL = "jdbc:h2:file:./data/arena;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
            + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;AUTO_SERVER=TRUE";

    private VerifyCommand() {
    }

    /** Standalone entry: {@code java -cp ... io.camelarena.audit.VerifyCommand [--url=...]}; exits with the code. */
    public static void main(String[] args) {
        int code = run(args);
        System.out.flush();
        System.err.flush();
        // halt, not exit: under mvn exec:java, System.exit waits on shutdown hooks that wait on this thread.
        Runtime.getRuntime().halt(code);
    }

    /** Runs the check; returns the process exit code (the caller decides whether to exit). */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Properties file = loadProperties();
            String url = setting("arena.db.url", file, DEFAULT_URL);
            String user = setting("arena.db.username", file, "sa");
            String password = setting("arena.db.password", file, "");
            for (String arg : args == null ? new String[0] : args) {
                if (arg.startsWith("--url=")) {
                    url = arg.substring(6);
                } else if (arg.startsWith("--user=")) {
                    user = arg.substring(7);
                } else if (arg.startsWith("--password=")) {
                    password = arg.substring(11);
                } else if (!arg.isBlank() && !arg.equals("verify")) {
                    err.println("verify: unknown argument " + arg + " (use --url=, --user=, --password=)");
                    return 2;
                }
            }
            HikariConfig config = new HikariConfig();
            config.setPoolName("arena-verify");
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword(password);
            config.setMaximumPoolSize(1);
            config.setReadOnly(true);
            try (HikariDataSource dataSource = new HikariDataSource(config)) {
                VerifyReport report = new AuditChain(dataSource, Clock.systemUTC()).verify();
                PrintStream verdict = report.ok() ? out : err;
                verdict.println(report);
                report.clearedByRetention().forEach(range -> verdict.println("  " + range));
                if (report.clearedNotListed() > 0) {
                    verdict.println("  and " + report.clearedNotListed() + " more rows cleared by retention (only the"
                            + " first " + VerifyReport.LISTED_RANGES + " ranges are listed)");
                }
                return report.ok() ? 0 : 1;
            }
        } catch (Exception e) {
            err.println("verify: could not check the audit chain: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
            return 2;
        }
    }

    private static Properties loadProperties() throws IOException {
        Properties props = new Properties();
        String configured = System.getProperty("arena.config", System.getenv("ARENA_CONFIG"));
        Path file = Path.of(configured != null && !configured.isBlank() ? configured : "application.properties");
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            }
        } else {
            try (InputStream in = VerifyCommand.class.getClassLoader().getResourceAsStream("application.properties")) {
                if (in != null) {
                    props.load(in);
                }
            }
        }
        return props;
    }

    private static String setting(String key, Properties file, String defaultValue) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        if (value == null) {
            value = file.getProperty(key);
        }
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }
}
