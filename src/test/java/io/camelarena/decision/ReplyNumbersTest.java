package io.camelarena.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyNumbersTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "0.3", "0.30", "-0.2", "30", "1.5", "0.0000001", "1E-34", "1E+34",
            "0.1234567890123456789012345678901234", "1234567890123456789012345678901234"})
    void numbersAReplyWritesOutAreBounded(String value) {
        assertThat(ReplyNumbers.isBounded(new BigDecimal(value))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E-600000000", "1E+600000000", "-1E-600000000", "1E-2147483647", "1E+2147483647",
            "1E-35", "1E+35", "0.12345678901234567890123456789012345", "12345678901234567890123456789012345"})
    void absurdExponentsAndTooManyDigitsAreNot(String value) {
        assertThat(ReplyNumbers.isBounded(new BigDecimal(value))).isFalse();
    }

    @Test
    void nullIsNotBounded() {
        assertThat(ReplyNumbers.isBounded(null)).isFalse();
    }
}
