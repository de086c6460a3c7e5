package io.camelarena.cluster;

import io.camelarena.config.ArenaProperties;
import java.util.Properties;

/**
 * The {@code arena.cluster.*} settings and the Quartz properties they make. Off (the default): Quartz's in-memory
 * job store, every runtime schedules on its own. On: Quartz's JDBC job store, clustered through the QRTZ_ tables of
 * the arena database, so that each group's job fires once per slot on exactly one runtime.
 *
 * @param enabled          arena.cluster.enabled
 * @param groups           arena.cluster.groups: account groups, one scheduled job each
 * @param checkinIntervalMs arena.cluster.checkin-interval-ms: how often a runtime checks in (and checks the others)
 * @param misfireThresholdMs arena.cluster.misfire-threshold-ms: how late a firing may be before it counts as missed
 * @param instanceId       arena.cluster.instance-id: AUTO (host name and start time) or a name unique in the cluster
 * @param schedulerName    arena.cluster.scheduler-name: the same on every runtime of one cluster (QRTZ_ SCHED_NAME)
 * @param idleWaitMs       arena.cluster.idle-wait-ms: how long an idle runtime waits before it looks for due jobs
 *                         again (Quartz wakes a runtime early only for its own jobs: this is how the others get theirs)
 * @param threads          Quartz worker threads: every group of a slot (after failover, all of them) can run at once
 */
public record ClusterSettings(boolean enabled, int groups, long checkinIntervalMs, long misfireThresholdMs,
        String instanceId, String schedulerName, long idleWaitMs, int threads) {

    public ClusterSettings {
        if (groups < 1) {
            throw new IllegalStateException("arena.cluster.groups must be at least 1, was " + groups);
        }
        if (checkinIntervalMs < 100) {
            throw new IllegalStateException("arena.cluster.checkin-interval-ms must be at least 100, was "
                    + checkinIntervalMs);
        }
        if (misfireThresholdMs < 1) {
            throw new IllegalStateException("arena.cluster.misfire-threshold-ms must be positive, was "
                    + misfireThresholdMs);
        }
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = "AUTO";
        }
        if (idleWaitMs < 1000) {
            throw new IllegalStateException("arena.cluster.idle-wait-ms must be at least 1000 (Quartz's minimum), was "
                    + idleWaitMs);
        }
        if (schedulerName == null || schedulerName.isBlank()) {
            throw new IllegalStateException("arena.cluster.scheduler-name must not be empty");
        }
    }

    public static ClusterSettings from(ArenaProperties props) {
        int groups = props.integer("arena.cluster.groups");
        return new ClusterSettings(props.bool("arena.cluster.enabled"), groups,
                props.longValue("arena.cluster.checkin-interval-ms"),
                props.longValue("arena.cluster.misfire-threshold-ms"),
                props.string("arena.cluster.instance-id"),
                props.string("arena.cluster.scheduler-name"),
                props.longValue("arena.cluster.idle-wait-ms"),
                // group jobs plus retention, plus one spare
                Math.max(groups + 2, 4));
    }

    /** The scheduler's properties; {@code dataSourceName} names the ConnectionProvider registered for the store. */
    public Properties quartzProperties(String dataSourceName) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(threads));
        p.setProperty("org.quartz.threadPool.threadsInheritContextClassLoaderOfInitializingThread", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(misfireThresholdMs));
        if (!enabled) {
            p.setProperty("org.quartz.scheduler.instanceName", "DefaultQuartzScheduler");
            p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
            return p;
        }
        p.setProperty("org.quartz.scheduler.instanceName", schedulerName);
        p.setProperty("org.quartz.scheduler.instanceId", instanceId);
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.scheduler.idleWaitTime", String.valueOf(idleWaitMs));
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinIntervalMs));
        // Trigger acquisition and release under the QRTZ_LOCKS row lock: the safe choice for a cluster.
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        return p;
    }

    /** Extra database connections Quartz needs from the shared pool (scheduler thread, cluster and misfire checks). */
    public int extraConnections() {
        return enabled ? 4 : 0;
    }

    public String describe() {
        return enabled ? "clustered (Quartz JDBC job store '" + schedulerName + "', instance " + instanceId + ", "
                + groups + " account group(s), check-in every " + checkinIntervalMs + " ms)"
                : "single runtime (" + groups + " account group(s), in-memory Quartz job store)";
    }
}
