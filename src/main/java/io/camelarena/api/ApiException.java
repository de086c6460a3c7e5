package io.camelarena.api;

/** A request the API refuses: answered with {@link #status()} and a JSON error naming the parameter. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final String parameter;

    public ApiException(int status, String error, String parameter, String message) {
        super(message);
        this.status = status;
        this.error = error;
        this.parameter = parameter;
    }

    /** 400: a parameter that is unknown, malformed or out of range. */
    public static ApiException badParameter(String parameter, String message) {
        return new ApiException(400, "bad_request", parameter, message);
    }

    /** 401: the bearer token is missing or wrong. */
    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", null, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", null, message);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String parameter() {
        return parameter;
    }
}
