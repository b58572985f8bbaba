package org.erpbridge.ops;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.erpbridge.secuconnect.CardNumbers;

import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Last line of defence on the console log ({@code quarkus.log.console.filter=card-number-mask}): the code masks
 * card numbers itself, but should a full one still reach a log line (in the message, a parameter or an exception
 * message) it is masked here to its last four digits. Every run of 12 to 19 digits counts as a card number, so a
 * long numeric order id is masked in the message too (the {@code orderId} log field keeps it readable).
 */
@LoggingFilter(name = CardNumberLogFilter.NAME)
public final class CardNumberLogFilter implements Filter {
    public static final String NAME = "card-number-mask";
    private static final int MAX_CAUSES = 20;

    @Override
    public boolean isLoggable(LogRecord record) {
        String formatted = formatted(record);
        String masked = CardNumbers.maskAll(formatted);
        if (masked != null && !masked.equals(formatted)) {
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(masked);
            }
            record.setParameters(null);
        }
        if (record.getThrown() != null && revealsDigits(record.getThrown())) {
            record.setThrown(MaskedThrowable.of(record.getThrown(), 0));
        }
        return true;
    }

    private static String formatted(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            return ext.getFormattedMessage();
        }
        Object[] parameters = record.getParameters();
        if (parameters == null || parameters.length == 0 || record.getMessage() == null) {
            return record.getMessage();
        }
        return java.text.MessageFormat.format(record.getMessage(), parameters);
    }

    private static boolean revealsDigits(Throwable thrown) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
            String message = t.getMessage();
            if (message != null && !message.equals(CardNumbers.maskAll(message))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stands in for an exception whose message (or a cause's) quoted a card number: same class name, masked
     * message, same stack trace and causes.
     */
    static final class MaskedThrowable extends RuntimeException {
        private final String text;

        private MaskedThrowable(String text, Throwable cause) {
            super(text, cause, false, true);
            this.text = text;
        }

        static Throwable of(Throwable original, int depth) {
            Throwable cause = original.getCause();
            Throwable maskedCause =
                    cause == null || cause == original || depth >= MAX_CAUSES ? null : of(cause, depth + 1);
            String message = original.getMessage();
            MaskedThrowable masked = new MaskedThrowable(
                    original.getClass().getName() + (message == null ? "" : ": " + CardNumbers.maskAll(message)),
                    maskedCause);
            masked.setStackTrace(original.getStackTrace());
            return masked;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
