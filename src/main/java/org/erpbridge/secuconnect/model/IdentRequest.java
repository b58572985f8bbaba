package org.erpbridge.secuconnect.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An ident sent on create/update: {@code {"type":"card","value":"9276..."}}. */
@RegisterForReflection
public record IdentRequest(String type, String value) {
    public static IdentRequest card(String cardNumber) {
        return new IdentRequest("card", cardNumber);
    }
}
