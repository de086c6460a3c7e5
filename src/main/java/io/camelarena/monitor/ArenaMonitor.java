package io.camelarena.monitor;

import io.camelarena.agent.DecisionRecord;
import io.camelarena.agent.DecisionStatus;
import io.camelarena.tick.Tick;
import io.camelarena.tick.TickLifecycle;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.camel.ProducerTemplate;

/**
 * What operators see over JMX as {@code camel-arena:type=Arena}, fed by every tick that ends. Holds no secrets: only
 * counts, ids, times and outcome texts that are already scrubbed.
 */
public final class ArenaMonitor implements ArenaMXBean {

    public static final String OBJECT_NAME = "camel-arena:type=Arena";

    private final TickLifecycle ticks;
    private final ProducerTemplate producer;
    private final Map<DecisionStatus, AtomicLong> decisions = new EnumMap<>(DecisionStatus.class);
    private final Map<String, ProviderStats> providers = new ConcurrentHashMap<>();
    private volatile Tick lastTick;
    private volatile Instant lastSnapshotAt;
    private volatile LongSupplier logWriteFailures = () -> 0;
    private volatile Supplier<String> refusedRouteEdit = () -> "";
    private volatile Supplier<String> routeReload = () -> "route reloading is not enabled";

    public ArenaMonitor(TickLifecycle ticks, ProducerTemplate producer) {
        this.ticks = ticks;
        this.producer = producer;
        for (DecisionStatus s : DecisionStatus.values()) {
            decisions.put(s, new AtomicLong());
        }
        ticks.onTickEnd(this::tickEnded);
    }

    public void logWriteFailures(LongSupplier counter) {
        this.logWriteFailures = counter;
    }

    public void routeEdits(Supplier<String> lastRefused, Supplier<String> reload) {
        this.refusedRouteEdit = lastRefused;
        this.routeReload = reload;
    }

    void tickEnded(Tick tick) {
        lastTick = tick;
        if (tick.snapshot() != null && tick.snapshot().hasPrices()) {
            lastSnapshotAt = tick.snapshot().takenAt();
        }
        for (DecisionRecord r : tick.decisions()) {
            if (r.status() != null) {
                decisions.get(r.status()).incrementAndGet();
            }
            providers.computeIfAbsent(String.valueOf(r.provider()), p -> new ProviderStats()).add(r);
        }
    }

    /** When the last tick with prices took its market snapshot, or null before the first one. */
    public Instant lastSnapshotAt() {
        return lastSnapshotAt;
    }

    public Tick lastTick() {
        return lastTick;
    }

    @Override
    public String getLastTickId() {
        Tick t = lastTick;
        return t == null ? "" : t.id();
    }

    @Override
    public String getLastTickStart() {
        Tick t = lastTick;
        return t == null ? "" : t.startedAt().toString();
    }

    @Override
    public String getLastTickEnd() {
        Tick t = lastTick;
        return t == null || t.finishedAt() == null ? "" : t.finishedAt().toString();
    }

    @Override
    public String getLastTickOutcome() {
        Tick t = lastTick;
        if (t == null) {
            return "";
        }
        return t.detail() == null ? t.status().name() : t.status() + ": " + t.detail();
    }

    @Override
    public long getDecisionsExecuted() {
        return decisions.get(DecisionStatus.EXECUTED).get();
    }

    @Override
    public long getDecisionsHold() {
        return decisions.get(DecisionStatus.HOLD).get();
    }

    @Override
    public long getDecisionsRejected() {
        return decisions.get(DecisionStatus.REJECTED).get();
    }

    @Override
    public long getDecisionsModelError() {
        return decisions.get(DecisionStatus.MODEL_ERROR).get();
    }

    @Override
    public long getDecisionsParseError() {
        return decisions.get(DecisionStatus.PARSE_ERROR).get();
    }

    @Override
    public String[] getProviderCalls() {
        Map<String, String> view = new TreeMap<>();
        providers.forEach((provider, stats) -> view.put(provider, provider + ": " + stats));
        return view.values().toArray(String[]::new);
    }

    @Override
    public long getDecisionLogWriteFailures() {
        return logWriteFailures.getAsLong();
    }

    @Override
    public String getLastRefusedRouteEdit() {
        String refused = refusedRouteEdit.get();
        return refused == null ? "" : refused;
    }

    @Override
    public boolean isTradingPaused() {
        return ticks.isPaused();
    }

    @Override
    public String triggerTick() {
        Tick running = ticks.current();
        if (running != null) {
            return "not started: tick " + running.id() + " is still running";
        }
        String id = producer.requestBodyAndHeader("direct:trigger-tick", null, "arenaTrigger", "jmx", String.class);
        return id == null ? "not started: another tick began first" : id;
    }

    @Override
    public void pauseTrading() {
        ticks.pause();
    }

    @Override
    public void resumeTrading() {
        ticks.resume();
    }

    @Override
    public String reloadRoutes() {
        return routeReload.get();
    }

    /** Calls, errors and mean latency of one provider; only counts calls that were made. */
    private static final class ProviderStats {
        private long calls;
        private long errors;
        private long latencyTotalMs;
        private long latencyCount;

        synchronized void add(DecisionRecord r) {
            if (r.latencyMs() == null && r.status() != DecisionStatus.MODEL_ERROR) {
                return;
            }
            calls++;
            if (r.status() == DecisionStatus.MODEL_ERROR) {
                errors++;
            }
            if (r.latencyMs() != null) {
                latencyTotalMs += r.latencyMs();
                latencyCount++;
            }
        }

        @Override
        public synchronized String toString() {
            return "calls=" + calls + " errors=" + errors + " meanLatencyMs="
                    + (latencyCount == 0 ? 0 : latencyTotalMs / latencyCount);
        }
    }

    /**
     * Where the MBeans are, for the start-up summary: with remote JMX on (the JVM's
     * {@code com.sun.management.jmxremote.port}), the service URL a JMX client connects to.
     */
    public static String jmxDescription(java.util.function.UnaryOperator<String> systemProperty) {
        String where = OBJECT_NAME + " and org.apache.camel routes in the platform MBean server";
        String port = systemProperty.apply("com.sun.management.jmxremote.port");
        if (port == null || port.isBlank()) {
            return where + " (local attach: jconsole / VisualVM)";
        }
        String host = systemProperty.apply("com.sun.management.jmxremote.host");
        if (host == null || host.isBlank()) {
            host = systemProperty.apply("java.rmi.server.hostname");
        }
        if (host == null || host.isBlank()) {
            host = "localhost";
        }
        return where + ", remote: service:jmx:rmi:///jndi/rmi://" + host + ":" + port.trim() + "/jmxrmi";
    }
}
