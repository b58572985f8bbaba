package org.erpbridge.reconciliation;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.erpbridge.common.ApiProblem;

/**
 * Reads the {@code from}/{@code to} (and {@code date}) query parameters: a missing or unreadable date is 400, a
 * readable but unacceptable period (from after to, too long) is 422; the problem names the parameter.
 */
final class PeriodParameters {
    private PeriodParameters() {}

    /** {@code to} may be omitted: then the period is the single day {@code from}. */
    static ReportPeriod period(String from, String to, ZoneId zone, int maxDays) {
        List<ApiProblem.FieldError> unreadable = new ArrayList<>();
        LocalDate start = date("from", from, true, unreadable);
        LocalDate end = date("to", to, false, unreadable);
        if (!unreadable.isEmpty()) {
            throw ApiProblem.badRequest(describe(unreadable), unreadable);
        }
        LocalDate last = end == null ? start : end;
        if (last.isBefore(start)) {
            throw invalid("to", "must not be before from (" + start + ")");
        }
        ReportPeriod period = new ReportPeriod(start, last, zone);
        if (period.days() > maxDays) {
            throw invalid("to", "the period covers " + period.days() + " days, at most " + maxDays + " are allowed");
        }
        return period;
    }

    /** A single business day that has begun (today or earlier in the merchant's time zone). */
    static LocalDate day(String name, String value, LocalDate today) {
        List<ApiProblem.FieldError> unreadable = new ArrayList<>();
        LocalDate day = date(name, value, true, unreadable);
        if (!unreadable.isEmpty()) {
            throw ApiProblem.badRequest(describe(unreadable), unreadable);
        }
        if (day.isAfter(today)) {
            throw invalid(name, "lies in the future (today is " + today + " in the merchant's time zone)");
        }
        return day;
    }

    private static LocalDate date(String name, String value, boolean required, List<ApiProblem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new ApiProblem.FieldError(name, "required: an ISO date (YYYY-MM-DD)"));
            }
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            errors.add(new ApiProblem.FieldError(name, "not an ISO date (YYYY-MM-DD)"));
            return null;
        }
    }

    private static ApiProblem invalid(String name, String reason) {
        return ApiProblem.validation(
                "Query parameter '" + name + "' " + reason, List.of(new ApiProblem.FieldError(name, reason)));
    }

    private static String describe(List<ApiProblem.FieldError> errors) {
        return errors.size() == 1
                ? "Query parameter '" + errors.get(0).field() + "' is "
                        + errors.get(0).reason()
                : errors.size() + " query parameters are not valid";
    }
}
