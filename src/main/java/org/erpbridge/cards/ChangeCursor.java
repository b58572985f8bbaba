package org.erpbridge.cards;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The position after the last card of a page in (changed_at, id) order, handed to the ERP as an opaque string.
 * Cards changing later move behind the position, so paging never skips or repeats a card of an unchanged set.
 */
record ChangeCursor(Instant changedAt, long id) {
    private static final String VERSION = "c1";

    String encode() {
        String raw = VERSION + ":" + changedAt.getEpochSecond() + ":" + changedAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    /** Empty when the text is not a cursor this bridge issued. */
    static Optional<ChangeCursor> decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            String[] parts = raw.split(":");
            if (parts.length != 4 || !VERSION.equals(parts[0])) {
                return Optional.empty();
            }
            Instant at = Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            return Optional.of(new ChangeCursor(at, Long.parseLong(parts[3])));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
