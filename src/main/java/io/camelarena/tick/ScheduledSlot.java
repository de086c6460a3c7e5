package io.camelarena.tick;

import java.time.Instant;

/**
 * One firing of a group's scheduled job: the group, the cron slot it belongs to (the scheduled, not the actual, fire
 * time, so every runtime names it alike) and whether Quartz fires it again to recover from a runtime that died
 * while running it.
 */
public record ScheduledSlot(int group, Instant slot, boolean recovering) {

    /** {@code 20251125T120000Z-g3}: the same for the slot and group on every runtime of a cluster. */
    public String tickId() {
        return TickLifecycle.ID_TIME.format(slot) + "-g" + group;
    }
}
