package io.camelarena.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.camelarena.config.ArenaProperties;
import java.io.PrintStream;
import java.time.Clock;

/**
 * {@code verify}: walks the decision-log hash chain of the configured database and prints the verdict, without
 * starting the runtime. Database settings as for the runtime: {@code arena.db.url}, {@code arena.db.username},
 * {@code arena.db.password} from {@code -D} flags, environment variables ({@code ARENA_DB_URL}, ...) or the
 * properties file ({@code arena.config}, else {@code ./application.properties}, else the packaged copy).
 * Arguments {@code --url=...}, {@code --user=...}, {@code --password=...} override them.
 *
 * <p>Prints the verdict, then one line per range of rows whose texts retention cleared. Exit code: 0 the chain is
 * intact, 1 a row was altered, inserted or deleted, 2 the check could not run.
 */
public final class VerifyCommand {

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
            String url = null;
            String user = null;
            String password = null;
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
            if (url == null || user == null || password == null) {
                ArenaProperties props = ArenaProperties.load();
                url = url != null ? url : props.string("arena.db.url");
                user = user != null ? user : props.string("arena.db.username");
                password = password != null ? password : props.optional("arena.db.password").orElse("");
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
}
