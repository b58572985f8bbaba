package org.erpbridge.secuconnect.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One basket line. {@code priceOne} is the gross unit price in minor units; {@code tax} a VAT percentage. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BasketProduct(
        Integer id,
        Integer parent,
        @JsonProperty("item_type") String itemType,
        String desc,
        String articleNumber,
        String ean,
        Long quantity,
        Long priceOne,
        Integer tax,
        Long sum) {}
