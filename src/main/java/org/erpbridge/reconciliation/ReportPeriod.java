package org.erpbridge.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Whole business days {@code from}..{@code to} (both included) in the merchant's time zone: the instants
 * {@code [start of from, start of the day after to)}.
 */
public record ReportPeriod(LocalDate from, LocalDate to, ZoneId zone) {
    private static final DateTimeFormatter QUERY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    public ReportPeriod {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("period starts after it ends: " + from + " > " + to);
        }
    }

    public static ReportPeriod day(LocalDate day, ZoneId zone) {
        return new ReportPeriod(day, day, zone);
    }

    public Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    public Instant end() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start()) && instant.isBefore(end());
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /**
     * secuconnect's {@code q} range on {@code created} (range syntax {@code prop:[min TO max]} from secuconnect's
     * query documentation). secuconnect does not document the time zone of a bound without offset, so the range is
     * widened by a day on each side; the exact period is applied afterwards to each {@code created}, which carries an
     * offset.
     */
    public String createdQuery() {
        String min = from.minusDays(1).atStartOfDay().format(QUERY_TIME);
        String max = to.plusDays(1).atTime(23, 59, 59).format(QUERY_TIME);
        return "created:[" + min + " TO " + max + "]";
    }
}
