package org.erpbridge.secuconnect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks card numbers to their last four digits before text reaches a log line or an exception. */
public final class CardNumbers {
    private static final Pattern LONG_DIGIT_RUN = Pattern.compile("\\d{12,19}");

    private CardNumbers() {}

    /** A 16-digit card number becomes twelve {@code *} and its last four digits. */
    public static String mask(String cardNumber) {
        if (cardNumber == null) {
            return null;
        }
        int keep = Math.min(4, cardNumber.length());
        return "*".repeat(cardNumber.length() - keep) + cardNumber.substring(cardNumber.length() - keep);
    }

    /** Masks every run of 12 to 19 digits in free text (secuconnect error messages may quote the card). */
    public static String maskAll(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = LONG_DIGIT_RUN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, mask(m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
