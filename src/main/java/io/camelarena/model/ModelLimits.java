package io.camelarena.model;

import io.camelarena.decision.ErrorCode;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.Exchange;

/**
 * Per-provider limits on model calls, so many accounts on one provider do not cause a 429 storm: at most
 * {@code arena.model.<provider>.max-concurrency} calls in flight (a resilience4j {@link Bulkhead}) and at most
 * {@code arena.model.<provider>.requests-per-minute} calls started per minute (a resilience4j {@link RateLimiter},
 * spread evenly: one permit every 60 s / rpm). A call waits at most {@code arena.model.<provider>.limit-wait-ms} for
 * its permits, then fails with a message that names the limit (recorded on the decision row as a model error).
 *
 * <p>The call-model route takes the permits with {@link #acquire} before choosing the provider and gives the
 * concurrency permit back with {@link #release} in a {@code doFinally}, so a failed call releases it too.
 * A provider without these keys (or with 0) is not limited.
 */
public final class ModelLimits {

    /** Exchange property holding the bulkhead whose permit this exchange holds, until {@link #release}. */
    public static final String PERMIT = "arenaModelPermit";
    public static final List<String> PROVIDERS = List.of("openai", "bedrock", "simulated");
    public static final long DEFAULT_WAIT_MS = 300_000;

    private final Map<String, Bulkhead> bulkheads = new LinkedHashMap<>();
    private final Map<String, RateLimiter> rateLimiters = new LinkedHashMap<>();
    private final Map<String, Integer> requestsPerMinute = new LinkedHashMap<>();

    /**
     * @param setting looks up a property ({@code arena.model.openai.max-concurrency}, ...), empty when not set
     */
    public ModelLimits(Function<String, Optional<String>> setting) {
        for (String provider : PROVIDERS) {
            String prefix = "arena.model." + provider + ".";
            Duration wait = Duration.ofMillis(number(setting, prefix + "limit-wait-ms", DEFAULT_WAIT_MS));
            int maxConcurrency = (int) number(setting, prefix + "max-concurrency", 0);
            if (maxConcurrency > 0) {
                bulkheads.put(provider, Bulkhead.of("model-" + provider, BulkheadConfig.custom()
                        .maxConcurrentCalls(maxConcurrency).maxWaitDuration(wait).build()));
            }
            int rpm = (int) number(setting, prefix + "requests-per-minute", 0);
            if (rpm > 0) {
                requestsPerMinute.put(provider, rpm);
                rateLimiters.put(provider, RateLimiter.of("model-" + provider, RateLimiterConfig.custom()
                        .limitForPeriod(1)
                        .limitRefreshPeriod(Duration.ofNanos(Math.max(1, 60_000_000_000L / rpm)))
                        .timeoutDuration(wait).build()));
            }
        }
    }

    /** Waits for the provider's rate and concurrency permits (in that order); throws when one does not come. */
    public void acquire(Exchange exchange) {
        String provider = ModelCallSteps.call(exchange).provider();
        RateLimiter rateLimiter = rateLimiters.get(provider);
        if (rateLimiter != null && !rateLimiter.acquirePermission()) {
            throw new ModelCallException(ErrorCode.MODEL_CALL_FAILED, "not called: the " + provider
                    + " limit of " + requestsPerMinute.get(provider) + " requests per minute gave no permit within "
                    + rateLimiter.getRateLimiterConfig().getTimeoutDuration().toMillis() + " ms (arena.model."
                    + provider + ".requests-per-minute)", null);
        }
        Bulkhead bulkhead = bulkheads.get(provider);
        if (bulkhead != null) {
            if (!bulkhead.tryAcquirePermission()) {
                throw new ModelCallException(ErrorCode.MODEL_CALL_FAILED, "not called: the " + provider
                        + " limit of " + bulkhead.getBulkheadConfig().getMaxConcurrentCalls()
                        + " concurrent calls gave no permit within "
                        + bulkhead.getBulkheadConfig().getMaxWaitDuration().toMillis() + " ms (arena.model."
                        + provider + ".max-concurrency)", null);
            }
            exchange.setProperty(PERMIT, bulkhead);
        }
    }

    /** Gives back the concurrency permit this exchange holds, if any; safe to call more than once. */
    public void release(Exchange exchange) {
        Object held = exchange.removeProperty(PERMIT);
        if (held instanceof Bulkhead bulkhead) {
            bulkhead.onComplete();
        }
    }

    /** Concurrency permits of the provider not in use right now; empty when the provider is not limited. */
    public Optional<Integer> availableConcurrency(String provider) {
        return Optional.ofNullable(bulkheads.get(provider)).map(b -> b.getMetrics().getAvailableConcurrentCalls());
    }

    /** One line for the start-up log: the limits in force. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (String provider : PROVIDERS) {
            Bulkhead b = bulkheads.get(provider);
            Integer rpm = requestsPerMinute.get(provider);
            if (b == null && rpm == null) {
                continue;
            }
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(provider).append('(');
            text.append(b == null ? "concurrency unlimited" : "max-concurrency "
                    + b.getBulkheadConfig().getMaxConcurrentCalls());
            text.append(rpm == null ? ", rpm unlimited" : ", requests-per-minute " + rpm).append(')');
        }
        return text.isEmpty() ? "none" : text.toString();
    }

    private static long number(Function<String, Optional<String>> setting, String key, long defaultValue) {
        Optional<String> value = setting.apply(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.get().trim());
            if (parsed < 0) {
                throw new IllegalStateException("property " + key + " must not be negative, was " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("property " + key + " has an invalid value '" + value.get() + "'", e);
        }
    }
}
