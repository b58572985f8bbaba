package org.erpbridge.secuconnect.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Answer of validateMerchantcard; {@code hasPasscode} and {@code isLocked} only when the card is valid. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record CardValidation(Boolean isValid, Boolean hasPasscode, Boolean isLocked) {}
