package io.camelarena.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    private static ClusterSettings settings(boolean enabled, int groups) {
        return new ClusterSettings(enabled, groups, 2000, 30_000, "AUTO", "arena-prod", 5000, Math.max(groups + 2, 4));
    }

    @Test
    void offIsTheInMemoryStore() {
        Properties p = settings(false, 1).quartzProperties("ds");
        assertThat(p).containsEntry("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore")
                .containsEntry("org.quartz.jobStore.misfireThreshold", "30000")
                .containsEntry("org.quartz.threadPool.threadCount", "4")
                .doesNotContainKey("org.quartz.jobStore.isClustered")
                .doesNotContainKey("org.quartz.jobStore.dataSource");
        assertThat(settings(false, 1).extraConnections()).isZero();
    }

    @Test
    void onIsTheClusteredJdbcStoreOnTheNamedConnectionProvider() {
        Properties p = settings(true, 8).quartzProperties("arena-db-1");
        assertThat(p).containsEntry("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX")
                .containsEntry("org.quartz.jobStore.driverDelegateClass",
                        "org.quartz.impl.jdbcjobstore.StdJDBCDelegate")
                .containsEntry("org.quartz.jobStore.isClustered", "true")
                .containsEntry("org.quartz.jobStore.dataSource", "arena-db-1")
                .containsEntry("org.quartz.jobStore.tablePrefix", "QRTZ_")
                .containsEntry("org.quartz.jobStore.clusterCheckinInterval", "2000")
                .containsEntry("org.quartz.scheduler.instanceName", "arena-prod")
                .containsEntry("org.quartz.scheduler.instanceId", "AUTO")
                .containsEntry("org.quartz.scheduler.idleWaitTime", "5000")
                // every group of a slot can run at once on one runtime (after a failover: all of them)
                .containsEntry("org.quartz.threadPool.threadCount", "10");
        assertThat(settings(true, 8).extraConnections()).isPositive();
    }

    @Test
    void badValuesAreRefusedWithTheirKey() {
        assertThatThrownBy(() -> settings(true, 0)).hasMessageContaining("arena.cluster.groups");
        assertThatThrownBy(() -> new ClusterSettings(true, 1, 10, 1000, "AUTO", "x", 5000, 4))
                .hasMessageContaining("arena.cluster.checkin-interval-ms");
        assertThatThrownBy(() -> new ClusterSettings(true, 1, 1000, 1000, "AUTO", "x", 500, 4))
                .hasMessageContaining("arena.cluster.idle-wait-ms");
        assertThatThrownBy(() -> new ClusterSettings(true, 1, 1000, 1000, "AUTO", " ", 5000, 4))
                .hasMessageContaining("arena.cluster.scheduler-name");
        assertThat(new ClusterSettings(true, 1, 1000, 1000, "", "x", 5000, 4).instanceId()).isEqualTo("AUTO");
    }
}
