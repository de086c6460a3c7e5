package io.camelarena.replay;

/** One prompt to send once: logged decision {@code originalId} to target {@code target}, in run {@code runId}. */
public record ReplayItem(int runId, int originalId, String target) {
}
