package io.camelarena.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for tests that need something of the machine (the MariaDB server, Debian's chromium): without it they
 * are skipped, except under CI ({@code CI=true}, in any case), where they must run and fail instead.
 */
public final class RequiredUnderCi {

    private RequiredUnderCi() {
    }

    /** True under CI: {@code CI} is {@code true} (in any case). */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Skips the calling test because {@code missing} (what is not there, and how to get it) is not available, or
     * fails it under CI.
     *
     * @return never returns normally; declared so that callers can write {@code throw unavailable(...)}
     */
    public static RuntimeException unavailable(String missing, Throwable cause) {
        if (ci()) {
            throw new IllegalStateException("CI=true but " + missing, cause);
        }
        Assumptions.abort(missing);
        return new IllegalStateException("unreachable");
    }
}
