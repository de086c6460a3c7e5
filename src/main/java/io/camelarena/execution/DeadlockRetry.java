package io.camelarena.execution;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Running a transaction again when MySQL/MariaDB chose it as a deadlock victim: InnoDB rolls the victim's whole
 * transaction back before it throws (SQLState 40001), so running it again is safe. Concurrent orders and ledger rounds
 * of different accounts can meet in the gap locks of the positions' (account, symbol) index however their statements
 * are ordered.
 */
final class DeadlockRetry {

    /** Attempts of a transaction the database keeps choosing as a deadlock victim (the first and the retries). */
    static final int ATTEMPTS = 5;

    private DeadlockRetry() {
    }

    static boolean victim(SQLException e) {
        return "40001".equals(e.getSQLState());
    }

    /** A retry of up to {@link #ATTEMPTS} attempts, random exponential backoff from 5 ms, on {@code victim}. */
    static Retry of(String name, Predicate<Throwable> victim) {
        return Retry.of(name, RetryConfig.custom()
                .maxAttempts(ATTEMPTS)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(5), 2.0))
                .retryOnException(victim)
                .build());
    }
}
