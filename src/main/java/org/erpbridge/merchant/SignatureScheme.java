package org.erpbridge.merchant;

import java.util.Locale;
import java.util.Optional;

/**
 * A scheme of {@code X-Signature} (its label is the part before {@code =}); what each signs is defined in one place,
 * {@code org.erpbridge.erp.Signatures}.
 */
public enum SignatureScheme {
    /** Legacy: timestamp and body only; accepted only while a merchant migrates. */
    V1,
    /** Bound to the request: timestamp, method, path with query, body. */
    V2;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scheme with this label ({@code v1}, {@code v2}), case-insensitive. */
    public static Optional<SignatureScheme> of(String label) {
        for (SignatureScheme s : values()) {
            if (s.label().equalsIgnoreCase(label.trim())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
