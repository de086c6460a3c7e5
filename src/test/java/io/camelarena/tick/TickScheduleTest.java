package io.camelarena.tick;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.JobDetailImpl;
import org.quartz.impl.triggers.CronTriggerImpl;

class TickScheduleTest {

    private final TickSchedule schedule = new TickSchedule();
    private static final Instant SLOT = Instant.parse("2025-11-25T12:05:00Z");

    private static JobDetail job(String name, Integer group) {
        JobBuilder builder = JobBuilder.newJob(org.quartz.Job.class).withIdentity(name, "arena");
        if (group != null) {
            builder.usingJobData(TickSchedule.GROUP_KEY, String.valueOf(group));
        }
        return builder.build();
    }

    @Test
    void theRoutesOwnJobIsGroupZeroAndTheSlotIsTheScheduledTime() {
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity("tick", "arena").build();
        ScheduledSlot slot = schedule.slot(job("tick", null), trigger, Date.from(SLOT));
        assertThat(slot).isEqualTo(new ScheduledSlot(0, SLOT, false));
        assertThat(slot.tickId()).isEqualTo("20251125T120500Z-g0");
    }

    @Test
    void aGroupJobCarriesItsGroup() {
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity("tick-g3", "arena").build();
        assertThat(schedule.slot(job("tick-g3", 3), trigger, Date.from(SLOT)).tickId())
                .isEqualTo("20251125T120500Z-g3");
    }

    @Test
    void aRecoveryFiringNamesTheSlotTheDeadRuntimeWasRunning() {
        // What Quartz's cluster manager builds for a job that requests recovery (JobStoreSupport.clusterRecover).
        Trigger recovery = TriggerBuilder.newTrigger().withIdentity("recover_b_1234", Scheduler.DEFAULT_RECOVERY_GROUP)
                .usingJobData(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_NAME, "tick-g2")
                .usingJobData(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_GROUP, "arena")
                .usingJobData(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS,
                        String.valueOf(SLOT.toEpochMilli()))
                .build();
        ScheduledSlot slot = schedule.slot(job("tick-g2", 2), recovery, Date.from(SLOT.plusSeconds(9)));
        assertThat(slot).isEqualTo(new ScheduledSlot(2, SLOT, true));
        assertThat(slot.tickId()).isEqualTo("20251125T120500Z-g2");
    }

    @Test
    void aFiringAfterTheGroupsNextSlotWasDueIsSuperseded() {
        // Slots missed during a failover are fired back to back; each but the latest already has its next slot due.
        CronTriggerImpl trigger = new CronTriggerImpl();
        trigger.setName("tick-g1");
        trigger.setGroup("arena");
        trigger.setNextFireTime(Date.from(SLOT.plusSeconds(5)));
        assertThat(schedule.slot(job("tick-g1", 1), trigger, Date.from(SLOT), Date.from(SLOT.plusSeconds(14)))
                .superseded()).isTrue();
        assertThat(schedule.slot(job("tick-g1", 1), trigger, Date.from(SLOT), Date.from(SLOT.plusSeconds(5)))
                .superseded()).isTrue();

        trigger.setNextFireTime(Date.from(SLOT.plusSeconds(15)));
        ScheduledSlot latest = schedule.slot(job("tick-g1", 1), trigger, Date.from(SLOT.plusSeconds(10)),
                Date.from(SLOT.plusSeconds(14)));
        assertThat(latest.superseded()).isFalse();
        assertThat(latest.tickId()).isEqualTo("20251125T120510Z-g1");
    }

    @Test
    void aJobWithoutDataIsGroupZero() {
        JobDetailImpl bare = new JobDetailImpl();
        bare.setName("tick");
        bare.setGroup("arena");
        bare.setJobClass(org.quartz.Job.class);
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity("tick", "arena").build();
        assertThat(schedule.slot(bare, trigger, Date.from(SLOT)).group()).isZero();
    }
}
