package org.erpbridge.secuconnect.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Basket totals in minor units. {@code missingSum} appears only after a preTransaction. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BasketInfo(
        Long sum,
        Long gratuity,
        String currency,
        @JsonProperty("missing_sum") Long missingSum) {
    public BasketInfo(long sum, String currency) {
        this(sum, null, currency, null);
    }
}
