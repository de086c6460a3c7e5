package io.camelarena.replay;

/** A replay request that cannot be run: names the field at fault (answered 400 by the API, exit code 2 by the CLI). */
public final class ReplayRequestException extends RuntimeException {

    private final String field;

    public ReplayRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
