package io.camelarena.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextLimitsTest {

    private static final String EMOJI = "😀"; // U+1F600: 2 UTF-16 units, 4 bytes in utf8mb4
    private static final String CJK = "漢";

    @Test
    void nullStaysNull() {
        assertThat(TextLimits.truncate(null, 10)).isNull();
        assertThat(TextLimits.length(null)).isZero();
    }

    @Test
    void lengthCountsCodePointsNotUtf16Units() {
        assertThat(TextLimits.length(EMOJI.repeat(3))).isEqualTo(3);
        assertThat(TextLimits.length("a" + CJK + EMOJI)).isEqualTo(3);
    }

    @Test
    void textWithinLimitIsReturnedUnchanged() {
        String text = "hello";
        assertThat(TextLimits.truncate(text, 100)).isSameAs(text);
    }

    @Test
    void emojiTextExactlyAtLimitIsUnchangedAlthoughItHasTwiceAsManyUtf16Units() {
        String text = EMOJI.repeat(50);
        assertThat(text.length()).isEqualTo(100);
        assertThat(TextLimits.truncate(text, 50)).isSameAs(text);
    }

    @Test
    void cjkTextExactlyAtLimitIsUnchangedAndOneMoreIsCut() {
        assertThat(TextLimits.truncate(CJK.repeat(1000), 1000)).isEqualTo(CJK.repeat(1000));

        String cut = TextLimits.truncate(CJK.repeat(1001), 1000);
        assertThat(TextLimits.length(cut)).isEqualTo(1000);
        // the marker "…[truncated 22 chars]" takes 21 code points, so 979 of the 1001 are kept and 22 removed
        assertThat(cut).isEqualTo(CJK.repeat(979) + "…[truncated 22 chars]");
    }

    @Test
    void longTextIsCutToExactlyTheLimitIncludingTheMarker() {
        String text = "x".repeat(12_345);
        String cut = TextLimits.truncate(text, TextLimits.PROMPT);

        assertThat(TextLimits.length(cut)).isEqualTo(TextLimits.PROMPT);
        // the marker takes 23 code points: 9977 kept, 2368 removed
        assertThat(cut).isEqualTo("x".repeat(9977) + "…[truncated 2368 chars]");
    }

    @Test
    void markerCountsRemovedCodePoints() {
        String text = EMOJI.repeat(100);
        String cut = TextLimits.truncate(text, 50);

        // marker "…[truncated 71 chars]" is 21 code points, leaving 29 emoji: 29 + 71 = 100
        assertThat(cut).isEqualTo(EMOJI.repeat(29) + "…[truncated 71 chars]");
        assertThat(TextLimits.length(cut)).isEqualTo(50);
        assertNoSplitSurrogates(cut);
    }

    @Test
    void cutNeverSplitsAnEmojiAtTheBoundary() {
        // For every limit, the kept part must end on a code point boundary.
        String text = "ab" + EMOJI + "c" + EMOJI + EMOJI + "d".repeat(40) + EMOJI.repeat(30);
        for (int limit = 0; limit < TextLimits.length(text); limit++) {
            String cut = TextLimits.truncate(text, limit);
            assertThat(TextLimits.length(cut)).as("limit %d", limit).isLessThanOrEqualTo(limit);
            assertNoSplitSurrogates(cut);
        }
    }

    @Test
    void limitSmallerThanMarkerCutsHardWithoutMarkerAndWithoutSplitting() {
        String text = EMOJI.repeat(30);
        String cut = TextLimits.truncate(text, 7);

        assertThat(cut).isEqualTo(EMOJI.repeat(7));
        assertThat(cut).doesNotContain("truncated");
        assertNoSplitSurrogates(cut);
    }

    @Test
    void limitZeroGivesEmptyTextAndNegativeLimitIsRejected() {
        assertThat(TextLimits.truncate("abc", 0)).isEmpty();
        assertThatThrownBy(() -> TextLimits.truncate("abc", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void markerWidthChangeAtPowerOfTenStillFillsTheLimit() {
        // 10 removed needs a 2-digit marker, 9 removed a 1-digit one: the result must still be at most the limit.
        for (int total = 31; total < 60; total++) {
            String cut = TextLimits.truncate("y".repeat(total), 30);
            assertThat(TextLimits.length(cut)).isLessThanOrEqualTo(30).isGreaterThanOrEqualTo(29);
            int removed = Integer.parseInt(cut.replaceAll(".*truncated (\\d+) chars]$", "$1"));
            assertThat(cut.indexOf('…') + removed).isEqualTo(total);
        }
    }

    @Test
    void prefixCutsByCodePoints() {
        assertThat(TextLimits.prefix(EMOJI + CJK + "a", 2)).isEqualTo(EMOJI + CJK);
        assertThat(TextLimits.prefix("ab", 5)).isEqualTo("ab");
    }

    // ---------------------------------------------------------------- VARCHAR columns (H2 counts UTF-16 units)

    @Test
    void fitColumnKeepsAValueThatFitsInUtf16Units() {
        String text = EMOJI.repeat(10);
        assertThat(TextLimits.fitColumn(text, 20)).isSameAs(text);
        assertThat(TextLimits.fitColumn(null, 5)).isNull();
    }

    @Test
    void fitColumnCountsAnEmojiAsTwoUnitsWhereTruncateCountsOneCodePoint() {
        String text = "a".repeat(990) + EMOJI.repeat(10); // 1,000 code points, 1,010 UTF-16 units
        assertThat(TextLimits.truncate(text, 1000)).isSameAs(text);

        String cut = TextLimits.fitColumn(text, 1000);

        // the marker takes 21 units: 979 a kept, 21 code points removed (11 a and the 10 emoji)
        assertThat(cut).isEqualTo("a".repeat(979) + "…[truncated 21 chars]");
        assertThat(cut.length()).isEqualTo(1000);
    }

    @Test
    void fitColumnNeverSplitsAnEmojiAndNeverExceedsTheColumn() {
        String text = "ab" + EMOJI + "c" + EMOJI + EMOJI + "d".repeat(40) + EMOJI.repeat(30);
        for (int limit = 0; limit <= text.length(); limit++) {
            String cut = TextLimits.fitColumn(text, limit);
            assertThat(cut.length()).as("limit %d", limit).isLessThanOrEqualTo(limit);
            assertNoSplitSurrogates(cut);
            if (limit < text.length() && limit > 0) {
                assertThat(cut).as("limit %d", limit).endsWith(limit >= 22 ? " chars]" : "…");
            }
        }
    }

    @Test
    void aColumnTooShortForTheMarkerGetsAnEllipsis() {
        assertThat(TextLimits.fitColumn("BTC" + "X".repeat(30), 20)).isEqualTo("BTC" + "X".repeat(16) + "…");
        assertThat(TextLimits.fitColumn(EMOJI.repeat(15), 20)).isEqualTo(EMOJI.repeat(9) + "…");
        assertThat(TextLimits.fitColumn("abc", 1)).isEqualTo("…");
        assertThat(TextLimits.fitColumn("abc", 0)).isEmpty();
    }

    private static void assertNoSplitSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                        .as("high surrogate at %d followed by low surrogate in %s", i, s).isTrue();
                i++;
            } else {
                assertThat(Character.isLowSurrogate(c)).as("lone low surrogate at %d", i).isFalse();
            }
        }
    }
}
