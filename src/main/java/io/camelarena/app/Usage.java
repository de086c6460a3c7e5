package io.camelarena.app;

import java.util.Map;
import java.util.Optional;

/** What {@code java -jar camel-arena.jar --help} and {@code help COMMAND} print: every command, option and exit code. */
final class Usage {

    static final String RUNTIME = """
            usage: java -jar camel-arena.jar [COMMAND] [OPTIONS]

            Without a command it runs the arena: ./application.properties (or -Darena.config=FILE), the YAML routes
            under routes/ (arena.routes.dir), any property as -Dkey=value or environment variable (ARENA_DB_URL, ...).
              -Darena.profile=demo   offline: plays back bundled prices and news, simulated models that sometimes fail
            Exit code: 0 after a clean stop (SIGTERM, JMX stop), 1 when it could not start (the reason on one line).

            Commands:
              validate   check route files as the runtime does before it applies an edit
              verify     walk the decision log's hash chain and name the first row that was changed
              replay     ask other models the logged prompts again; progress and agreement
              help       this text, or a command's: help validate | help verify | help replay

            Commands print their result only; --verbose shows the log of the Camel runtime a replay starts.
            """;

    static final Map<String, String> COMMANDS = Map.of(
            "validate", """
                    usage: java -jar camel-arena.jar validate [--profile=NAME] [DIR|FILE.yaml ...]

                    Checks route files with no database and no beans, as the runtime checks an edit before it applies
                    it: YAML syntax and DSL, ids, direct: targets, route templates, endpoints and their options,
                    {{property}} placeholders (resolved from application.properties, -D flags, the environment).
                    Without paths: the route set the runtime loads (routes/ with the overlay of arena.routes.overlay).
                      --profile=NAME   the set and properties of a profile (e.g. demo: routes/ with routes/demo/)
                    Prints one line per problem (file:line: cause), then OK or INVALID.
                    Exit code: 0 valid, 1 problems found, 2 wrong usage or unreadable files.
                    """,
            "verify", """
                    usage: java -jar camel-arena.jar verify [--url=JDBC-URL] [--user=USER] [--password=PASSWORD]

                    Walks the decision log's hash chain in the configured database (arena.db.* unless given here)
                    and prints the verdict: intact (rows checked, head hash to anchor elsewhere) or the first row
                    altered, inserted or deleted; then the rows whose texts retention cleared, as ranges.
                    Exit code: 0 intact, 1 a row was changed, 2 the check could not run.
                    """,
            "replay", """
                    usage: java -jar camel-arena.jar replay --targets=NAME,... [--decisions=ID,...] [--ticks=TICK,...]
                           [--accounts=NAME|ID,...] [--from=TIME] [--to=TIME] [--url=JDBC-URL] [--user=U]
                           [--password=P] [--routes=DIR] [--poll-ms=1000] [--verbose]

                    Sends the logged prompts of the selected decisions, unchanged, to each target (a model profile
                    arena.models.<name>.* or an account's name), through the live model routes (limits, retries,
                    breakers) but never the order executor, and writes one replay row per answer. Prints progress and
                    the agreement with the original decisions. TIME: 2026-11-25T12:00:00Z or 2026-11-25.
                    Exit code: 0 completed, 1 failed or stopped, 2 the request was refused or the arguments are wrong.
                    """,
            "help", """
                    usage: java -jar camel-arena.jar help [COMMAND]

                    Prints the usage of the runtime, or of one command. Exit code 0; 2 for an unknown command.
                    """);

    private Usage() {
    }

    static Optional<String> of(String command) {
        return Optional.ofNullable(COMMANDS.get(command));
    }
}
