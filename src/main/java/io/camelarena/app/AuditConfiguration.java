package io.camelarena.app;

import io.camelarena.audit.AuditChain;
import io.camelarena.audit.DecisionLogFailures;
import io.camelarena.audit.DecisionLogRowBuilder;
import io.camelarena.audit.DecisionLogSpool;
import io.camelarena.model.ApiKeys;
import io.camelarena.model.ModelPrices;
import io.camelarena.monitor.ArenaMetrics;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

/**
 * The decision log, "lose nothing, trust everything": its rows (keys scrubbed), the hash chain that seals them, the
 * durable spool for rows the database did not take, and the count of rows not written (see io.camelarena.audit).
 */
public class AuditConfiguration extends StageConfiguration {

    @BindToRegistry("decisionLogRows")
    public DecisionLogRowBuilder decisionLogRows(@BeanInject("apiKeys") ApiKeys apiKeys,
            @BeanInject("modelPrices") ModelPrices prices) {
        return new DecisionLogRowBuilder(apiKeys, prices);
    }

    @BindToRegistry("decisionLogFailures")
    public DecisionLogFailures decisionLogFailures(@BeanInject("arenaMetrics") ArenaMetrics metrics) {
        return once("decisionLogFailures", () -> new DecisionLogFailures(metrics::logWriteFailed));
    }

    @BindToRegistry("auditChain")
    public AuditChain auditChain(@BeanInject("arenaDataSource") DataSource dataSource) {
        return once("auditChain", () -> new AuditChain(dataSource, CLOCK));
    }

    @BindToRegistry("decisionLogSpool")
    public DecisionLogSpool decisionLogSpool(@BeanInject("arenaDataSource") DataSource dataSource,
            @BeanInject("arenaMetrics") ArenaMetrics metrics) {
        return new DecisionLogSpool(spoolDirectory(), auditChain(dataSource), decisionLogFailures(metrics));
    }

    /** The configured spool directory; a command (replay) spools to a directory of its own inside it. */
    private Path spoolDirectory() {
        Path dir = Path.of(props.string("arena.decisionlog.spool-dir"));
        String command = ArenaConfiguration.command(context);
        return command == null ? dir : dir.resolve(command + "-command-" + ProcessHandle.current().pid());
    }
}
