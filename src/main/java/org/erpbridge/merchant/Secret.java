package org.erpbridge.merchant;

import java.util.Objects;

/** A credential that prints as {@code ****} so it cannot leak through toString, logs or exception messages. */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    /** The clear value: only for building a request or computing a MAC, never for logging. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
