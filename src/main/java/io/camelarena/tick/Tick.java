package io.camelarena.tick;

import io.camelarena.agent.DecisionRecord;
import io.camelarena.market.MarketSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One run of the decision flow for all active accounts, or for one account group (a scheduled group tick). */
public final class Tick {

    public enum Status { RUNNING, COMPLETED, SKIPPED, PAUSED, FAILED }

    private final String id;
    private final String trigger;
    private final Instant startedAt;
    private final int group;
    private volatile Instant finishedAt;
    private volatile Status status = Status.RUNNING;
    private volatile String detail;
    private volatile MarketSnapshot snapshot;
    private volatile List<DecisionRecord> decisions = List.of();

    Tick(String id, String trigger, Instant startedAt) {
        this(id, trigger, startedAt, ALL_GROUPS);
    }

    Tick(String id, String trigger, Instant startedAt, int group) {
        this.id = id;
        this.trigger = trigger;
        this.startedAt = startedAt;
        this.group = group;
    }

    /** {@link #group()} of a tick that decides every active account (start-up, manual and HTTP ticks). */
    public static final int ALL_GROUPS = -1;

    void snapshot(MarketSnapshot value) { snapshot = value; }
    void decisions(List<DecisionRecord> value) { decisions = List.copyOf(value); }

    void skip(String why) {
        status = Status.SKIPPED;
        detail = why;
    }

    void pause(String why) {
        status = Status.PAUSED;
        detail = why;
    }

    void fail(String why) {
        status = Status.FAILED;
        detail = why;
    }

    void finish(Instant at) {
        finishedAt = at;
        if (status == Status.RUNNING) {
            status = Status.COMPLETED;
        }
    }

    public String id() { return id; }
    public String trigger() { return trigger; }
    public Instant startedAt() { return startedAt; }
    public int group() { return group; }
    public Instant finishedAt() { return finishedAt; }
    public Status status() { return status; }
    public String detail() { return detail; }
    public MarketSnapshot snapshot() { return snapshot; }
    public List<DecisionRecord> decisions() { return decisions; }

    public long durationMs() {
        return finishedAt == null ? 0 : Duration.between(startedAt, finishedAt).toMillis();
    }
}
