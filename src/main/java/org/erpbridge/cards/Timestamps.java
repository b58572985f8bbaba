package org.erpbridge.cards;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Instants as the database keeps them (microseconds), and secuconnect's ISO-8601 strings read leniently. */
final class Timestamps {
    private Timestamps() {
    }

    /** PostgreSQL keeps microseconds: truncating first makes a stored instant compare equal to the one we hold. */
    static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** {@code 2019-09-12T10:52:22+02:00} (or without offset, taken as UTC); null when absent or unreadable. */
    static Instant parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value.trim()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
