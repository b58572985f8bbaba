package org.erpbridge.secuconnect;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The token endpoint's error shape (not the API error shape). */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
record OAuthError(
        String error, @JsonProperty("error_description") String errorDescription) {}
