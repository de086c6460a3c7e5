package io.camelarena.support;

/** One way to put a failure into a log line or a row: its type and message, and its root cause's, on one line. */
public final class Failures {

    private Failures() {
    }

    public static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** "Type: message (caused by RootType: root message)", whitespace folded, no stack trace. */
    public static String describe(Throwable failure) {
        Throwable root = rootCause(failure);
        String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (root != failure) {
            text += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text.replaceAll("\\s+", " ").trim();
    }
}
