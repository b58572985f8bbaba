package org.erpbridge.secuconnect.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code smart.idents} in a Smart Transaction answer; {@code merchantcard} carries the card's balances. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record Ident(
        String object,
        String id,
        String prefix,
        String name,
        String type,
        String value,
        Boolean valid,
        MerchantCard merchantcard) {}
