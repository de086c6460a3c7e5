package io.camelarena.app;

import io.camelarena.config.ArenaProperties;
import io.camelarena.audit.AuditChain;
import io.camelarena.audit.DecisionLogFailures;
import io.camelarena.audit.DecisionLogSpool;
import io.camelarena.model.ApiKeys;
import io.camelarena.model.ModelRetryPolicy;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;

/**
 * The beans of "lose nothing, trust everything": the hash-chained decision log ({@code auditChain}), its durable
 * spool ({@code decisionLogSpool}) and the model-call retry policy ({@code modelRetryPolicy}). Kept apart from
 * ArenaConfiguration so that file only gains one line.
 */
final class AuditWiring {

    private AuditWiring() {
    }

    static void bind(CamelContext context, ArenaProperties props, DataSource dataSource, ApiKeys apiKeys,
            DecisionLogFailures failures, Clock clock) {
        var registry = context.getRegistry();
        AuditChain chain = new AuditChain(dataSource, clock);
        registry.bind("auditChain", chain);
        registry.bind("decisionLogSpool", new DecisionLogSpool(
                spoolDirectory(context, props), chain, failures));
        registry.bind("modelRetryPolicy", new ModelRetryPolicy(
                props.integer("arena.model.retry.max-attempts", 3),
                props.longValue("arena.model.retry.initial-delay-ms", 1_000),
                Double.parseDouble(props.string("arena.model.retry.multiplier", "2")),
                props.longValue("arena.model.retry.max-delay-ms", 30_000),
                Double.parseDouble(props.string("arena.model.retry.jitter", "0.2")),
                props.longValue("arena.tick.deadline-ms", 240_000),
                apiKeys));
    }

    /** The configured spool directory; a command (replay) spools to a directory of its own inside it. */
    static Path spoolDirectory(CamelContext context, ArenaProperties props) {
        Path dir = Path.of(props.string("arena.decisionlog.spool-dir", "./data/spool"));
        String command = ArenaConfiguration.command(context);
        return command == null ? dir : dir.resolve(command + "-command-" + ProcessHandle.current().pid());
    }
}
