package io.camelarena.tick;

import io.camelarena.account.AccountSettings;
import io.camelarena.agent.DecisionRecord;
import io.camelarena.agent.DecisionStatus;
import io.camelarena.market.MarketSnapshot;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start and end of a tick: an id per tick, the accounts to decide, and one summary line and one market_ticks row per
 * tick, also for ticks that were skipped. The guard: a tick of all accounts (start-up, manual, HTTP) runs alone;
 * scheduled group ticks (one Quartz job per account group, {@link TickGroups}) run side by side, but never two of the
 * same group and never beside a tick of all accounts; and a task between ticks (route reload) runs while none runs.
 */
public final class TickLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(TickLifecycle.class);
    static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private static final String ALL = "all";
    // A task between ticks takes every permit, a tick one.
    private static final int PERMITS = 1 << 16;

    // Not a lock: a tick ends on whichever thread finished its last account, not the one that started it. Keyed by
    // "all" or "g<group>"; changed only while holding this map's monitor.
    private final Map<String, Tick> running = new LinkedHashMap<>();
    // A permit is held by each running tick (begin to end); a task between ticks (runBetweenTicks) holds all. A
    // semaphore has no owner thread, so the tick may release it from another thread than the one that acquired it.
    private final Semaphore gate = new Semaphore(PERMITS, true);
    private final AtomicLong sequence = new AtomicLong();
    private final Supplier<List<AccountSettings>> activeAccounts;
    private final Clock clock;
    private final List<Consumer<Tick>> endListeners = new CopyOnWriteArrayList<>();
    private volatile boolean paused;
    private volatile TickGroups groups = TickGroups.single();
    private volatile Predicate<Tick> claim = tick -> true;
    private volatile boolean clustered;
    private volatile String idSuffix = "";

    public TickLifecycle(Supplier<List<AccountSettings>> activeAccounts, Clock clock) {
        this.activeAccounts = activeAccounts;
        this.clock = clock;
    }

    /**
     * Scheduled ticks decide one account group each ({@code groups}); {@code claim} writes a scheduled tick's RUNNING
     * row and answers false when its slot and group were taken already ({@link TickRecords#claim}). Clustered, ticks
     * of all accounts get a per-runtime id suffix (their ids stay unique in the shared tables) and start-up ticks are
     * dropped: the schedule decides, on whichever runtime holds each group.
     */
    public void useGroups(TickGroups groups, Predicate<Tick> claim, boolean clustered) {
        this.groups = groups;
        this.claim = claim;
        this.clustered = clustered;
        this.idSuffix = clustered ? "-" + Integer.toHexString(0x1000 + new java.util.Random().nextInt(0xf000)) : "";
    }

    /** Starts a tick of all accounts, or returns null when another tick is still running (the trigger is dropped). */
    public Tick begin(String trigger) {
        String source = trigger == null || trigger.isBlank() ? "manual" : trigger;
        if (clustered && source.equals("startup")) {
            LOG.info("no start-up tick in a cluster: the scheduled group jobs decide, each on one runtime");
            return null;
        }
        Instant now = clock.instant();
        Tick tick = new Tick(ID_TIME.format(now) + "-" + sequence.incrementAndGet() + idSuffix, source, now);
        return admit(ALL, tick) ? tick : null;
    }

    /**
     * Starts the tick of one group's scheduled slot (id {@link ScheduledSlot#tickId()}), or returns null when that
     * group (or a tick of all accounts) still runs here, routes are being reloaded, or the slot's group was run
     * already (its market_ticks row exists).
     */
    public Tick beginScheduled(ScheduledSlot slot) {
        Tick tick = new Tick(slot.tickId(), "schedule", clock.instant(), slot.group());
        String key = "g" + slot.group();
        if (!admit(key, tick)) {
            return null;
        }
        if (!claim.test(tick)) {
            LOG.info("tick {} (group {}) not run here: another runtime has run this slot's group", tick.id(),
                    slot.group());
            release(key, tick);
            return null;
        }
        return tick;
    }

    private boolean admit(String key, Tick tick) {
        synchronized (running) {
            Tick blocking = key.equals(ALL) ? running.values().stream().findFirst().orElse(null)
                    : running.getOrDefault(ALL, running.get(key));
            if (blocking != null) {
                LOG.warn("tick trigger '{}'{} ignored: tick {} is still running", tick.trigger(),
                        tick.group() == Tick.ALL_GROUPS ? "" : " for group " + tick.group(), blocking.id());
                return false;
            }
            // A trigger never waits: its exchange would hold the trigger route in flight, and a route reload (the
            // task between ticks) stops routes gracefully, waiting for their exchanges.
            if (!tryAcquireGate()) {
                LOG.warn("tick trigger '{}' ignored: routes are being reloaded right now", tick.trigger());
                return false;
            }
            running.put(key, tick);
            return true;
        }
    }

    private void release(String key, Tick tick) {
        synchronized (running) {
            if (running.remove(key, tick)) {
                gate.release();
            }
        }
    }

    private static String keyOf(Tick tick) {
        return tick.group() == Tick.ALL_GROUPS ? ALL : "g" + tick.group();
    }

    /** Without waiting, and (unlike tryAcquire()) without overtaking a task queued for the tick in flight. */
    private boolean tryAcquireGate() {
        try {
            return gate.tryAcquire(0, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Something to run while no tick runs. */
    @FunctionalInterface
    public interface BetweenTicks {
        void run() throws Exception;
    }

    /**
     * Runs a task strictly between ticks: waits up to {@code maxWaitMs} for the tick in flight to end, then runs the
     * task while no tick can start (a trigger arriving meanwhile is dropped, as one during a tick is).
     *
     * @return false, without running the task, when a tick was still running after {@code maxWaitMs}
     */
    public boolean runBetweenTicks(long maxWaitMs, BetweenTicks task) throws Exception {
        // Not a timed (queued) acquire: on a fair semaphore a task queued for all permits makes every tick that
        // begins meanwhile fail to get its one, and with group ticks side by side that would drop other groups'
        // slots for as long as one group's tick runs. The untimed tryAcquire takes the permits only when no tick
        // holds one, and queues nothing.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
        while (!gate.tryAcquire(PERMITS)) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(Math.min(20, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
        }
        try {
            task.run();
            return true;
        } finally {
            gate.release(PERMITS);
        }
    }

    /** The id of the tick in flight (the ids, comma-separated, of group ticks side by side), or null. */
    public String runningTickId() {
        synchronized (running) {
            return running.isEmpty() ? null
                    : running.values().stream().map(Tick::id).collect(Collectors.joining(", "));
        }
    }

    /** The tick an HTTP trigger already began, or a new one as {@link #begin(String)}. */
    public Tick start(String trigger, Tick prepared) {
        return prepared != null ? prepared : begin(trigger);
    }

    /** Called with every tick that ended (completed, skipped, paused or failed), on the thread that ended it. */
    public void onTickEnd(Consumer<Tick> listener) {
        endListeners.add(listener);
    }

    /** While paused, ticks still fetch and record market snapshots but no account decides. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    public boolean isPaused() {
        return paused;
    }

    /** The tick running now (one of them, when group ticks run side by side), or null. */
    public Tick current() {
        synchronized (running) {
            return running.values().stream().findFirst().orElse(null);
        }
    }

    /** The active accounts of one group. */
    public List<AccountSettings> members(int group) {
        return groups.members(group, activeAccounts.get());
    }

    /**
     * One record per active account (of the tick's group, for a group tick), all sharing the tick's snapshot; none
     * while trading is paused.
     */
    public List<DecisionRecord> decisionsFor(Tick tick, MarketSnapshot snapshot) {
        tick.snapshot(snapshot);
        if (paused) {
            tick.pause("trading paused: market snapshot recorded, no decisions");
            return List.of();
        }
        Instant now = clock.instant();
        List<AccountSettings> accounts = tick.group() == Tick.ALL_GROUPS ? activeAccounts.get()
                : members(tick.group());
        List<DecisionRecord> records = accounts.stream()
                .map(account -> new DecisionRecord(tick.id(), account, snapshot, now))
                .toList();
        tick.decisions(records);
        return records;
    }

    public void noPrices(Tick tick, MarketSnapshot snapshot) {
        tick.snapshot(snapshot);
        tick.skip("no prices: " + snapshot.pricesError());
    }

    public void failed(Tick tick, Exception failure) {
        tick.fail(failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    /** Ends the tick: logs its one summary line and returns the market_ticks row; always releases the guard. */
    public Map<String, Object> end(Tick tick) {
        try {
            tick.finish(clock.instant());
            logSummary(tick);
            for (Consumer<Tick> listener : endListeners) {
                try {
                    listener.accept(tick);
                } catch (RuntimeException e) {
                    LOG.warn("tick {} end listener failed: {}", tick.id(), e.toString());
                }
            }
            return row(tick);
        } finally {
            release(keyOf(tick), tick);
        }
    }

    private void logSummary(Tick tick) {
        MarketSnapshot s = tick.snapshot();
        String missing = s == null || s.missingSymbols().isEmpty() ? "" : "; no price for " + s.missingSymbols();
        String news = s == null ? "" : s.newsError() != null ? "; news unavailable (" + s.newsError() + ")"
                : "; news " + s.newsDigest().length() + " chars";
        String sources = s == null ? null : s.context().errors(null);
        news += sources == null ? "" : "; unavailable: " + abbreviate(sources, 300);
        if (tick.status() == Tick.Status.SKIPPED) {
            LOG.warn("tick {} ({}) skipped: {}{}. Without internet, run with -Darena.profile=demo.", tick.id(),
                    tick.trigger(), tick.detail(), news);
        } else if (tick.status() == Tick.Status.PAUSED) {
            LOG.info("tick {} ({}) paused: snapshot of {} prices recorded, no decisions{}", tick.id(), tick.trigger(),
                    s == null ? 0 : s.prices().size(), missing);
        } else if (tick.status() == Tick.Status.FAILED) {
            LOG.error("tick {} ({}) failed after {} ms: {}", tick.id(), tick.trigger(), tick.durationMs(), tick.detail());
        } else {
            LOG.info("tick {} ({}) done in {} ms: {} accounts, {}{}{}", tick.id(), tick.trigger(), tick.durationMs(),
                    tick.decisions().size(), statusCounts(tick.decisions()), missing, news);
        }
    }

    static String statusCounts(List<DecisionRecord> records) {
        Map<DecisionStatus, Long> counts = new EnumMap<>(DecisionStatus.class);
        for (DecisionRecord r : records) {
            counts.merge(r.status() == null ? DecisionStatus.REJECTED : r.status(), 1L, Long::sum);
        }
        return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    private static Map<String, Object> row(Tick tick) {
        MarketSnapshot s = tick.snapshot();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("tick_id", tick.id());
        row.put("trigger_source", tick.trigger());
        row.put("started_at", Timestamp.from(tick.startedAt()));
        row.put("finished_at", Timestamp.from(tick.finishedAt()));
        row.put("status", tick.status().name());
        row.put("detail", abbreviate(tick.detail(), 1000));
        row.put("prices_json", s == null ? null : s.prices().entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue().toPlainString())
                .collect(Collectors.joining(",", "{", "}")));
        row.put("missing_symbols", s == null ? null : abbreviate(String.join(",", s.missingSymbols()), 200));
        row.put("news_chars", s == null ? 0 : s.newsDigest().length());
        row.put("news_error", s == null ? null : abbreviate(s.newsError(), 500));
        row.put("accounts", tick.decisions().size());
        row.put("snapshot_id", s == null ? null : s.snapshotId());
        // as text: MySQL Connector/J drops a Timestamp's milliseconds on MariaDB (IsoTimes.sqlDateTime)
        row.put("inputs_as_of", s == null || s.inputsAsOf() == null ? null
                : io.camelarena.support.IsoTimes.sqlDateTime(s.inputsAsOf()));
        // what failed beside prices (venue context, candles, news), as the news error says for news
        row.put("market_errors", s == null ? null : abbreviate(s.context().errors(null), 1000));
        return row;
    }

    private static String abbreviate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
