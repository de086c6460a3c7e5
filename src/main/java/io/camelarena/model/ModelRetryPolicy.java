package io.camelarena.model;

import io.camelarena.decision.ErrorCode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * When a failed model call is tried again, used by the model-call-retries route configuration: Camel's redelivery
 * ({@code onException} with {@code retryWhile}) re-sends the call, this bean decides whether and after how long.
 *
 * <ul>
 *   <li>Retried: HTTP 429 and 5xx (OpenAI-compatible and Bedrock), timeouts, refused or reset connections.
 *       Not retried: other 4xx, a missing key, an unreadable answer, and an open circuit breaker.</li>
 *   <li>At most {@code maxAttempts} attempts in all (the first call included).</li>
 *   <li>Delay before attempt n+1: {@code initialDelay * multiplier^(n-1)}, at most {@code maxDelay}, with +/-
 *       {@code jitter} random spread; a provider's {@code Retry-After} replaces it (a Retry-After longer than
 *       {@code maxDelay} ends the retries).</li>
 *   <li>No attempt starts, and no retry is scheduled, past the tick deadline ({@code tickDeadline} after the tick
 *       started): a tick always ends.</li>
 * </ul>
 * Every failed attempt is written to the call's state ({@link ModelCall}) (attempt count, last error) and logged.
 */
public final class ModelRetryPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRetryPolicy.class);

    private final int maxAttempts;
    private final long initialDelayMs;
    private final double multiplier;
    private final long maxDelayMs;
    private final double jitter;
    private final long tickDeadlineMs;
    private final ApiKeys apiKeys;

    public ModelRetryPolicy(int maxAttempts, long initialDelayMs, double multiplier, long maxDelayMs, double jitter,
            long tickDeadlineMs, ApiKeys apiKeys) {
        if (maxAttempts < 1) {
            throw new IllegalStateException("arena.model.retry.max-attempts must be at least 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.initialDelayMs = Math.max(0, initialDelayMs);
        this.multiplier = Math.max(1.0, multiplier);
        this.maxDelayMs = Math.max(0, maxDelayMs);
        this.jitter = Math.min(1.0, Math.max(0.0, jitter));
        this.tickDeadlineMs = tickDeadlineMs;
        this.apiKeys = apiKeys;
    }

    /** Before each attempt: counts it, and refuses to start one past the tick deadline. */
    public void beforeAttempt(Exchange exchange) {
        ModelCall call = ModelCallSteps.call(exchange);
        if (remainingMs(call) <= 0) {
            throw new ModelCallException(ErrorCode.MODEL_TIMEOUT, "tick deadline of " + tickDeadlineMs
                    + " ms (arena.tick.deadline-ms) passed before model call attempt " + (call.attempts() + 1),
                    null);
        }
        call.attemptStarted();
    }

    /** The retryWhile predicate: records the failed attempt and says whether to try again (setting the delay). */
    public boolean shouldRetry(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        ModelCall record = ModelCallSteps.call(exchange);
        if (record == null || failure == null) {
            return false;
        }
        String error = describe(failure);
        record.lastError(error);
        if (!retryable(failure)) {
            return false;
        }
        if (record.attempts() >= maxAttempts) {
            return false;
        }
        Long retryAfter = retryAfterMs(failure);
        if (retryAfter != null && retryAfter > maxDelayMs) {
            record.lastError(error + " (Retry-After " + retryAfter + " ms exceeds arena.model.retry.max-delay-ms "
                    + maxDelayMs + ": not retried)");
            return false;
        }
        long delay = retryAfter != null ? retryAfter : backoff(record.attempts());
        if (delay >= remainingMs(record)) {
            record.lastError(error + " (no retry: the tick deadline would pass)");
            return false;
        }
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay);
        LOG.warn("tick {} account {}: model call attempt {} of {} failed ({}); retrying in {} ms",
                record.request().tickId(), record.request().account().name(), record.attempts(), maxAttempts, error, delay);
        return true;
    }

    /** Delay before the attempt after {@code attemptsDone} attempts: exponential, capped, with jitter. */
    long backoff(int attemptsDone) {
        double base = initialDelayMs * Math.pow(multiplier, Math.max(0, attemptsDone - 1));
        double capped = Math.min(base, maxDelayMs);
        double spread = jitter == 0 ? 0 : (ThreadLocalRandom.current().nextDouble() * 2 - 1) * jitter * capped;
        return Math.max(0, Math.round(Math.min(maxDelayMs, capped + spread)));
    }

    private long remainingMs(ModelCall call) {
        if (tickDeadlineMs <= 0) {
            return Long.MAX_VALUE;
        }
        long deadline = call.request().decisionTime().toEpochMilli() + tickDeadlineMs;
        return deadline - System.currentTimeMillis();
    }

    static boolean retryable(Throwable failure) {
        if (failure instanceof CallNotPermittedException) {
            return false;
        }
        if (failure instanceof ModelCallException m) {
            int status = m.httpStatus();
            return status == 429 || status >= 500;
        }
        if (failure instanceof AwsServiceException aws) {
            return aws.statusCode() == 429 || aws.statusCode() >= 500 || aws.isThrottlingException();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof ConnectException
                    || t instanceof java.net.SocketException
                    || t.getClass().getSimpleName().toLowerCase(Locale.ROOT).contains("timeout")
                    || t.getClass().getSimpleName().equals("NoHttpResponseException")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static Long retryAfterMs(Throwable failure) {
        if (failure instanceof ModelCallException m) {
            return m.retryAfterMs();
        }
        if (failure instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().sdkHttpResponse() != null) {
            return aws.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After")
                    .map(ModelRetryPolicy::parseRetryAfter).orElse(null);
        }
        return null;
    }

    /** Retry-After as delay-seconds or an HTTP date, in milliseconds; null when absent or unreadable. */
    public static Long parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return Math.max(0, Math.round(Double.parseDouble(v) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis());
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    private String describe(Throwable failure) {
        String text;
        if (failure instanceof CallNotPermittedException) {
            text = "circuit breaker open: " + failure.getMessage();
        } else if (failure instanceof ModelCallException m) {
            text = m.getMessage();
        } else {
            text = io.camelarena.support.Failures.describe(failure);
        }
        return apiKeys.scrub(text);
    }

}
