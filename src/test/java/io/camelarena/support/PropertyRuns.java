package io.camelarena.support;

import java.util.List;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Configuration;
import org.quicktheories.core.ExceptionReporter;
import org.quicktheories.core.Reporter;

/**
 * QuickTheories runs for the property tests, with a seed that is written down. A run uses the seed in the system
 * property {@value #SEED_PROPERTY} (QuickTheories' own name, {@code -DQT_SEED=N} on the mvn command line) when it is
 * set, a new one otherwise. When a property fails, the first line of the failure names the seed and the command that
 * re-runs the test with it; QuickTheories' report (the smallest falsifying value after shrinking) follows.
 */
public final class PropertyRuns {

    public static final String SEED_PROPERTY = Configuration.SEED;

    private PropertyRuns() {
    }

    /**
     * @param tries        examples to generate (distinct ones: a repeated example is skipped, as in QuickTheories)
     * @param shrinkCycles attempts to shrink a falsifying example; 0 turns shrinking off
     */
    public static QuickTheory qt(int tries, int shrinkCycles) {
        long seed = seed();
        String test = callingTest();
        return QuickTheory.qt()
                .withFixedSeed(seed)
                .withExamples(tries)
                .withShrinkCycles(shrinkCycles)
                .withReporter(new ReplayableReporter(seed, test));
    }

    static long seed() {
        String given = System.getProperty(SEED_PROPERTY);
        if (given == null || given.isBlank()) {
            return System.nanoTime();
        }
        try {
            return Long.parseLong(given.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED_PROPERTY + " must be a whole number, was " + given, e);
        }
    }

    /** Class#method of the test that called {@link #qt}: the frame right above it. */
    private static String callingTest() {
        return StackWalker.getInstance().walk(frames -> frames.skip(2).findFirst())
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "#" + f.getMethodName())
                .orElse("?");
    }

    /** QuickTheories' reports, with the seed and the command that replays it on the first line. */
    private record ReplayableReporter(long seed, String test) implements Reporter {

        private static final Reporter QUICKTHEORIES = new ExceptionReporter();

        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, List<Object> examples,
                AsString<Object> toString) {
            throw withReplay(() -> QUICKTHEORIES.falisification(seed, examplesUsed, smallest, examples, toString));
        }

        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, Throwable cause,
                List<Object> examples, AsString<Object> toString) {
            throw withReplay(() -> QUICKTHEORIES.falisification(seed, examplesUsed, smallest, cause, examples,
                    toString));
        }

        @Override
        public void valuesExhausted(int completedExamples) {
            throw withReplay(() -> QUICKTHEORIES.valuesExhausted(completedExamples));
        }

        /** Runs QuickTheories' reporter (which always throws) and returns its failure with the replay line added. */
        private AssertionError withReplay(Runnable report) {
            try {
                report.run();
            } catch (Throwable failure) {
                AssertionError replayable = new AssertionError(replayLine() + System.lineSeparator()
                        + failure.getMessage());
                replayable.setStackTrace(failure.getStackTrace());
                return replayable;
            }
            return new AssertionError(replayLine() + System.lineSeparator() + "QuickTheories reported no details");
        }

        private String replayLine() {
            return "property failed with seed " + seed + "; re-run with: mvn -B test -Dtest='" + test + "' -D"
                    + SEED_PROPERTY + "=" + seed;
        }
    }
}
