package org.erpbridge.checkout;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.common.ApiProblem;
import org.erpbridge.common.ApiProblem.FieldError;
import org.erpbridge.merchant.Merchant;

import static org.erpbridge.checkout.CashPaymentLimits.ARTICLE_NUMBER_MAX;
import static org.erpbridge.checkout.CashPaymentLimits.CARD_PATTERN;
import static org.erpbridge.checkout.CashPaymentLimits.CASHIER_MAX;
import static org.erpbridge.checkout.CashPaymentLimits.DESCRIPTION_MAX;
import static org.erpbridge.checkout.CashPaymentLimits.EAN_PATTERN;
import static org.erpbridge.checkout.CashPaymentLimits.MAX_LINES;
import static org.erpbridge.checkout.CashPaymentLimits.ORDER_ID_MAX;
import static org.erpbridge.checkout.CashPaymentLimits.ORDER_ID_PATTERN;
import static org.erpbridge.checkout.CashPaymentLimits.PAID_AT_EARLIEST;
import static org.erpbridge.checkout.CashPaymentLimits.PAID_AT_FUTURE_TOLERANCE;
import static org.erpbridge.checkout.CashPaymentLimits.QUANTITY_MAX;
import static org.erpbridge.checkout.CashPaymentLimits.QUANTITY_MIN;
import static org.erpbridge.checkout.CashPaymentLimits.REGISTER_MAX;
import static org.erpbridge.checkout.CashPaymentLimits.TOTAL_MAX;
import static org.erpbridge.checkout.CashPaymentLimits.UNIT_PRICE_MAX;
import static org.erpbridge.checkout.CashPaymentLimits.VAT_RATE_MAX;

/**
 * Checks a cash payment before anything is stored or sent and turns it into its canonical form. Collects
 * every offending field (e.g. {@code lines[1].quantity}) into one 422 problem. Reasons never quote the
 * value, since it may be a card number.
 */
@ApplicationScoped
class CashPaymentValidator {
    private static final Pattern ORDER_ID = Pattern.compile(ORDER_ID_PATTERN);
    private static final Pattern CARD = Pattern.compile(CARD_PATTERN);
    private static final Pattern EAN = Pattern.compile(EAN_PATTERN);
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final Clock clock;

    CashPaymentValidator(Clock clock) {
        this.clock = clock;
    }

    ValidatedPayment validate(Merchant merchant, CashPaymentRequest r) {
        List<FieldError> errors = new ArrayList<>();
        String orderId = r.orderId();
        if (orderId == null || orderId.isEmpty()) {
            errors.add(new FieldError("orderId", "is required"));
        } else if (!ORDER_ID.matcher(orderId).matches()) {
            errors.add(
                    new FieldError("orderId", "must be 1 to " + ORDER_ID_MAX + " characters of A-Z a-z 0-9 . _ : -"));
        }
        checkCurrency(merchant, r.currency(), errors);
        checkTotalRange(r.total(), errors);
        String card = emptyToNull(r.loyaltyCard());
        if (card != null && !CARD.matcher(card).matches()) {
            errors.add(new FieldError("loyaltyCard", "must be a secucard number: 16 digits starting with 9276"));
        }
        List<ValidatedPayment.Line> lines = checkLines(r.lines(), errors);
        String register = optionalText("register", r.register(), REGISTER_MAX, errors);
        String cashier = optionalText("cashier", r.cashier(), CASHIER_MAX, errors);
        Instant paidAt = checkPaidAt(r.paidAt(), errors);
        if (errors.isEmpty()) {
            checkSum(r.total(), lines, errors);
        }
        if (!errors.isEmpty()) {
            String detail = errors.size() == 1
                    ? "Field '" + errors.get(0).field() + "' " + errors.get(0).reason()
                    : errors.size() + " fields are not valid";
            throw ApiProblem.validation(detail, errors);
        }
        return new ValidatedPayment(
                orderId, r.currency(), r.total(), card, lines, register, cashier, paidAt.toString());
    }

    private static void checkCurrency(Merchant merchant, String currency, List<FieldError> errors) {
        if (currency == null || currency.isEmpty()) {
            errors.add(new FieldError("currency", "is required"));
        } else if (!CURRENCY.matcher(currency).matches()) {
            errors.add(new FieldError("currency", "must be an ISO 4217 code of three upper-case letters"));
        } else if (!currency.equals(merchant.currency().getCurrencyCode())) {
            errors.add(new FieldError(
                    "currency",
                    "must be the merchant's currency " + merchant.currency().getCurrencyCode()));
        }
    }

    private static void checkTotalRange(Long total, List<FieldError> errors) {
        if (total == null) {
            errors.add(new FieldError("total", "is required"));
        } else if (total < 1 || total > TOTAL_MAX) {
            errors.add(new FieldError("total", "must be between 1 and " + TOTAL_MAX + " (minor units)"));
        }
    }

    private static List<ValidatedPayment.Line> checkLines(
            List<CashPaymentRequest.Line> lines, List<FieldError> errors) {
        if (lines == null) {
            errors.add(new FieldError("lines", "is required"));
            return List.of();
        }
        if (lines.isEmpty() || lines.size() > MAX_LINES) {
            errors.add(new FieldError("lines", "must have 1 to " + MAX_LINES + " lines"));
            return List.of();
        }
        List<ValidatedPayment.Line> result = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String at = "lines[" + i + "]";
            CashPaymentRequest.Line line = lines.get(i);
            if (line == null) {
                errors.add(new FieldError(at, "must be an object, not null"));
                continue;
            }
            String articleNumber =
                    optionalText(at + ".articleNumber", line.articleNumber(), ARTICLE_NUMBER_MAX, errors);
            String ean = emptyToNull(line.ean());
            if (ean != null && !EAN.matcher(ean).matches()) {
                errors.add(new FieldError(at + ".ean", "must be a GTIN of 8, 12, 13 or 14 digits, or empty"));
            }
            String description = requiredText(at + ".description", line.description(), DESCRIPTION_MAX, errors);
            long quantity = range(at + ".quantity", line.quantity(), QUANTITY_MIN, QUANTITY_MAX, errors);
            long unitPrice = range(at + ".unitPrice", line.unitPrice(), 0, UNIT_PRICE_MAX, errors);
            long vatRate = range(
                    at + ".vatRate",
                    line.vatRate() == null ? null : line.vatRate().longValue(),
                    0,
                    VAT_RATE_MAX,
                    errors);
            result.add(new ValidatedPayment.Line(articleNumber, ean, description, quantity, unitPrice, (int) vatRate));
        }
        return result;
    }

    private static void checkSum(long total, List<ValidatedPayment.Line> lines, List<FieldError> errors) {
        long sum = 0;
        try {
            for (ValidatedPayment.Line line : lines) {
                sum = Math.addExact(sum, Math.multiplyExact(line.quantity(), line.unitPrice()));
            }
        } catch (ArithmeticException e) {
            errors.add(new FieldError("lines", "the sum of quantity * unitPrice overflows"));
            return;
        }
        if (sum != total) {
            errors.add(new FieldError(
                    "total", "must equal the sum of quantity * unitPrice over the lines, which is " + sum));
        }
    }

    private Instant checkPaidAt(String paidAt, List<FieldError> errors) {
        if (paidAt == null || paidAt.isEmpty()) {
            errors.add(new FieldError("paidAt", "is required"));
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(paidAt).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(
                    "paidAt", "must be an ISO-8601 date-time with offset, e.g. 2026-11-23T09:18:14+01:00"));
            return null;
        }
        if (instant.isBefore(PAID_AT_EARLIEST)
                || instant.isAfter(clock.instant().plus(PAID_AT_FUTURE_TOLERANCE))) {
            errors.add(new FieldError("paidAt", "must lie between 2000-01-01 and 24 hours from now"));
            return null;
        }
        return instant;
    }

    private static long range(String field, Long value, long min, long max, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError(field, "is required"));
            return 0;
        }
        if (value < min || value > max) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max));
            return 0;
        }
        return value;
    }

    private static String requiredText(String field, String value, int max, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        return text(field, value, max, errors);
    }

    private static String optionalText(String field, String value, int max, List<FieldError> errors) {
        return value == null || value.isEmpty() ? null : text(field, value, max, errors);
    }

    private static String text(String field, String value, int max, List<FieldError> errors) {
        String problem = TextRules.problem(value, max);
        if (problem != null) {
            errors.add(new FieldError(field, problem));
        }
        return value;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
