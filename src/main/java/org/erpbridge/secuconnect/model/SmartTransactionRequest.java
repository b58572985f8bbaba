package org.erpbridge.secuconnect.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of create (POST) and update (PUT, always the full object) of a Smart Transaction. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SmartTransactionRequest(
        String merchant,
        String intent,
        @JsonProperty("is_demo") Boolean isDemo,
        Basket basket,
        @JsonProperty("basket_info") BasketInfo basketInfo,
        List<IdentRequest> idents,
        String merchantRef,
        String transactionRef,
        String cashier) {}
