package io.camelarena.audit;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A log row the database refused is never dropped silently: it is reported with what identifies it and counted. */
public final class DecisionLogFailures {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionLogFailures.class);
    private final AtomicLong failures = new AtomicLong();
    private final Runnable onFailure;

    public DecisionLogFailures(Runnable onFailure) {
        this.onFailure = onFailure;
    }

    public void record(Map<String, Object> row, Exception failure) {
        long count = failures.incrementAndGet();
        onFailure.run();
        LOG.error("decision-log row NOT written (failure #{}): tick={} account_id={} status={} error_code={} "
                + "operation={} symbol={} order_id={}: {}: {}", count, row.get("tick_id"), row.get("account_id"),
                row.get("status"), row.get("error_code"), row.get("operation"), row.get("symbol"), row.get("order_id"),
                failure.getClass().getSimpleName(), failure.getMessage());
    }

    public long count() {
        return failures.get();
    }
}
