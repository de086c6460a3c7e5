package io.camelarena.app;

import io.camelarena.config.ArenaProperties;
import io.camelarena.config.ArenaDataSource;
import com.zaxxer.hikari.HikariDataSource;
import io.camelarena.account.AccountCatalog;
import io.camelarena.account.AccountSettings;
import io.camelarena.account.PortfolioRepository;
import io.camelarena.agent.DecisionSteps;
import io.camelarena.decision.DecisionValidator;
import io.camelarena.decision.ReplyParser;
import io.camelarena.audit.DecisionLogFailures;
import io.camelarena.audit.DecisionLogRowBuilder;
import io.camelarena.execution.OrderExecutor;
import io.camelarena.market.DemoMarketPlayback;
import io.camelarena.market.MarketSteps;
import io.camelarena.market.NewsDigestBuilder;
import io.camelarena.market.PriceParser;
import io.camelarena.model.ApiKeys;
import io.camelarena.model.BedrockClients;
import io.camelarena.model.BedrockConverse;
import io.camelarena.model.ModelCallSteps;
import io.camelarena.model.ModelLimits;
import io.camelarena.model.OpenAiChat;
import io.camelarena.model.SimulatedModel;
import io.camelarena.monitor.ArenaHealthChecks;
import io.camelarena.monitor.ArenaMetrics;
import io.camelarena.monitor.ArenaMonitor;
import io.camelarena.monitor.StartupSummary;
import io.camelarena.runtime.RouteReloader;
import io.camelarena.tick.TickLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.health.HealthCheck;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the arena's beans into the Camel registry under the names the YAML routes use, after migrating the database
 * and syncing the configured accounts into it. Every setting is read from {@code arena.*} properties.
 */
public class ArenaConfiguration implements CamelConfiguration {

    /** Bound (to the command's name) when the runtime is started by a command such as replay, not as the runtime. */
    public static final String COMMAND_BEAN = "arenaCommand";

    /** The command that started this runtime (e.g. "replay"), or null when it runs as the runtime. */
    static String command(CamelContext context) {
        Object command = context.getRegistry().lookupByName(COMMAND_BEAN);
        return command == null ? null : command.toString();
    }

    /**
     * Whether this is the only runtime on its database, so what it finds RUNNING there was left by a process that
     * died: not clustered, and not a command (which may run beside a runtime).
     */
    static boolean aloneOnDatabase(CamelContext context, ArenaProperties props) {
        return !props.bool("arena.cluster.enabled", false) && command(context) == null;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ArenaConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        ArenaProperties props = new ArenaProperties(context.getPropertiesComponent());
        requireFreeHttpPort(props);
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();

        List<String> symbols = props.list("arena.symbols", "BTC,ETH,SOL,BNB,XRP,DOGE").stream()
                .map(s -> s.toUpperCase(Locale.ROOT)).toList();
        int parallelism = props.integer("arena.decide.parallelism", 16);
        if (parallelism < 1) {
            throw new IllegalStateException("arena.decide.parallelism must be at least 1, was " + parallelism);
        }

        io.camelarena.cluster.ClusterSettings cluster = io.camelarena.cluster.ClusterSettings.from(props);
        String dbUrl = props.string("arena.db.url", ArenaDataSource.DEFAULT_URL);
        // Decisions hold a connection only for their short reads and writes, so the pool follows the parallelism up
        // to a cap that stays well under a MySQL/MariaDB server's default max_connections (151).
        HikariDataSource dataSource = ArenaDataSource.create(dbUrl, props.string("arena.db.username", "sa"),
                props.string("arena.db.password", ""),
                props.integer("arena.db.pool-size", Math.min(parallelism + 4, 32) + cluster.extraConnections()),
                props.longValue("arena.db.connect-timeout-ms", 10_000));
        context.addService(new Closer("arena-db", dataSource::close));
        ArenaDataSource.migrate(dataSource);
        registry.bind("arenaDataSource", dataSource);
        // The decision API and web page (routes/api-*.yaml); refuses to start bound beyond loopback without a token.
        io.camelarena.api.ApiWiring.bind(context, props, dataSource);

        AccountCatalog catalog = new AccountCatalog(props);
        List<AccountSettings> accounts = catalog.sync(dataSource, catalog.declared());
        List<AccountSettings> active = accounts.stream().filter(AccountSettings::active).toList();
        registry.bind("arenaAccounts", accounts);

        ApiKeys apiKeys = new ApiKeys(props::secret);
        // Keys are remembered up front so they are scrubbed even from text produced before the first call, and an
        // active account whose key is missing stops the start-up instead of failing every tick.
        for (AccountSettings a : accounts) {
            boolean hasKey = apiKeys.resolve(a.apiKeyEnv()).isPresent();
            if (a.active() && a.provider().equals("openai") && !hasKey) {
                throw new IllegalStateException("account " + a.name() + " has no API key: set the environment "
                        + "variable " + a.apiKeyEnv() + " (arena.accounts." + a.name() + ".api-key-env) or make the "
                        + "account inactive (arena.accounts." + a.name() + ".active=false)");
            }
        }

        sizeHttpPool(context, props, parallelism);

        ExecutorService decidePool = context.getExecutorServiceManager()
                .newFixedThreadPool(this, "arena-decide", parallelism);
        registry.bind("arenaDecidePool", decidePool);

        // market
        int newsMaxChars = props.integer("arena.market.news.max-chars", 4000);
        MarketSteps marketSteps = new MarketSteps(
                new PriceParser(props.string("arena.market.prices.binance-quote", "USDT")),
                new NewsDigestBuilder(newsMaxChars), symbols,
                props.string("arena.market.prices.provider", "hyperliquid"),
                props.string("arena.market.prices.url", ""));
        registry.bind("marketSteps", marketSteps);
        registry.bind("demoMarketPlayback", new DemoMarketPlayback());
        // venue context, candles and indicators; the snapshot aggregator of all market sources
        MarketWiring.bind(context, props, marketSteps, symbols, clock);

        // decide
        TickLifecycle tickLifecycle = new TickLifecycle(() -> active, clock);
        registry.bind("tickLifecycle", tickLifecycle);
        io.camelarena.tick.TickRecords tickRecords = configureSchedule(context, props, cluster, dataSource,
                tickLifecycle, accounts, clock);
        registry.bind("tickTrigger", new io.camelarena.tick.TickTrigger(tickLifecycle));
        // the prompt: templates (templates/*.ftl), the template of each account
        PromptWiring.Prompts prompts = PromptWiring.create(context, props, symbols, accounts, marketSteps.provider());
        DecisionSteps decisionSteps = new DecisionSteps(
                new PortfolioRepository(dataSource),
                prompts.builder(),
                new ReplyParser(),
                new DecisionValidator(),
                new OrderExecutor(dataSource, props.decimal("arena.trading.taker-fee-rate", new BigDecimal("0.0007"))),
                apiKeys, symbols);
        decisionSteps.promptTemplateOf(prompts.templateOf());
        registry.bind("decisionSteps", decisionSteps);
        registry.bind("modelAnswerMerge", new io.camelarena.agent.ModelAnswerMerge(decisionSteps));

        // model calls
        Optional<URI> bedrockEndpoint = props.optional("arena.model.bedrock.endpoint-override").map(URI::create);
        BedrockClients bedrockClients = new BedrockClients(apiKeys, bedrockEndpoint,
                Duration.ofMillis(props.longValue("arena.model.bedrock.timeout-ms", 60_000)));
        context.addService(new Closer("bedrock-clients", bedrockClients::close));
        ModelLimits modelLimits = new ModelLimits(props::optional);
        registry.bind("modelLimits", modelLimits);
        registry.bind("modelCallSteps", new ModelCallSteps(new OpenAiChat(), new BedrockConverse(), bedrockClients,
                new io.camelarena.model.SimulatedProvider(new SimulatedModel(),
                        props.decimal("arena.model.simulated.failure-rate", BigDecimal.ZERO),
                        props.longValue("arena.model.simulated.slow-answer-ms", 3000)), apiKeys, props::optional));

        // decision log
        registry.bind("decisionLogRows", new DecisionLogRowBuilder(apiKeys));
        // camel-micrometer-prometheus serves the registry bound under this name on /observe/metrics; whichever of
        // us comes first creates it.
        MeterRegistry meters = registry.lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind("metricsRegistry", meters);
        }
        ArenaMetrics metrics = new ArenaMetrics(meters);
        tickLifecycle.onTickEnd(metrics::tickEnded);
        DecisionLogFailures logFailures = new DecisionLogFailures(metrics::logWriteFailed);
        registry.bind("decisionLogFailures", logFailures);

        // monitoring: the application MBean, health checks, start-up summary
        ArenaMonitor monitor = new ArenaMonitor(tickLifecycle, context.createProducerTemplate());
        monitor.logWriteFailures(logFailures::count);
        registry.bind("arenaMonitor", monitor);
        registerMBean(context, monitor);
        if (props.bool("arena.jolokia.enabled", false)) {
            String agentConfig = "host=" + props.string("arena.jolokia.host", "127.0.0.1") + ",port="
                    + props.integer("arena.jolokia.port", 8778) + ",discoveryEnabled=false";
            org.jolokia.jvmagent.JvmAgent.agentmain(agentConfig, null);
            LOG.info("Jolokia (JMX over HTTP) on http://{}:{}/jolokia/", props.string("arena.jolokia.host",
                    "127.0.0.1"), props.integer("arena.jolokia.port", 8778));
        }
        // Clustered, a runtime may run no group for a while: the cluster's last snapshot counts.
        java.util.function.Supplier<java.time.Instant> lastSnapshot = !cluster.enabled() ? monitor::lastSnapshotAt
                : () -> latest(monitor.lastSnapshotAt(), tickRecords.lastSnapshotAt());
        for (HealthCheck check : ArenaHealthChecks.all(dataSource, lastSnapshot,
                Duration.ofMillis(props.longValue("arena.health.max-snapshot-age-ms", 900_000)),
                monitor::getLastRefusedRouteEdit, clock)) {
            registry.bind(check.getId(), check);
        }
        context.addStartupListener(new StartupSummary(new StartupSummary.Facts(
                props.string("arena.schedule.cron", "?") + (props.bool("arena.schedule.tick-on-start", true)
                        && !cluster.enabled()
                        ? " (first tick " + props.longValue("arena.schedule.first-tick-delay-ms", 3000) + " ms after start)"
                        : "") + ", " + cluster.describe(),
                symbols, accounts, ArenaDataSource.redact(dbUrl),
                props.bool("camel.server.enabled", false) ? "http://" + props.string("camel.server.host", "0.0.0.0")
                        + ":" + props.string("camel.server.port", "8080") + " (web page /, the api below, "
                        + "/observe/health, /observe/metrics)" : "off",
                // the API's operations as its OpenAPI document (web/openapi.json) describes them
                props.bool("camel.server.enabled", false) ? io.camelarena.api.ApiDescription.operations().stream()
                        .map(Object::toString).toList() : List.of(),
                jmxDescription(), props.string("arena.market.source", "live"))));
        // audit trail: hash-chained log writes, durable spool, model-call retries (see the io.camelarena.audit docs)
        AuditWiring.bind(context, props, dataSource, apiKeys, logFailures, clock);
        // replays of logged prompts against other models (README "Replay, compare, datasets")
        ReplayWiring.bind(context, props, dataSource, accounts, apiKeys, bedrockClients, parallelism, clock);

        // safe reload of the YAML routes: validated first, applied between ticks
        Path routesDir = props.optional("arena.routes.dir").map(Path::of).orElseGet(() ->
                RouteReloader.directoryOf(props.string("camel.main.routes-include-pattern", "file:routes/*.yaml")));
        RouteReloader routeReloader = new RouteReloader(context, tickLifecycle, routesDir,
                props.bool("arena.routes.reload.enabled", true), props.longValue("arena.routes.reload.poll-ms", 1000),
                clock);
        registry.bind("arenaRouteReloader", routeReloader);
        context.addService(routeReloader);
        // the prompt templates get the same treatment: validated, applied between ticks, a bad edit refused
        var templateReloader = PromptWiring.watch(context, props, prompts, tickLifecycle, clock);
        monitor.routeEdits(() -> String.join("; ", java.util.stream.Stream.of(routeReloader.lastRefusedEditSummary(),
                templateReloader.lastRefusedEditSummary()).filter(s -> !s.isEmpty()).toList()),
                () -> routeReloader.reloadNow() + "; templates: " + templateReloader.reloadNow());

        LOG.info("arena: model-call limits {}", modelLimits.describe());
        LOG.info("arena: database {}, {} symbols {}, {} active of {} accounts {}, decide parallelism {}",
                ArenaDataSource.redact(dbUrl), symbols.size(), symbols, active.size(), accounts.size(),
                active.stream().map(a -> a.name() + "(" + a.provider() + ":" + a.model() + ")").toList(),
                parallelism);
    }

    private static java.time.Instant latest(java.time.Instant a, java.time.Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /**
     * Account groups (one scheduled Quartz job each) and, when arena.cluster.enabled, Quartz's clustered JDBC job
     * store on the arena database (docs/cluster.md). Flyway has created the QRTZ_ tables by now; the scheduler is
     * created later, when the first quartz route starts.
     */
    private static io.camelarena.tick.TickRecords configureSchedule(CamelContext context, ArenaProperties props,
            io.camelarena.cluster.ClusterSettings cluster, HikariDataSource dataSource, TickLifecycle ticks,
            List<AccountSettings> accounts, Clock clock) {
        io.camelarena.tick.TickGroups groups = io.camelarena.tick.TickGroups.of(cluster.groups(), accounts,
                props::optional);
        io.camelarena.tick.TickRecords records = new io.camelarena.tick.TickRecords(dataSource, clock,
                io.camelarena.tick.TickRecords.thisRuntime(), ticks::members);
        ticks.useGroups(groups, records::claim, cluster.enabled());
        // A command (replay) may run beside a runtime on the same database: its RUNNING ticks are not abandoned.
        if (aloneOnDatabase(context, props)) {
            try {
                records.recordAbandoned();
            } catch (java.sql.SQLException e) {
                LOG.warn("ticks left RUNNING by a previous run not checked: {}", e.getMessage());
            }
        }
        context.getRegistry().bind("tickSchedule", new io.camelarena.tick.TickSchedule());
        context.getRegistry().bind("tickRecords", records);

        var quartz = context.getComponent("quartz", org.apache.camel.component.quartz.QuartzComponent.class);
        String storeName = "arena-db-" + Integer.toHexString(System.identityHashCode(dataSource));
        quartz.setProperties(cluster.quartzProperties(storeName));
        if (cluster.enabled()) {
            // The scheduler name is the cluster's name in the QRTZ_ tables: the same on every runtime, as configured.
            quartz.setPrefixInstanceName(false);
            io.camelarena.cluster.PooledConnectionProvider.register(storeName, dataSource);
        }
        context.getManagementStrategy().addEventNotifier(
                new io.camelarena.cluster.GroupJobsStarter(context, "tick-schedule", cluster.groups(), cluster.enabled()));
        LOG.info("arena: schedule {}", cluster.describe());
        return records;
    }

    /**
     * The embedded HTTP server only logs a port it cannot bind and the runtime would run on without its API and
     * health checks (while a client reaches whatever holds the port): refuse to start instead.
     */
    private static void requireFreeHttpPort(ArenaProperties props) {
        if (!props.bool("camel.server.enabled", false)) {
            return;
        }
        String host = props.string("camel.server.host", "0.0.0.0");
        int port = props.integer("camel.server.port", 8080);
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("HTTP port " + host + ":" + port + " is not available (" + e.getMessage()
                    + "); another process holds it: set camel.server.port to a free port");
        }
    }

    private static void registerMBean(CamelContext context, ArenaMonitor monitor) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(ArenaMonitor.OBJECT_NAME);
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(monitor, name);
        context.addService(new Closer("arena-mbean", () -> {
            try {
                server.unregisterMBean(name);
            } catch (Exception e) {
                LOG.debug("arena MBean already unregistered: {}", e.toString());
            }
        }));
    }

    private static String jmxDescription() {
        String port = System.getProperty("com.sun.management.jmxremote.port");
        return ArenaMonitor.OBJECT_NAME + " and org.apache.camel routes in the platform MBean server"
                + (port == null ? " (local attach: jconsole / VisualVM)" : ", remote on port " + port);
    }

    /**
     * camel-http's connection pool (default 20 per host, 200 in all) would queue model calls beyond 20 per provider
     * host: it follows the parallelism unless camel.component.http.connections-per-route / max-total-connections
     * are set.
     */
    private static void sizeHttpPool(CamelContext context, ArenaProperties props, int parallelism) {
        var http = context.getComponent("http", org.apache.camel.component.http.HttpComponent.class);
        if (props.optional("camel.component.http.connections-per-route").isEmpty()) {
            http.setConnectionsPerRoute(Math.max(20, parallelism));
        }
        if (props.optional("camel.component.http.max-total-connections").isEmpty()) {
            http.setMaxTotalConnections(Math.max(200, 2 * parallelism + 8));
        }
    }

    /** Closes a resource when the Camel context stops. */
    private static final class Closer extends ServiceSupport {
        private final String name;
        private final Runnable close;

        Closer(String name, Runnable close) {
            this.name = name;
            this.close = close;
        }

        @Override
        protected void doStop() {
            close.run();
        }

        @Override
        public String toString() {
            return "Closer[" + name + "]";
        }
    }
}
