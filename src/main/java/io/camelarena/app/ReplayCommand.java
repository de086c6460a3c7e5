package io.camelarena.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelarena.audit.DecisionLogSpool;
import io.camelarena.config.ArenaProperties;
import io.camelarena.replay.ReplayRuns;
import io.camelarena.replay.ReplayService;
import io.camelarena.runtime.RouteSetLoading;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * {@code java -jar camel-arena.jar replay --ticks=T1,T2 --targets=gpt4o,claude}: runs one replay against the configured
 * database (same configuration as the runtime: application.properties, ARENA_* variables, -D flags) with only the
 * routes a replay needs (no ticks, no HTTP server), prints its progress and the agreement summary. Exit code 0 when
 * the run completed, 1 when it failed or stopped, 2 when the request was refused or the arguments are wrong.
 */
public final class ReplayCommand {

    static final String USAGE = "usage: replay [--decisions=ID,...] [--ticks=TICK,...] [--accounts=NAME|ID,...] "
            + "[--from=TIME] [--to=TIME] --targets=NAME,... [--url=JDBC-URL] [--user=U] [--password=P] "
            + "[--routes=DIR] [--poll-ms=1000]";
    /** The route files a replay uses, from the route set (the routes directory and its overlay, if any). */
    static final List<String> ROUTE_FILES = List.of("replay-start.camel.yaml", "replay-run.camel.yaml", "replay-decision.camel.yaml",
            "ask-model.camel.yaml", "call-model.camel.yaml", "call-simulated.camel.yaml", "model-provider.camel.yaml", "call-openai.camel.yaml", "call-bedrock.camel.yaml",
            "model-attempts.camel.yaml", "model-attempt.camel.yaml", "errors-to-caller.camel.yaml", "model-call-retries.camel.yaml",
            "log-decision.camel.yaml");
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "INTERRUPTED");

    private ReplayCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode request = json.createObjectNode();
        Main main = new Main();
        long pollMs = 1000;
        try {
            for (String arg : args) {
                int eq = arg.indexOf('=');
                if (!arg.startsWith("--") || eq < 0) {
                    throw new IllegalArgumentException("unknown argument " + arg);
                }
                String name = arg.substring(2, eq);
                String value = arg.substring(eq + 1);
                switch (name) {
                    case "decisions" -> {
                        ArrayNode ids = request.putArray("decisions");
                        for (String id : list(value)) {
                            ids.add(Long.parseLong(id));
                        }
                    }
                    case "ticks", "accounts", "targets" -> {
                        ArrayNode values = request.putArray(name);
                        list(value).forEach(values::add);
                    }
                    case "from", "to" -> request.put(name, value);
                    case "url" -> main.addOverrideProperty("arena.db.url", value);
                    case "user" -> main.addOverrideProperty("arena.db.username", value);
                    case "password" -> main.addOverrideProperty("arena.db.password", value);
                    case "routes" -> main.addOverrideProperty("arena.routes.dir", value);
                    case "poll-ms" -> pollMs = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown argument --" + name);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("replay: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        try {
            ArenaMain.applyProfile(System.getProperty("arena.profile", System.getenv("ARENA_PROFILE")));
            ArenaConfiguration.addTo(main.configure());
            RouteSetLoading.install(main.configure(), ROUTE_FILES);
            main.setPropertyPlaceholderLocations(ArenaProperties.location());
            main.addOverrideProperty("arena.routes.reload.enabled", "false");
            main.addOverrideProperty("camel.server.enabled", "false");
            main.addOverrideProperty("camel.management.enabled", "false");
            main.addOverrideProperty("arena.jolokia.enabled", "false");
            // A runtime may be running on the same database and host: leave its RUNNING ticks alone, and spool to a
            // directory of this command's own (the spool's locks are per process).
            main.bind(ArenaConfiguration.COMMAND_BEAN, "replay");
            main.start();
        } catch (Exception e) {
            err.println("replay: could not start: " + ArenaMain.oneLine(e));
            stopQuietly(main);
            return 2;
        }
        try {
            CamelContext context = main.getCamelContext();
            ReplayService service = context.getRegistry().lookupByNameAndType("replayService", ReplayService.class);
            ProducerTemplate producer = context.createProducerTemplate();
            Map<?, ?> started = producer.requestBodyAndHeader("direct:replay-start", request.toString(),
                    "arenaReplayTrigger", "cli", Map.class);
            if (started.containsKey("error")) {
                err.println("replay refused: " + started.get("parameter") + ": " + started.get("message"));
                return 2;
            }
            int runId = ((Number) started.get("id")).intValue();
            out.println("replay run " + runId + ": " + started.get("originals") + " decisions to "
                    + started.get("targets") + ", " + started.get("total") + " replays");
            String last = null;
            Map<String, Object> run;
            while (true) {
                run = service.runs().get(runId).orElseThrow();
                String line = ReplayRuns.progressLine(run);
                if (!Objects.equals(line, last)) {
                    out.println(line);
                    last = line;
                }
                if (TERMINAL.contains(String.valueOf(run.get("status")))) {
                    break;
                }
                Thread.sleep(pollMs);
            }
            Map<String, Object> compared = service.compare(runId, run);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> agreement = (List<Map<String, Object>>) compared.get("agreement");
            out.println("agreement (same operation; same operation, symbol and direction):");
            for (Map<String, Object> a : agreement) {
                out.println("  " + a.get("a") + " vs " + a.get("b") + ": " + a.get("compared") + " compared, "
                        + a.get("same_operation") + " same operation (" + a.get("same_operation_rate") + "), "
                        + a.get("same_symbol_direction") + " same symbol+direction ("
                        + a.get("same_symbol_direction_rate") + ")");
            }
            DecisionLogSpool spool = context.getRegistry().lookupByNameAndType("decisionLogSpool",
                    DecisionLogSpool.class);
            if (spool != null && spool.spooledCount() > 0) {
                spool.drain();
                long pending = spool.pending();
                if (pending > 0) {
                    err.println("replay: " + pending + " replay rows the database did not take are spooled in "
                            + spool.directory() + "; move its decisions*.jsonl files into the runtime's spool"
                            + " directory (arena.decisionlog.spool-dir) to have them written");
                }
            }
            return "COMPLETED".equals(run.get("status")) ? 0 : 1;
        } catch (Exception e) {
            err.println("replay failed: " + ArenaMain.oneLine(e));
            return 1;
        } finally {
            stopQuietly(main);
        }
    }

    private static List<String> list(String value) {
        return java.util.Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static void stopQuietly(Main main) {
        try {
            main.stop();
        } catch (Exception e) {
            // stopping after a failed start: nothing more to release
        }
    }
}
