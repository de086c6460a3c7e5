package io.camelarena.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * {@link ScheduledGroupTicksRouteTest} with clustering on, on H2: Quartz's JDBC job store on the H2 tables of the V3
 * migration, through the arena's own connection pool.
 */
class ScheduledGroupTicksClusteredH2Test extends ScheduledGroupTicksRouteTest {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("arena.cluster.enabled", "true");
        p.put("arena.cluster.checkin-interval-ms", "1000");
        p.put("arena.cluster.idle-wait-ms", "1000");
        return p;
    }

    @Test
    void theSchedulerIsClusteredOnTheArenaDatabase() throws Exception {
        assertThat(query("SELECT instance_name FROM QRTZ_SCHEDULER_STATE")).hasSize(1);
        assertThat(query("SELECT job_name FROM QRTZ_JOB_DETAILS WHERE job_group = 'arena'"))
                .extracting(r -> r.get("job_name")).contains("tick", "tick-g1", "tick-g2");
    }
}
