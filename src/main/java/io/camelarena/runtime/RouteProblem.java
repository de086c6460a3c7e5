package io.camelarena.runtime;

/**
 * One reason a set of route files cannot be applied: the file (as named to the user), the 1-based line (0 when the
 * problem concerns no single line) and the cause.
 */
public record RouteProblem(String file, int line, String message) {

    /** {@code routes/tick-manual.camel.yaml:8: cause}, the form compilers and editors understand. */
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
