package org.erpbridge.erp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

/** The ERP's bearer key check, shared by the transport guard and the auth filter. */
final class BearerKeys {
    private static final String BEARER = "Bearer ";

    private BearerKeys() {}

    /**
     * The path merchant when {@code authorization} carries its ERP API key. Compared in constant time, also for an
     * unknown merchant, so its answer takes as long as a wrong key's.
     */
    static Optional<Merchant> holder(Merchants merchants, String pathMerchant, String authorization) {
        Optional<Merchant> merchant = merchants.find(pathMerchant);
        byte[] presented = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        byte[] expected =
                merchant.map(m -> m.erp().apiKey().reveal()).orElse("").getBytes(StandardCharsets.UTF_8);
        boolean equal = MessageDigest.isEqual(expected, presented);
        return merchant.isPresent() && presented.length > 0 && equal ? merchant : Optional.empty();
    }
}
