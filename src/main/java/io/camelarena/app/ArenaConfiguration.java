package io.camelarena.app;

import io.camelarena.cluster.ClusterSettings;
import java.util.List;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;

/**
 * The arena's wiring: one Camel Main configuration class per stage, each binding its beans under the names the YAML
 * routes use. Every setting is read from application.properties (or its overrides), where each default is.
 *
 * <p>How Camel Main (4.17) runs them, and what the order below relies on:
 * <ol>
 * <li>It post-processes the configurations in the order they were added: for each, its {@code @BindToRegistry}
 * methods are called and their results bound (a failure stops the start-up there). Parameters are resolved from the
 * registry: {@code @BeanInject("name")} by name, so a stage uses only beans of stages above it in {@link #all()}.
 * Within one class Camel orders the methods itself (a first pass for methods returning {@code java.*} types, then by
 * parameter count), so beans of one stage that need each other are made through {@link StageConfiguration#once}.</li>
 * <li>Then it calls every configuration's {@code configure(CamelContext)}, in the same order, after all stages have
 * bound their beans: component settings, services, listeners and MBeans, nothing another stage binds from.</li>
 * </ol>
 * They are added as instances: a configuration added as a class is post-processed twice (once when Camel's
 * injector creates it, once with the instances), so each of its beans would be made twice.
 */
public final class ArenaConfiguration {

    /** Bound (to the command's name) when the runtime is started by a command such as replay, not as the runtime. */
    public static final String COMMAND_BEAN = "arenaCommand";

    private ArenaConfiguration() {
    }

    /**
     * The stages' configurations in wiring order: the database is migrated before the accounts are synced into it,
     * the HTTP port is checked before anything is opened, and every stage comes after the stages whose beans it uses.
     */
    public static List<CamelConfiguration> all() {
        return List.of(
                new RuntimeConfiguration(),
                new DatabaseConfiguration(),
                new ModelConfiguration(),
                new TelemetryConfiguration(),
                new AccountConfiguration(),
                new MarketConfiguration(),
                new VenueConfiguration(),
                new SlippageConfiguration(),
                new TickConfiguration(),
                new PromptConfiguration(),
                new AgentConfiguration(),
                new MonitorConfiguration(),
                new AuditConfiguration(),
                new ReplayConfiguration(),
                new ApiConfiguration(),
                new RoutesConfiguration());
    }

    /** Adds new instances of {@link #all()} to a Camel Main's configuration. */
    public static void addTo(MainConfigurationProperties main) {
        all().forEach(main::addConfiguration);
    }

    /** The command that started this runtime (e.g. "replay"), or null when it runs as the runtime. */
    static String command(CamelContext context) {
        Object command = context.getRegistry().lookupByName(COMMAND_BEAN);
        return command == null ? null : command.toString();
    }

    /**
     * Whether this is the only runtime on its database, so what it finds RUNNING there was left by a process that
     * died: not clustered, and not a command (which may run beside a runtime).
     */
    static boolean aloneOnDatabase(CamelContext context, ClusterSettings cluster) {
        return !cluster.enabled() && command(context) == null;
    }
}
