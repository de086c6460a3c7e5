package io.camelarena.replay;

/** The replay MBean {@code camel-arena:type=Replay}: start a replay and watch its progress. */
public interface ReplayMXBean {

    /**
     * Starts a replay: {@code requestJson} as the body of POST /api/replays, e.g.
     * {@code {"ticks": ["20261125T120003Z-1"], "targets": ["gpt4o", "claude"]}}. Returns "run N queued: T replays"
     * or "refused: field: why".
     */
    String startReplay(String requestJson);

    /** "run N STATUS: done/total done, E errors" of a run (this process's or another's on the same database). */
    String runProgress(int runId);

    /** The last run started in this process, or 0. */
    int getLastRunId();

    /** {@link #runProgress(int)} of the last run started in this process, or empty. */
    String getLastRunProgress();

    int getLastRunDone();

    int getLastRunTotal();

    int getLastRunErrors();
}
