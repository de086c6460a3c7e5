package io.camelarena.model;

/**
 * One model call while it runs through the call-model routes (exchange property {@value #PROPERTY}): its request,
 * attempts, last failed attempt and timing. The body in between is the provider's wire request and reply.
 */
public final class ModelCall {

    public static final String PROPERTY = "arenaModelCall";

    private final ModelRequest request;
    private int attempts;
    private String lastError;
    private long startedNanos;
    private Long latencyMs;

    public ModelCall(ModelRequest request) {
        this.request = request;
    }

    public ModelRequest request() {
        return request;
    }

    public String provider() {
        return request.provider();
    }

    /** The chat completions URL of an OpenAI-compatible account (its base-url, normalized). */
    public String chatCompletionsUrl() {
        return ModelCallSteps.chatCompletionsUrl(request.account().baseUrl());
    }

    /** The registry name of the account's Bedrock client (bound on its first call). */
    public String bedrockClient() {
        return "arenaBedrockClient-" + request.account().name();
    }

    public int attempts() {
        return attempts;
    }

    /** Counts one more attempt (the first call and every retry). */
    public void attemptStarted() {
        attempts++;
    }

    public String lastError() {
        return lastError;
    }

    public void lastError(String value) {
        lastError = value;
    }

    /** The start of the first attempt: with retries, the latency spans all attempts and the waits between them. */
    public void started(long nanos) {
        if (startedNanos == 0) {
            startedNanos = nanos;
        }
    }

    /** The end of the last attempt (or of the failure). */
    public void ended(long nanos) {
        if (startedNanos != 0) {
            latencyMs = Math.max(0, (nanos - startedNanos) / 1_000_000);
        }
    }

    public Long latencyMs() {
        return latencyMs;
    }

    @Override
    public String toString() {
        return "ModelCall[" + request.tickId() + ", " + request.account().name() + ", attempts=" + attempts + "]";
    }
}
