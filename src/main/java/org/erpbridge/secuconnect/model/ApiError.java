package org.erpbridge.secuconnect.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** secuconnect's error body; {@code code} is a number in the docs and a string in the SDK. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiError(
        String status,
        String error,
        @JsonProperty("error_details") String errorDetails,
        @JsonProperty("error_user") String errorUser,

        @JsonDeserialize(using = LenientStringDeserializer.class)
        String code,

        String supportId) {}
