package io.camelarena.app;

import io.camelarena.account.AccountCatalog;
import io.camelarena.account.AccountSettings;
import io.camelarena.cluster.ClusterSettings;
import io.camelarena.config.ArenaProperties;
import io.camelarena.model.ApiKeys;
import io.camelarena.model.BedrockClients;
import io.camelarena.replay.ReplayMonitor;
import io.camelarena.replay.ReplayRuns;
import io.camelarena.replay.OutcomeSettings;
import io.camelarena.replay.ReplayService;
import io.camelarena.replay.ReplaySteps;
import io.camelarena.replay.ReplayTargets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays of logged prompts against other models (docs/replay.md): model profiles
 * ({@code arena.models.<name>.*}, checked at start-up like accounts), the replay pool, service, steps and MBean.
 */
public class ReplayConfiguration extends StageConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayConfiguration.class);
    static final String PROFILES = "arena.models.";

    @BindToRegistry("arenaReplayPool")
    public ExecutorService replayPool() {
        return context.getExecutorServiceManager().newFixedThreadPool(this, "arena-replay", parallelism());
    }

    /** Replays in flight at once: the decide parallelism unless arena.replay.parallelism is set. */
    private int parallelism() {
        return ArenaProperties.atLeast("arena.replay.parallelism", props.optionalInteger("arena.replay.parallelism")
                .orElseGet(() -> props.integer("arena.decide.parallelism")), 1);
    }

    @BindToRegistry("replayService")
    public ReplayService replayService(@BeanInject("arenaDataSource") DataSource dataSource,
            @BeanInject("arenaAccounts") List<AccountSettings> accounts, @BeanInject("apiKeys") ApiKeys apiKeys) {
        return once("replayService", () -> new ReplayService(dataSource,
                new ReplayTargets(profiles(apiKeys), accounts), new ReplayRuns(dataSource, CLOCK),
                props.integer("arena.replay.max-decisions"), CLOCK, replayOutcomes()));
    }

    /** How replays and the decision exports score a decision by its outcome over the next ticks. */
    @BindToRegistry("replayOutcomes")
    public OutcomeSettings replayOutcomes() {
        return once("replayOutcomes", () -> new OutcomeSettings(
                props.integerAtLeast("arena.replay.horizon-ticks", 1), props.decimal("arena.trading.taker-fee-rate")));
    }

    @BindToRegistry("replaySteps")
    public ReplaySteps replaySteps(@BeanInject("arenaDataSource") DataSource dataSource,
            @BeanInject("arenaAccounts") List<AccountSettings> accounts, @BeanInject("apiKeys") ApiKeys apiKeys) {
        ReplayService service = replayService(dataSource, accounts, apiKeys);
        return new ReplaySteps(service, service.runs(), apiKeys);
    }

    /** The model profiles; one whose key is missing stops the start-up. */
    private List<AccountSettings> profiles(ApiKeys apiKeys) {
        return once("profiles", () -> {
            List<AccountSettings> profiles = new AccountCatalog(props, PROFILES).declared();
            for (AccountSettings p : profiles) {
                if (p.provider().equals("openai") && apiKeys.resolve(p.apiKeyEnv()).isEmpty()) {
                    throw new IllegalStateException("model profile " + p.name() + " has no API key: set the "
                            + "environment variable " + p.apiKeyEnv() + " (" + PROFILES + p.name() + ".api-key-env) "
                            + "or remove the profile");
                }
            }
            return profiles;
        });
    }

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Registry registry = camelContext.getRegistry();
        ReplayService service = bean("replayService", ReplayService.class);
        BedrockClients bedrockClients = bean("arenaBedrockClients", BedrockClients.class);
        List<AccountSettings> profiles = profiles(bean("apiKeys", ApiKeys.class));
        for (AccountSettings p : profiles) {
            if (p.provider().equals("bedrock")) {
                // Bedrock clients are looked up by the name the call is made under (ModelCallSteps.prepareBedrock).
                AccountSettings callAs = new ReplayTargets.Target(p.name(), p, true).forAccount(0, p.maxLeverage());
                String prefix = PROFILES + p.name() + ".";
                registry.bind("arenaBedrockClient-" + callAs.name(), bedrockClients.clientFor(callAs,
                        props.optional(prefix + "aws-access-key-env"), props.optional(prefix + "aws-secret-key-env")));
            }
        }
        ReplayRuns runs = service.runs();
        // Only a runtime alone on its database knows that queued or running runs are orphans (a replay command or
        // another runtime of a cluster may be running its own).
        if (ArenaConfiguration.aloneOnDatabase(camelContext, bean("arenaCluster", ClusterSettings.class))) {
            int abandoned = runs.interruptAbandoned();
            if (abandoned > 0) {
                LOG.warn("{} replay run(s) left queued or running by a process that did not stop are recorded"
                        + " INTERRUPTED", abandoned);
            }
        }
        onStop("replay runs", () -> {
            int interrupted = runs.interruptUnfinished();
            if (interrupted > 0) {
                LOG.warn("{} replay run(s) interrupted by the shutdown", interrupted);
            }
        });
        registerMBean(ReplayMonitor.OBJECT_NAME, new ReplayMonitor(camelContext.createProducerTemplate(), runs));
        LOG.info("arena: replay targets {} (profiles {}), replay parallelism {}", service.targets().names(),
                profiles.stream().map(p -> p.name() + "(" + p.provider() + ":" + p.model() + ")").toList(),
                parallelism());
    }
}
