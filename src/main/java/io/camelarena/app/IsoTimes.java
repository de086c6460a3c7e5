package io.camelarena.app;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The times users give the API and the replay selection, in one reading. */
public final class IsoTimes {

    private IsoTimes() {
    }

    /**
     * An ISO-8601 instant ({@code 2026-11-25T12:00:00Z}), a date-time with offset ({@code ...+01:00}), a date-time
     * without offset (read as UTC) or a date ({@code 2026-11-25}, midnight UTC).
     *
     * @throws DateTimeParseException when it is none of these
     */
    public static Instant parse(String value) {
        if (value.length() == 10) {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        if (value.endsWith("Z") || value.matches(".*[+-]\\d{2}:\\d{2}$")) {
            return OffsetDateTime.parse(value).toInstant();
        }
        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    }
}
