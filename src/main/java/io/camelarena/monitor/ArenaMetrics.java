package io.camelarena.monitor;

import io.camelarena.agent.DecisionRecord;
import io.camelarena.tick.Tick;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The arena's own Prometheus metrics, next to Camel's route metrics on /observe/metrics: decisions by
 * status/provider/model, model latency histogram, tokens in and out, tick duration, decision-log write failures.
 */
public final class ArenaMetrics {

    private final MeterRegistry registry;
    private final Counter logWriteFailures;

    public ArenaMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.logWriteFailures = Counter.builder("arena.decision.log.write.failures")
                .description("Decision-log rows the database refused").register(registry);
    }

    public void tickEnded(Tick tick) {
        Timer.builder("arena.tick.duration").description("Tick duration from trigger to last log row")
                .tag("status", tick.status().name())
                .register(registry).record(Duration.ofMillis(tick.durationMs()));
        for (DecisionRecord r : tick.decisions()) {
            decision(r);
        }
    }

    private void decision(DecisionRecord r) {
        String status = r.status() == null ? "UNKNOWN" : r.status().name();
        String provider = String.valueOf(r.provider());
        String model = String.valueOf(r.model());
        Counter.builder("arena.decisions").description("Decisions by outcome")
                .tags("status", status, "provider", provider, "model", model).register(registry).increment();
        if (r.latencyMs() != null) {
            Timer.builder("arena.model.latency").description("Model call latency")
                    .tags("provider", provider, "model", model)
                    .publishPercentileHistogram()
                    .register(registry).record(Duration.ofMillis(r.latencyMs()));
        }
        if (r.inputTokens() != null) {
            Counter.builder("arena.model.tokens").tags("direction", "in", "provider", provider, "model", model)
                    .register(registry).increment(r.inputTokens());
        }
        if (r.outputTokens() != null) {
            Counter.builder("arena.model.tokens").tags("direction", "out", "provider", provider, "model", model)
                    .register(registry).increment(r.outputTokens());
        }
    }

    public void logWriteFailed() {
        logWriteFailures.increment();
    }
}
