package io.camelarena.replay;

import io.camelarena.support.Failures;
import io.camelarena.agent.DecisionRecord;
import io.camelarena.agent.DecisionStatus;
import io.camelarena.decision.DecisionError;
import io.camelarena.decision.ErrorCode;
import io.camelarena.model.ApiKeys;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the replay-run and replay-decision routes. A replay reuses the live decision steps (model call, parse,
 * validate, row building, log-decision) and adds only what differs: where the record comes from, the outcome of a
 * decision that passes validation ({@code VALID}: a replay is never executed), the replay columns and progress.
 */
public final class ReplaySteps {

    private static final Logger LOG = LoggerFactory.getLogger(ReplaySteps.class);

    private final ReplayService service;
    private final ReplayRuns runs;
    private final ApiKeys apiKeys;

    public ReplaySteps(ReplayService service, ReplayRuns runs, ApiKeys apiKeys) {
        this.service = service;
        this.runs = runs;
        this.apiKeys = apiKeys;
    }

    /**
     * Records a QUEUED run for the request (JSON) or says why not: the run (id, status, total, ...) or
     * {@code {"error": "bad_request", "parameter": field, "message": ...}}. Never throws for a bad request.
     */
    public Map<String, Object> create(String requestJson, String triggerSource) throws SQLException {
        try {
            return service.create(requestJson, triggerSource == null ? "api" : triggerSource);
        } catch (ReplayRequestException e) {
            Map<String, Object> refusal = new java.util.LinkedHashMap<>();
            refusal.put("error", "bad_request");
            refusal.put("parameter", e.field());
            refusal.put("message", e.getMessage());
            return refusal;
        }
    }

    public List<ReplayItem> start(int runId) throws SQLException {
        List<ReplayItem> items = service.items(runId);
        LOG.info("replay run {}: {} replays started", runId, items.size());
        return items;
    }

    public DecisionRecord prepare(ReplayItem item) throws SQLException {
        return service.record(item);
    }

    /** Where the live route would execute: a decision that passed validation is recorded VALID, never executed. */
    public void settle(DecisionRecord record) {
        record.settle(DecisionStatus.VALID, null);
    }

    /** The replay columns on the row built by the live row builder. */
    public Map<String, Object> mark(Map<String, Object> row, ReplayItem item) {
        row.put("replay_of", item.originalId());
        row.put("replay_run_id", item.runId());
        row.put("replay_target", item.target());
        return row;
    }

    /** Anything unexpected: the record (when there is one) is logged with the cause; otherwise it counts as an error. */
    public void failed(ReplayItem item, DecisionRecord record, Exception failure) throws SQLException {
        String cause = apiKeys.scrub(Failures.describe(failure));
        LOG.warn("replay run {}: decision {} to {} failed: {}", item.runId(), item.originalId(), item.target(), cause);
        if (record == null) {
            runs.progressed(item.runId(), true);
        } else if (!record.isSettled()) {
            record.settle(DecisionStatus.REJECTED, new DecisionError(ErrorCode.INTERNAL_ERROR, cause));
        }
    }

    public void done(ReplayItem item, DecisionRecord record) throws SQLException {
        boolean error = record.status() == DecisionStatus.MODEL_ERROR || (record.error() != null
                && record.error().code() == ErrorCode.INTERNAL_ERROR);
        runs.progressed(item.runId(), error);
    }

    public void finish(int runId) throws SQLException {
        Map<String, Object> run = runs.get(runId).orElseThrow();
        runs.finished(runId, ReplayRuns.Status.COMPLETED, null);
        LOG.info("replay run {} completed: {} of {} replays, {} errors", runId, run.get("done"), run.get("total"),
                run.get("errors"));
    }

    public void runFailed(int runId, Exception failure) throws SQLException {
        String cause = apiKeys.scrub(Failures.describe(failure));
        LOG.error("replay run {} failed: {}", runId, cause);
        runs.finished(runId, ReplayRuns.Status.FAILED, cause);
    }
}
