package org.erpbridge.checkout;

/**
 * What free text from the ERP may contain. It is printed on receipts, stored in PostgreSQL and sent to
 * secuconnect, so: no control characters (PostgreSQL refuses NUL), no invisible format characters (bidi
 * overrides and zero-width characters can make a receipt line read differently than it is), no broken
 * UTF-16, and a length counted in characters (code points) as the database counts it.
 */
final class TextRules {
    private TextRules() {}

    /** Why the text is refused, or null when it is fine. */
    static String problem(String value, int maxCharacters) {
        int length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int codePoint = c;
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                codePoint = Character.toCodePoint(c, value.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate (not valid Unicode text)";
            }
            int type = Character.getType(codePoint);
            if (type == Character.CONTROL) {
                return "must not contain control characters";
            }
            if (type == Character.FORMAT || codePoint == 0xFFFE || codePoint == 0xFFFF) {
                return "must not contain invisible format characters (bidi overrides, zero-width characters)";
            }
            length++;
        }
        if (length > maxCharacters) {
            return "must be at most " + maxCharacters + " characters";
        }
        return null;
    }
}
