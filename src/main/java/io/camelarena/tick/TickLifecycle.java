package io.camelarena.tick;

import io.camelarena.account.AccountSettings;
import io.camelarena.decide.DecisionRecord;
import io.camelarena.decide.DecisionStatus;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start and end of a tick: one tick at a time (the quartz trigger is stateful; the start-up and manual triggers go
 * through the same guard), an id per tick, the accounts to decide, and one summary line and one market_ticks row per
 * tick, also for ticks that were skipped.
 */
public final class TickLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(TickLifecycle.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    // Not a lock: a tick ends on whichever thread finished its last account, not the one that started it.
    private final AtomicReference<Tick> running = new AtomicReference<>();
    // Held by the running tick (begin to end) or by a task that runs between ticks (runBetweenTicks). A semaphore has
    // no owner thread, so the tick may release it from another thread than the one that acquired it. Fair, so a
    // task waiting for the tick in flight is not overtaken by the next tick.
    private final Semaphore gate = new Semaphore(1, true);
    private final AtomicLong sequence = new AtomicLong();
    private final Supplier<List<AccountSettings>> activeAccounts;
    private final Clock clock;
    private final List<Consumer<Tick>> endListeners = new CopyOnWriteArrayList<>();
    private volatile boolean paused;

    public TickLifecycle(Supplier<List<AccountSettings>> activeAccounts, Clock clock) {
        this.activeAccounts = activeAccounts;
        this.clock = clock;
    }

    /** Starts a tick, or returns null when another tick is still running (that trigger is then dropped). */
    public Tick begin(String trigger) {
        String source = trigger == null || trigger.isBlank() ? "manual" : trigger;
        Instant now = clock.instant();
        Tick tick = new Tick(ID_TIME.format(now) + "-" + sequence.incrementAndGet(), source, now);
        // A trigger never waits: its exchange would hold the trigger route in flight, and a route reload (the task
        // between ticks) stops routes gracefully, waiting for their exchanges.
        if (!tryAcquireGate()) {
            Tick previous = running.get();
            if (previous != null) {
                LOG.warn("tick trigger '{}' ignored: tick {} is still running", source, previous.id());
            } else {
                LOG.warn("tick trigger '{}' ignored: routes are being reloaded right now (or a tick just began)",
                        source);
            }
            return null;
        }
        running.set(tick);
        return tick;
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
        if (!gate.tryAcquire(maxWaitMs, TimeUnit.MILLISECONDS)) {
            return false;
        }
        try {
            task.run();
            return true;
        } finally {
            gate.release();
        }
    }

    /** The id of the tick in flight, or null. */
    public String runningTickId() {
        Tick tick = running.get();
        return tick == null ? null : tick.id();
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

    /** The tick running now, or null. */
    public Tick current() {
        return running.get();
    }

    /** One record per active account, all sharing the tick's snapshot; none while trading is paused. */
    public List<DecisionRecord> decisionsFor(Tick tick, MarketSnapshot snapshot) {
        tick.snapshot(snapshot);
        if (paused) {
            tick.pause("trading paused: market snapshot recorded, no decisions");
            return List.of();
        }
        Instant now = clock.instant();
        List<DecisionRecord> records = activeAccounts.get().stream()
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
            if (running.compareAndSet(tick, null)) {
                gate.release();
            }
        }
    }

    private void logSummary(Tick tick) {
        MarketSnapshot s = tick.snapshot();
        String missing = s == null || s.missingSymbols().isEmpty() ? "" : "; no price for " + s.missingSymbols();
        String news = s == null ? "" : s.newsError() != null ? "; news unavailable (" + s.newsError() + ")"
                : "; news " + s.newsDigest().length() + " chars";
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
        return row;
    }

    private static String abbreviate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
