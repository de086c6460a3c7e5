package io.camelarena.app;

import io.camelarena.account.AccountSettings;
import io.camelarena.cluster.ClusterSettings;
import io.camelarena.cluster.GroupJobsStarter;
import io.camelarena.cluster.PooledConnectionProvider;
import io.camelarena.execution.FillPricers;
import io.camelarena.execution.PositionWatcher;
import io.camelarena.market.VenueSteps;
import io.camelarena.tick.PositionWatchSteps;
import io.camelarena.tick.TickGroups;
import io.camelarena.tick.TickLifecycle;
import io.camelarena.tick.TickRecords;
import io.camelarena.tick.TickSchedule;
import io.camelarena.tick.TickTrigger;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ticks: their lifecycle (one at a time per group, paused, between-tick tasks), their rows, the triggers, and the
 * schedule: account groups (one scheduled Quartz job each) and, when arena.cluster.enabled, Quartz's clustered JDBC
 * job store on the arena database (docs/cluster.md).
 */
public class TickConfiguration extends StageConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(TickConfiguration.class);

    @BindToRegistry("tickLifecycle")
    public TickLifecycle tickLifecycle(@BeanInject("arenaAccounts") List<AccountSettings> accounts) {
        return once("tickLifecycle", () -> {
            List<AccountSettings> active = accounts.stream().filter(AccountSettings::active).toList();
            return new TickLifecycle(() -> active, CLOCK);
        });
    }

    /** The ticks' rows; scheduled ticks run one account group each and claim their slot in these rows. */
    @BindToRegistry("tickRecords")
    public TickRecords tickRecords(@BeanInject("arenaDataSource") DataSource dataSource,
            @BeanInject("arenaAccounts") List<AccountSettings> accounts,
            @BeanInject("arenaCluster") ClusterSettings cluster) {
        TickLifecycle ticks = tickLifecycle(accounts);
        TickRecords records = new TickRecords(dataSource, CLOCK, TickRecords.thisRuntime(), ticks::members);
        ticks.useGroups(TickGroups.of(cluster.groups(), accounts, props::optional), records::claim, cluster.enabled());
        return records;
    }

    @BindToRegistry("tickTrigger")
    public TickTrigger tickTrigger(@BeanInject("arenaAccounts") List<AccountSettings> accounts) {
        return new TickTrigger(tickLifecycle(accounts));
    }

    /** The ledger between decisions: before each tick's decisions and between ticks (watch-positions). */
    @BindToRegistry("positionWatchSteps")
    public PositionWatchSteps positionWatchSteps(@BeanInject("arenaAccounts") List<AccountSettings> accounts,
            @BeanInject("arenaDataSource") DataSource dataSource, @BeanInject("venueSteps") VenueSteps venue,
            @BeanInject("fillPricers") FillPricers fillPricers) {
        props.integerAtLeast("arena.trading.watch-interval-ms", 1000);
        return new PositionWatchSteps(new PositionWatcher(dataSource, props.decimal("arena.trading.taker-fee-rate")),
                venue, tickLifecycle(accounts), fillPricers, CLOCK);
    }

    @BindToRegistry("tickSchedule")
    public TickSchedule tickSchedule() {
        return new TickSchedule();
    }

    /**
     * Flyway has created the QRTZ_ tables by now; the scheduler is created later, when the first quartz route starts,
     * with the properties set here.
     */
    @Override
    public void configure(CamelContext camelContext) {
        ClusterSettings cluster = bean("arenaCluster", ClusterSettings.class);
        DataSource dataSource = bean("arenaDataSource", DataSource.class);
        // A command (replay) may run beside a runtime on the same database: its RUNNING ticks are not abandoned.
        if (ArenaConfiguration.aloneOnDatabase(camelContext, cluster)) {
            try {
                bean("tickRecords", TickRecords.class).recordAbandoned();
            } catch (SQLException e) {
                LOG.warn("ticks left RUNNING by a previous run not checked: {}", e.getMessage());
            }
        }
        QuartzComponent quartz = camelContext.getComponent("quartz", QuartzComponent.class);
        String storeName = "arena-db-" + Integer.toHexString(System.identityHashCode(dataSource));
        quartz.setProperties(cluster.quartzProperties(storeName));
        if (cluster.enabled()) {
            // The scheduler name is the cluster's name in the QRTZ_ tables: the same on every runtime, as configured.
            quartz.setPrefixInstanceName(false);
            PooledConnectionProvider.register(storeName, dataSource);
        }
        camelContext.getManagementStrategy().addEventNotifier(
                new GroupJobsStarter(camelContext, "tick-schedule", cluster.groups(), cluster.enabled()));
        // the position watcher's jobs, one per group like the ticks' (its standby on stop is the same scheduler's)
        camelContext.getManagementStrategy().addEventNotifier(
                new GroupJobsStarter(camelContext, "watch-schedule", cluster.groups(), false));
        LOG.info("arena: schedule {}", cluster.describe());
    }
}
