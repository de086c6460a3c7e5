package io.camelarena.tick;

import java.time.Instant;

/**
 * One firing of a group's scheduled job: the group, the cron slot it belongs to (the scheduled, not the actual, fire
 * time, so every runtime names it alike), whether Quartz fires it again to recover from a runtime that died while
 * running it, and whether it is superseded: fired so late that the group's next slot was already due (slots caught up
 * after a failover or a pause), so only the latest due slot decides.
 */
public record ScheduledSlot(int group, Instant slot, boolean recovering, boolean superseded) {

    public ScheduledSlot(int group, Instant slot, boolean recovering) {
        this(group, slot, recovering, false);
    }

    /** {@code 20251125T120000Z-g3}: the same for the slot and group on every runtime of a cluster. */
    public String tickId() {
        return TickLifecycle.ID_TIME.format(slot) + "-g" + group;
    }
}
