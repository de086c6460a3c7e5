package io.camelarena.replay;

import java.util.Map;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ReplayMXBean}: starts runs through direct:replay-start (as the API does), reads progress from replay_runs. */
public final class ReplayMonitor implements ReplayMXBean {

    public static final String OBJECT_NAME = "camel-arena:type=Replay";
    private static final Logger LOG = LoggerFactory.getLogger(ReplayMonitor.class);

    private final ProducerTemplate producer;
    private final ReplayRuns runs;
    private volatile int lastRunId;

    public ReplayMonitor(ProducerTemplate producer, ReplayRuns runs) {
        this.producer = producer;
        this.runs = runs;
    }

    @Override
    public String startReplay(String requestJson) {
        Map<?, ?> result = producer.requestBodyAndHeader("direct:replay-start", requestJson, "arenaReplayTrigger",
                "jmx", Map.class);
        if (result.containsKey("error")) {
            return "refused: " + result.get("parameter") + ": " + result.get("message");
        }
        lastRunId = ((Number) result.get("id")).intValue();
        return "run " + lastRunId + " queued: " + result.get("total") + " replays";
    }

    @Override
    public String runProgress(int runId) {
        return run(runId).map(ReplayRuns::progressLine).orElse("no replay run " + runId);
    }

    @Override
    public int getLastRunId() {
        return lastRunId;
    }

    @Override
    public String getLastRunProgress() {
        return lastRunId == 0 ? "" : runProgress(lastRunId);
    }

    @Override
    public int getLastRunDone() {
        return number("done");
    }

    @Override
    public int getLastRunTotal() {
        return number("total");
    }

    @Override
    public int getLastRunErrors() {
        return number("errors");
    }

    private int number(String column) {
        return lastRunId == 0 ? 0 : run(lastRunId).map(r -> ((Number) r.get(column)).intValue()).orElse(0);
    }

    private Optional<Map<String, Object>> run(int runId) {
        try {
            return runs.get(runId);
        } catch (java.sql.SQLException e) {
            LOG.warn("replay run {}: progress not readable: {}", runId, e.toString());
            return Optional.empty();
        }
    }
}
