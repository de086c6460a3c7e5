package io.camelarena.app;

import io.camelarena.account.AccountSettings;
import io.camelarena.api.ApiDescription;
import io.camelarena.audit.DecisionLogFailures;
import io.camelarena.cluster.ClusterSettings;
import io.camelarena.config.ArenaDataSource;
import io.camelarena.config.HttpServerSettings;
import io.camelarena.monitor.ArenaHealthChecks;
import io.camelarena.monitor.ArenaMetrics;
import io.camelarena.monitor.ArenaMonitor;
import io.camelarena.monitor.StartupSummary;
import io.camelarena.runtime.RouteSet;
import io.camelarena.prompt.PromptTemplateReloader;
import io.camelarena.runtime.RouteReloader;
import io.camelarena.tick.TickLifecycle;
import io.camelarena.tick.TickRecords;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Monitoring: metrics, the application MBean, health checks, Jolokia and the start-up summary. */
public class MonitorConfiguration extends StageConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorConfiguration.class);

    /**
     * camel-micrometer-prometheus serves the registry bound under this name on /observe/metrics; whichever of us
     * comes first creates it.
     */
    @BindToRegistry("metricsRegistry")
    public MeterRegistry metricsRegistry() {
        return once("metricsRegistry", () -> {
            MeterRegistry existing = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
            return existing != null ? existing : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        });
    }

    @BindToRegistry("arenaMetrics")
    public ArenaMetrics metrics() {
        return once("arenaMetrics", () -> new ArenaMetrics(metricsRegistry()));
    }

    @BindToRegistry("arenaMonitor")
    public ArenaMonitor monitor(@BeanInject("tickLifecycle") TickLifecycle ticks) {
        return new ArenaMonitor(ticks, context.createProducerTemplate());
    }

    /** Connects what the monitor watches (bound by the stages after this one too) and publishes it. */
    @Override
    public void configure(CamelContext camelContext) throws Exception {
        ArenaMonitor monitor = bean("arenaMonitor", ArenaMonitor.class);
        ClusterSettings cluster = bean("arenaCluster", ClusterSettings.class);
        bean("tickLifecycle", TickLifecycle.class).onTickEnd(metrics()::tickEnded);
        monitor.logWriteFailures(bean("decisionLogFailures", DecisionLogFailures.class)::count);
        RouteReloader routeReloader = bean("arenaRouteReloader", RouteReloader.class);
        // a refused prompt template edit is reported where a refused route edit is (JMX, health check)
        PromptTemplateReloader templateReloader = bean("arenaTemplateReloader", PromptTemplateReloader.class);
        monitor.routeEdits(() -> String.join("; ", java.util.stream.Stream.of(routeReloader.lastRefusedEditSummary(),
                templateReloader.lastRefusedEditSummary()).filter(s -> !s.isEmpty()).toList()),
                () -> routeReloader.reloadNow() + "; templates: " + templateReloader.reloadNow());
        registerMBean(ArenaMonitor.OBJECT_NAME, monitor);

        if (props.bool("arena.jolokia.enabled")) {
            String host = props.string("arena.jolokia.host");
            int port = props.integer("arena.jolokia.port");
            org.jolokia.jvmagent.JvmAgent.agentmain("host=" + host + ",port=" + port + ",discoveryEnabled=false", null);
            LOG.info("Jolokia (JMX over HTTP) on http://{}:{}/jolokia/", host, port);
        }

        // Clustered, a runtime may run no group for a while: the cluster's last snapshot counts.
        TickRecords tickRecords = bean("tickRecords", TickRecords.class);
        Supplier<Instant> lastSnapshot = !cluster.enabled() ? monitor::lastSnapshotAt
                : () -> latest(monitor.lastSnapshotAt(), tickRecords.lastSnapshotAt());
        for (HealthCheck check : ArenaHealthChecks.all(bean("arenaDataSource", DataSource.class), lastSnapshot,
                Duration.ofMillis(props.longValue("arena.health.max-snapshot-age-ms")),
                monitor::getLastRefusedRouteEdit, CLOCK)) {
            camelContext.getRegistry().bind(check.getId(), check);
        }

        @SuppressWarnings("unchecked")
        List<String> symbols = bean("arenaSymbols", List.class);
        @SuppressWarnings("unchecked")
        List<AccountSettings> accounts = bean("arenaAccounts", List.class);
        List<AccountSettings> active = accounts.stream().filter(AccountSettings::active).toList();
        HttpServerSettings server = bean("arenaHttpServer", HttpServerSettings.class);
        String database = ArenaDataSource.redact(props.string("arena.db.url"));
        camelContext.addStartupListener(new StartupSummary(new StartupSummary.Facts(
                props.string("arena.schedule.cron") + (props.bool("arena.schedule.tick-on-start") && !cluster.enabled()
                        ? " (first tick " + props.longValue("arena.schedule.first-tick-delay-ms") + " ms after start)"
                        : "") + ", " + cluster.describe(),
                symbols, accounts, database,
                server.enabled() ? server.url() + " (web page /, the api below, /observe/health, /observe/metrics)"
                        : "off",
                // the API's operations as its OpenAPI document (web/openapi.json) describes them
                server.enabled() ? ApiDescription.operations().stream().map(Object::toString).toList() : List.of(),
                jmxDescription(), RouteSet.configured(props::optional).describe())));
        LOG.info("arena: database {}, {} symbols {}, {} active of {} accounts {}, decide parallelism {}", database,
                symbols.size(), symbols, active.size(), accounts.size(),
                active.stream().map(a -> a.name() + "(" + a.provider() + ":" + a.model() + ")").toList(),
                props.integer("arena.decide.parallelism"));
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static String jmxDescription() {
        return ArenaMonitor.jmxDescription(System::getProperty);
    }
}
