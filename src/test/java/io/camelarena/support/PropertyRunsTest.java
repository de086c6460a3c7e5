package io.camelarena.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/** The seed of a property run is reported on failure and, given back through QT_SEED, replays the same examples. */
class PropertyRunsTest {

    @Test
    void aFailureNamesItsSeedTheReplayCommandAndTheShrunkValue() {
        String before = setSeedProperty(4242L);
        QuickTheory runs;
        try {
            runs = PropertyRuns.qt(200, 10_000); // called here, not in a lambda: the replay line names this method
        } finally {
            restoreSeedProperty(before);
        }

        AssertionError failure = catchThrowableOfType(AssertionError.class,
                () -> runs.forAll(integers().between(0, 1_000_000)).checkAssert(i -> assertThat(i).isLessThan(777)));

        assertThat(failure.getMessage().lines().findFirst()).contains("property failed with seed 4242; re-run with:"
                + " mvn -B test -Dtest='PropertyRunsTest#aFailureNamesItsSeedTheReplayCommandAndTheShrunkValue'"
                + " -DQT_SEED=4242");
        // shrinking went down to the boundary: 777 is the smallest value that fails
        assertThat(failure.getMessage()).contains("Smallest found falsifying value(s) :-" + System.lineSeparator()
                + "777" + System.lineSeparator()).contains("Seed was 4242");
    }

    @Test
    void theSameSeedGeneratesTheSameExamplesAndADifferentOneOthers() {
        List<Integer> first = examples(99L);
        List<Integer> again = examples(99L);
        List<Integer> other = examples(100L);

        // a try that repeats an earlier example is skipped, so 50 tries run a few less than 50 examples
        assertThat(first).hasSizeBetween(45, 50).isEqualTo(again).isNotEqualTo(other);
    }

    @Test
    void withoutTheSeedPropertyEachRunPicksItsOwnSeed() {
        String before = System.clearProperty(PropertyRuns.SEED_PROPERTY);
        long first;
        long second;
        try {
            first = PropertyRuns.seed();
            second = PropertyRuns.seed();
        } finally {
            restoreSeedProperty(before);
        }
        assertThat(second).isNotEqualTo(first);
    }

    private static List<Integer> examples(long seed) {
        List<Integer> seen = new ArrayList<>();
        String before = setSeedProperty(seed);
        QuickTheory runs;
        try {
            runs = PropertyRuns.qt(50, 0);
        } finally {
            restoreSeedProperty(before);
        }
        runs.forAll(integers().between(0, Integer.MAX_VALUE)).checkAssert(seen::add);
        return seen;
    }

    /** Sets QT_SEED and returns its previous value (null when unset). */
    private static String setSeedProperty(long seed) {
        return System.setProperty(PropertyRuns.SEED_PROPERTY, Long.toString(seed));
    }

    private static void restoreSeedProperty(String before) {
        if (before == null) {
            System.clearProperty(PropertyRuns.SEED_PROPERTY);
        } else {
            System.setProperty(PropertyRuns.SEED_PROPERTY, before);
        }
    }
}
