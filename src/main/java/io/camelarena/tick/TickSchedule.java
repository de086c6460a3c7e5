package io.camelarena.tick;

import java.time.Instant;
import java.util.Date;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.Trigger;

/** Reads which group and slot a scheduled Quartz firing is (the tick-schedule route passes its quartz headers). */
public final class TickSchedule {

    /** Job data key naming a group job's group; the route's own job (no such key) is group 0. */
    public static final String GROUP_KEY = "arenaGroup";

    public ScheduledSlot slot(JobDetail job, Trigger trigger, Date scheduledFireTime) {
        return slot(job, trigger, scheduledFireTime, null);
    }

    /**
     * @param fireTime when Quartz actually fired it; a firing whose trigger's next fire time is not after it is
     *                 superseded (a later slot of the same group is already due)
     */
    public ScheduledSlot slot(JobDetail job, Trigger trigger, Date scheduledFireTime, Date fireTime) {
        int group = 0;
        Object value = job == null ? null : job.getJobDataMap().get(GROUP_KEY);
        if (value != null) {
            group = Integer.parseInt(value.toString());
        }
        // Quartz fires a job that requests recovery under a one-shot trigger of this group, carrying the original
        // trigger's scheduled fire time, when the runtime that ran it stopped checking in.
        if (trigger != null && Scheduler.DEFAULT_RECOVERY_GROUP.equals(trigger.getKey().getGroup())) {
            String original = trigger.getJobDataMap()
                    .getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
            Instant slot = original != null ? Instant.ofEpochMilli(Long.parseLong(original))
                    : scheduledFireTime.toInstant();
            return new ScheduledSlot(group, slot, true);
        }
        boolean superseded = fireTime != null && trigger != null && trigger.getNextFireTime() != null
                && !trigger.getNextFireTime().after(fireTime);
        return new ScheduledSlot(group, scheduledFireTime.toInstant(), false, superseded);
    }
}
