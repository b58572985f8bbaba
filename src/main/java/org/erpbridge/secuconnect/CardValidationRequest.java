package org.erpbridge.secuconnect;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of validateMerchantcard. {@code merchant} (MRC_...) is left out when not configured. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
record CardValidationRequest(String cardnumber, String merchant) {
    @Override
    public String toString() {
        return "CardValidationRequest[cardnumber=" + CardNumbers.mask(cardnumber) + ", merchant=" + merchant + "]";
    }
}
