package io.camelarena.app;

import io.camelarena.config.ArenaProperties;
import io.camelarena.account.AccountCatalog;
import io.camelarena.account.AccountSettings;
import io.camelarena.api.ReplayApi;
import io.camelarena.model.ApiKeys;
import io.camelarena.model.BedrockClients;
import io.camelarena.replay.ReplayMonitor;
import io.camelarena.replay.ReplayRuns;
import io.camelarena.replay.ReplayService;
import io.camelarena.replay.ReplaySteps;
import io.camelarena.replay.ReplayTargets;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans of replays (README "Replay, compare, datasets"): model profiles ({@code arena.models.<name>.*}, checked
 * at start-up like accounts), the replay pool, steps, API and MBean. Kept apart so ArenaConfiguration gains one line.
 */
final class ReplayWiring {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayWiring.class);
    static final String PROFILES = "arena.models.";

    private ReplayWiring() {
    }

    static void bind(CamelContext context, ArenaProperties props, DataSource dataSource,
            List<AccountSettings> accounts, ApiKeys apiKeys, BedrockClients bedrockClients, int decideParallelism,
            Clock clock) throws Exception {
        var registry = context.getRegistry();
        List<AccountSettings> profiles = new AccountCatalog(props, PROFILES).declared();
        for (AccountSettings p : profiles) {
            if (p.provider().equals("openai") && apiKeys.resolve(p.apiKeyEnv()).isEmpty()) {
                throw new IllegalStateException("model profile " + p.name() + " has no API key: set the environment "
                        + "variable " + p.apiKeyEnv() + " (" + PROFILES + p.name() + ".api-key-env) or remove the "
                        + "profile");
            }
            if (p.provider().equals("bedrock")) {
                // Bedrock clients are looked up by the name the call is made under (ModelCallSteps.prepareBedrock).
                AccountSettings callAs = new ReplayTargets.Target(p.name(), p, true).forAccount(0, p.maxLeverage());
                String prefix = PROFILES + p.name() + ".";
                registry.bind("arenaBedrockClient-" + callAs.name(), bedrockClients.clientFor(callAs,
                        props.optional(prefix + "aws-access-key-env"), props.optional(prefix + "aws-secret-key-env")));
            }
        }
        ReplayTargets targets = new ReplayTargets(profiles, accounts);
        ReplayRuns runs = new ReplayRuns(dataSource, clock);
        ReplayService service = new ReplayService(dataSource, targets, runs,
                props.integer("arena.replay.max-decisions", 10_000), clock);
        int parallelism = props.integer("arena.replay.parallelism", decideParallelism);
        if (parallelism < 1) {
            throw new IllegalStateException("arena.replay.parallelism must be at least 1, was " + parallelism);
        }
        registry.bind("arenaReplayPool", context.getExecutorServiceManager()
                .newFixedThreadPool(ReplayWiring.class, "arena-replay", parallelism));
        registry.bind("replayService", service);
        registry.bind("replaySteps", new ReplaySteps(service, runs, apiKeys));
        registry.bind("replayApi", new ReplayApi(dataSource, service));

        // Only a runtime alone on its database knows that queued or running runs are orphans (a replay command or
        // another runtime of a cluster may be running its own).
        if (ArenaConfiguration.aloneOnDatabase(context, props)) {
            int abandoned = runs.interruptAbandoned();
            if (abandoned > 0) {
                LOG.warn("{} replay run(s) left queued or running by a process that did not stop are recorded"
                        + " INTERRUPTED", abandoned);
            }
        }
        ReplayMonitor monitor = new ReplayMonitor(context.createProducerTemplate(), runs);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(ReplayMonitor.OBJECT_NAME);
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(monitor, name);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                int interrupted = runs.interruptUnfinished();
                if (interrupted > 0) {
                    LOG.warn("{} replay run(s) interrupted by the shutdown", interrupted);
                }
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
            }
        });
        LOG.info("arena: replay targets {} (profiles {}), replay parallelism {}", targets.names(),
                profiles.stream().map(p -> p.name() + "(" + p.provider() + ":" + p.model() + ")").toList(),
                parallelism);
    }
}
