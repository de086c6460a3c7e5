package io.camelarena.support;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The times users give the API and the replay selection, in one reading, and bound to SQL in one way. */
public final class IsoTimes {

    private static final DateTimeFormatter SQL_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

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

    /**
     * {@code instant} as the parameter of a comparison with a DATETIME(3) column: text
     * ({@code 2026-11-25 12:00:03.456}) of the local date-time in this JVM's zone, as the rows are written (see
     * {@code AuditChain}). As text because MySQL Connector/J sees MariaDB as server version 5.5.5 and drops the
     * fraction of Timestamp parameters, so {@code decision_time = ?} would never match a row with milliseconds and
     * {@code < ?} would lose the rest of that second; H2, MySQL and MariaDB compare such text with a DATETIME(3)
     * exactly.
     */
    public static String sqlDateTime(Instant instant) {
        return sqlDateTime(LocalDateTime.ofInstant(instant, ZoneId.systemDefault()));
    }

    /** A local date-time as the text of a DATETIME(3) parameter: milliseconds, the rest cut off. */
    public static String sqlDateTime(LocalDateTime t) {
        return SQL_DATE_TIME.format(t.truncatedTo(ChronoUnit.MILLIS));
    }
}
