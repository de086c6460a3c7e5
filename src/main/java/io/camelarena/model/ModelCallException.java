package io.camelarena.model;

import io.camelarena.decision.ErrorCode;

/** A model call that produced no usable reply; the code and message go on the log row. */
public class ModelCallException extends RuntimeException {

    private final ErrorCode code;
    private final String requestId;
    private final int httpStatus;
    private final Long retryAfterMs;

    public ModelCallException(ErrorCode code, String message, String requestId) {
        this(code, message, requestId, 0, null);
    }

    /**
     * @param httpStatus   the provider's HTTP status, 0 when there was none
     * @param retryAfterMs the provider's Retry-After in milliseconds, null when it sent none
     */
    public ModelCallException(ErrorCode code, String message, String requestId, int httpStatus, Long retryAfterMs) {
        super(message, null, false, false);
        this.code = code;
        this.requestId = requestId;
        this.httpStatus = httpStatus;
        this.retryAfterMs = retryAfterMs;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Long retryAfterMs() {
        return retryAfterMs;
    }

    public ErrorCode code() {
        return code;
    }

    public String requestId() {
        return requestId;
    }
}
