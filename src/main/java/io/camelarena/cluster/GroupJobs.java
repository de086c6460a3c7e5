package io.camelarena.cluster;

import io.camelarena.tick.TickSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Quartz job per account group. Group 0 is the job camel-quartz schedules for the tick-schedule route; groups 1
 * to n-1 are copies of it ({@code <name>-g<k>}: same job class, so the same stateful and recoverable Camel job firing
 * the same route, same cron) that carry their group number in the job data ({@link TickSchedule#GROUP_KEY}). In a
 * clustered store the jobs are shared: whichever runtime comes first creates them, the others find them.
 */
public final class GroupJobs {

    private static final Logger LOG = LoggerFactory.getLogger(GroupJobs.class);

    private GroupJobs() {
    }

    public static JobKey jobKey(JobKey base, int group) {
        return group == 0 ? base : JobKey.jobKey(base.getName() + "-g" + group, base.getGroup());
    }

    /**
     * Creates the jobs of groups 1 to {@code groups - 1} that are missing, gives existing ones the base job's data and
     * cron when those changed, and deletes jobs of groups beyond the count.
     *
     * @return the job keys of all groups, group 0 first
     */
    public static List<JobKey> ensure(Scheduler scheduler, JobKey base, int groups) throws SchedulerException {
        JobDetail baseJob = scheduler.getJobDetail(base);
        Trigger baseTrigger = scheduler.getTrigger(TriggerKey.triggerKey(base.getName(), base.getGroup()));
        if (baseJob == null || baseTrigger == null) {
            throw new SchedulerException("the group 0 job " + base + " is not scheduled");
        }
        List<JobKey> keys = new ArrayList<>(List.of(base));
        for (int group = 1; group < groups; group++) {
            JobKey key = jobKey(base, group);
            keys.add(key);
            TriggerKey triggerKey = TriggerKey.triggerKey(key.getName(), key.getGroup());
            JobDetail job = baseJob.getJobBuilder().withIdentity(key).usingJobData(TickSchedule.GROUP_KEY,
                    String.valueOf(group)).build();
            Trigger trigger = baseTrigger.getTriggerBuilder().withIdentity(triggerKey).forJob(key).startNow().build();
            JobDetail existing = scheduler.getJobDetail(key);
            if (existing == null) {
                try {
                    scheduler.scheduleJob(job, trigger);
                    LOG.info("scheduled job {} for account group {}", key, group);
                } catch (ObjectAlreadyExistsException e) {
                    LOG.debug("job {} was scheduled by another runtime meanwhile", key);
                }
                continue;
            }
            if (!existing.getJobDataMap().equals(job.getJobDataMap())
                    || !existing.getJobClass().equals(job.getJobClass())) {
                scheduler.addJob(job, true, true);
                LOG.info("job {} of account group {} updated", key, group);
            }
            Trigger current = scheduler.getTrigger(triggerKey);
            if (current == null) {
                scheduler.scheduleJob(trigger);
            } else if (!sameSchedule(current, baseTrigger)) {
                scheduler.rescheduleJob(triggerKey, trigger);
                LOG.info("job {} of account group {} rescheduled like {}", key, group, base);
            }
        }
        for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(base.getGroup()))) {
            String prefix = base.getName() + "-g";
            if (key.getName().startsWith(prefix)) {
                String suffix = key.getName().substring(prefix.length());
                if (suffix.matches("\\d+") && Integer.parseInt(suffix) >= groups) {
                    scheduler.deleteJob(key);
                    LOG.info("job {} deleted: there are {} account groups now", key, groups);
                }
            }
        }
        return keys;
    }

    private static boolean sameSchedule(Trigger a, Trigger b) {
        if (a instanceof CronTrigger ca && b instanceof CronTrigger cb) {
            return ca.getCronExpression().equals(cb.getCronExpression())
                    && Objects.equals(ca.getTimeZone(), cb.getTimeZone())
                    && ca.getMisfireInstruction() == cb.getMisfireInstruction();
        }
        return a.getClass().equals(b.getClass()) && a.getMisfireInstruction() == b.getMisfireInstruction();
    }
}
