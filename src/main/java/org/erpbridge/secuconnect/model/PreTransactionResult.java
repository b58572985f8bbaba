package org.erpbridge.secuconnect.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Answer of preTransaction: the sum still to pay and the (negative-priced) bonus lines. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record PreTransactionResult(
        @JsonProperty("missing_sum") Long missingSum,
        @JsonProperty("bonus_products") List<BasketProduct> bonusProducts) {}
