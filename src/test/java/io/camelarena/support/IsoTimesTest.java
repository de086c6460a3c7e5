package io.camelarena.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.audit.LogColumns;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class IsoTimesTest {

    @Test
    void aDateTimeParameterIsTheDecisionLogsCanonicalTextWithASpaceMillisecondsKept() {
        LocalDateTime t = LocalDateTime.of(2026, 11, 25, 12, 0, 3, 456_789_000);
        assertThat(IsoTimes.sqlDateTime(t)).isEqualTo("2026-11-25 12:00:03.456")
                .isEqualTo(LogColumns.canonical(t).replace('T', ' '));
        assertThat(IsoTimes.sqlDateTime(LocalDateTime.of(2026, 1, 2, 3, 4))).isEqualTo("2026-01-02 03:04:00.000");
    }
}
