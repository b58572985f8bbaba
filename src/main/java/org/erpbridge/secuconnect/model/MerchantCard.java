package org.erpbridge.secuconnect.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code loyalty.merchantcards} (MCD_...): a card as one merchant sees it, with its balances in minor units. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record MerchantCard(
        String object,
        String id,
        Card card,
        CardGroup cardgroup,
        ObjectRef merchant,
        Long balance,
        @JsonProperty("cash_balance") Long cashBalance,
        @JsonProperty("bonus_balance") Long bonusBalance,
        Long points,
        @JsonProperty("stock_status") String stockStatus,
        @JsonProperty("lock_status") String lockStatus,
        @JsonProperty("last_usage") String lastUsage,
        @JsonProperty("last_charge") String lastCharge,
        @JsonProperty("expiry_date") String expiryDate,
        Integer passcode,
        @JsonProperty("is_base_card") Boolean isBaseCard) {

    /** The card number, or null when the projection left it out. */
    public String cardNumber() {
        return card == null ? null : card.cardnumber();
    }
}
