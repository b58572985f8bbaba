package org.erpbridge.cards;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Instants as the database keeps them (microseconds), and secuconnect's ISO-8601 strings read leniently. */
final class Timestamps {
    private Timestamps() {}

    /** PostgreSQL keeps microseconds: truncating first makes a stored instant compare equal to the one we hold. */
    static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** {@code 2019-09-12T10:52:22+02:00} (or without offset, taken as UTC); null when absent or unreadable. */
    static Instant parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        Instant common = parseSecondsWithOffset(text);
        if (common != null) {
            return common;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /**
     * The form secuconnect sends, {@code yyyy-MM-ddTHH:mm:ss} and {@code Z} or {@code +HH:MM}, read without the
     * general ISO parser (a sync reads two per card); null for any other form or an invalid value, which the general
     * parsers then decide on.
     */
    private static Instant parseSecondsWithOffset(String text) {
        int length = text.length();
        if ((length != 20 && length != 25)
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int offsetSeconds = 0;
        if (length == 20) {
            if (text.charAt(19) != 'Z') {
                return null;
            }
        } else {
            char sign = text.charAt(19);
            int hours = digits(text, 20, 22);
            int minutes = digits(text, 23, 25);
            if ((sign != '+' && sign != '-') || text.charAt(22) != ':' || hours < 0 || minutes < 0) {
                return null;
            }
            offsetSeconds = (sign == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        }
        int[] fields = {
            digits(text, 0, 4),
            digits(text, 5, 7),
            digits(text, 8, 10),
            digits(text, 11, 13),
            digits(text, 14, 16),
            digits(text, 17, 19)
        };
        for (int field : fields) {
            if (field < 0) {
                return null;
            }
        }
        try {
            return LocalDateTime.of(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5])
                    .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code text[from, to)}, or -1 when it is not all digits. */
    private static int digits(String text, int from, int to) {
        int number = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }
}
