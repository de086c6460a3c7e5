package io.camelarena.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.tick.TickSchedule;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;

/** The group jobs on a real (in-memory, never started) Quartz scheduler. */
class GroupJobsTest {

    @DisallowConcurrentExecution
    public static final class StatefulJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
        }
    }

    private static final JobKey BASE = JobKey.jobKey("tick", "arena");
    private Scheduler scheduler;

    @BeforeEach
    void scheduler() throws Exception {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "group-jobs-" + UUID.randomUUID());
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        scheduler = new StdSchedulerFactory(p).getScheduler();
        // What camel-quartz schedules for quartz:arena/tick?cron=...&stateful=true&recoverableJob=true
        scheduler.scheduleJob(JobBuilder.newJob(StatefulJob.class).withIdentity(BASE).requestRecovery()
                        .usingJobData("CamelQuartzEndpoint", "quartz://arena/tick?cron=0+0/5+*+*+*+?").build(),
                TriggerBuilder.newTrigger().withIdentity("tick", "arena")
                        .withSchedule(CronScheduleBuilder.cronSchedule("0 0/5 * * * ?")).build());
    }

    @AfterEach
    void shutdown() throws Exception {
        scheduler.shutdown();
    }

    @Test
    void groupsBeyondZeroAreCopiesOfTheRoutesJobWithTheirGroupNumber() throws Exception {
        List<JobKey> keys = GroupJobs.ensure(scheduler, BASE, 3);

        assertThat(keys).containsExactly(BASE, JobKey.jobKey("tick-g1", "arena"), JobKey.jobKey("tick-g2", "arena"));
        for (int g = 1; g < 3; g++) {
            var job = scheduler.getJobDetail(keys.get(g));
            assertThat(job.getJobClass()).isEqualTo(StatefulJob.class);
            assertThat(job.isConcurrentExecutionDisallowed()).isTrue();
            assertThat(job.requestsRecovery()).isTrue();
            assertThat(job.getJobDataMap().getString("CamelQuartzEndpoint"))
                    .isEqualTo("quartz://arena/tick?cron=0+0/5+*+*+*+?");
            assertThat(job.getJobDataMap().getString(TickSchedule.GROUP_KEY)).isEqualTo(String.valueOf(g));
            var trigger = (CronTrigger) scheduler.getTrigger(TriggerKey.triggerKey("tick-g" + g, "arena"));
            assertThat(trigger.getCronExpression()).isEqualTo("0 0/5 * * * ?");
            assertThat(trigger.getJobKey()).isEqualTo(keys.get(g));
        }
        // Idempotent: a second runtime (or a restart) finds them.
        assertThat(GroupJobs.ensure(scheduler, BASE, 3)).isEqualTo(keys);
        assertThat(scheduler.getJobKeys(org.quartz.impl.matchers.GroupMatcher.jobGroupEquals("arena"))).hasSize(3);
    }

    @Test
    void aChangedCronReachesEveryGroupAndFewerGroupsDeleteTheRest() throws Exception {
        GroupJobs.ensure(scheduler, BASE, 4);
        scheduler.rescheduleJob(TriggerKey.triggerKey("tick", "arena"), TriggerBuilder.newTrigger()
                .withIdentity("tick", "arena").forJob(BASE)
                .withSchedule(CronScheduleBuilder.cronSchedule("0/30 * * * * ?")).build());

        GroupJobs.ensure(scheduler, BASE, 2);

        assertThat(((CronTrigger) scheduler.getTrigger(TriggerKey.triggerKey("tick-g1", "arena")))
                .getCronExpression()).isEqualTo("0/30 * * * * ?");
        assertThat(scheduler.checkExists(JobKey.jobKey("tick-g2", "arena"))).isFalse();
        assertThat(scheduler.checkExists(JobKey.jobKey("tick-g3", "arena"))).isFalse();
        assertThat(scheduler.checkExists(BASE)).isTrue();
    }
}
