package org.erpbridge.secuconnect.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code loyalty.transactions} (LTX_...); {@code balance} is the card's balance after this transaction. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record LoyaltyTransaction(
        String object,
        String id,
        String created,

        @JsonProperty("trans_id") @JsonDeserialize(using = LenientStringDeserializer.class)
        String transId,

        String status,
        Long amount,
        String currency,
        Long balance,
        String description,
        String purpose,
        ObjectRef merchantcard,
        Card card,
        @JsonProperty("is_cancelling") Integer isCancelling,
        List<ReceiptLine> receipt) {}
