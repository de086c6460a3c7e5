package io.camelarena.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** Retry-After as a provider sends it: delay-seconds or an HTTP date (RFC 1123, GMT), in milliseconds. */
class ModelRetryPolicyTest {

    private static String httpDate(ZonedDateTime time) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(time.withZoneSameInstant(ZoneOffset.UTC));
    }

    @Test
    void delaySecondsAreMilliseconds() {
        assertThat(ModelRetryPolicy.parseRetryAfter("2")).isEqualTo(2_000);
        assertThat(ModelRetryPolicy.parseRetryAfter(" 0.5 ")).isEqualTo(500);
        assertThat(ModelRetryPolicy.parseRetryAfter("0")).isZero();
    }

    @Test
    void anHttpDateIsTheTimeUntilThen() {
        // Whole seconds on the wire: a date 120 s ahead is between 119 and 120 s away once it is read.
        ZonedDateTime inTwoMinutes = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120);
        assertThat(ModelRetryPolicy.parseRetryAfter(httpDate(inTwoMinutes))).isBetween(110_000L, 120_000L);
        assertThat(ModelRetryPolicy.parseRetryAfter("Wed, 21 Oct 2099 07:28:00 GMT"))
                .isGreaterThan(365L * 24 * 3600 * 1000);
    }

    @Test
    void anHttpDateInThePastMeansNow() {
        assertThat(ModelRetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isZero();
    }

    @Test
    void anythingElseIsNoRetryAfter() {
        assertThat(ModelRetryPolicy.parseRetryAfter(null)).isNull();
        assertThat(ModelRetryPolicy.parseRetryAfter("  ")).isNull();
        assertThat(ModelRetryPolicy.parseRetryAfter("soon")).isNull();
        assertThat(ModelRetryPolicy.parseRetryAfter("2099-10-21T07:28:00Z")).isNull();
    }
}
