package io.camelarena.model;

import io.camelarena.decision.ErrorCode;

/** A model call that produced no usable reply; the code and message go on the log row. */
public class ModelCallException extends RuntimeException {

    private final ErrorCode code;
    private final String requestId;

    public ModelCallException(ErrorCode code, String message, String requestId) {
        super(message, null, false, false);
        this.code = code;
        this.requestId = requestId;
    }

    public ErrorCode code() {
        return code;
    }

    public String requestId() {
        return requestId;
    }
}
