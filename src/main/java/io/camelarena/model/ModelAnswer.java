package io.camelarena.model;

import io.camelarena.decision.ErrorCode;

/**
 * What a model call gave back: the call-model route's output, a reply or the reason there is none, with what the
 * call cost.
 *
 * @param reply        the provider's reply (key-scrubbed), null when the call failed
 * @param model        the model that answered (the simulated model names its strategy), null to keep the account's
 * @param attempts     attempts made (the first call and every retry; 0 when no call was made)
 * @param lastError    the error of the last failed attempt, or null
 * @param latencyMs    from the start of the first attempt to the end of the last, null when no call was made
 * @param requestId    the provider's request id, also when the call failed, or null
 * @param errorCode    why there is no reply, null when there is one
 * @param errorMessage what went wrong, key-scrubbed, null when there is a reply
 */
public record ModelAnswer(ModelReply reply, String model, int attempts, String lastError, Long latencyMs,
        String requestId, ErrorCode errorCode, String errorMessage) {

    public boolean failed() {
        return errorCode != null;
    }
}
