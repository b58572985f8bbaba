package org.erpbridge.secuconnect.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code loyalty.cards}: the physical card with its number. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record Card(String object, String id, String cardnumber, String created) {}
