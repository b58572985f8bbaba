package org.erpbridge.secuconnect.model;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code smart.transactions} (STX_...) as secuconnect answers it. {@code transactions} holds loyalty
 * ({@code LTX_}) or payment ({@code PCI_}) references; {@code trans_id} arrives as number or string.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record SmartTransaction(
        String object,
        String id,
        String status,
        String created,
        String updated,
        String merchantRef,
        String transactionRef,
        Basket basket,
        @JsonProperty("basket_info") BasketInfo basketInfo,
        List<Ident> idents,
        List<ObjectRef> transactions,
        List<ReceiptLine> receipt,
        @JsonProperty("payment_method") String paymentMethod,

        @JsonProperty("trans_id") @JsonDeserialize(using = LenientStringDeserializer.class)
        String transId,

        @JsonProperty("is_demo") Boolean isDemo) {

    public static final String LOYALTY_TRANSACTION = "loyalty.transactions";

    /** The status as a closed set ({@link StxStatus#UNKNOWN} for a value this bridge does not know). */
    public StxStatus state() {
        return StxStatus.of(status);
    }

    /** The first loyalty transaction (LTX_...) booked by this Smart Transaction, if any. */
    public Optional<String> loyaltyTransactionId() {
        return transactions == null
                ? Optional.empty()
                : transactions.stream()
                        .filter(t -> t != null && LOYALTY_TRANSACTION.equals(t.object()))
                        .map(ObjectRef::id)
                        .findFirst();
    }

    /** The merchant card of the first card ident, with the balances after this transaction. */
    public Optional<MerchantCard> merchantCard() {
        return idents == null
                ? Optional.empty()
                : idents.stream()
                        .filter(i -> i != null && i.merchantcard() != null)
                        .map(Ident::merchantcard)
                        .findFirst();
    }
}
