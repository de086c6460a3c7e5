package io.camelarena.monitor;

/** The application MBean {@code camel-arena:type=Arena}: what the arena did last, and operator controls. */
public interface ArenaMXBean {

    String getLastTickId();

    String getLastTickStart();

    String getLastTickEnd();

    /** COMPLETED, SKIPPED, PAUSED or FAILED, with the reason when not completed. */
    String getLastTickOutcome();

    long getDecisionsExecuted();

    long getDecisionsHold();

    long getDecisionsRejected();

    long getDecisionsModelError();

    long getDecisionsParseError();

    /** One line per provider: "openai: calls=N errors=N meanLatencyMs=N". */
    String[] getProviderCalls();

    long getDecisionLogWriteFailures();

    /** The last route edit that was refused and still stands (file, line, cause), or empty. */
    String getLastRefusedRouteEdit();

    boolean isTradingPaused();

    /** Runs a tick now and returns its id when it has ended (or why none ran). */
    String triggerTick();

    void pauseTrading();

    void resumeTrading();

    /** Re-reads the route files now (validated first); returns what happened. */
    String reloadRoutes();
}
