package org.erpbridge.carddata;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.erpbridge.merchant.BridgeConfig;

import io.quarkus.runtime.Startup;

/**
 * Protects card numbers at rest. {@link #seal} encrypts with AES-256-GCM under the active key and a fresh random
 * 12-byte IV, giving {@code <keyId>:base64(iv | ciphertext | tag)}; {@link #open} decrypts with whichever configured
 * key the value names, so keys can rotate. {@link #lookupHash} is the HMAC-SHA256 of a number, the only form in
 * which cards are looked up; it cannot rotate without recomputing every stored hash. Built at start-up, so missing
 * or malformed keys stop the application (every profile: dev and test carry fixed, non-production keys).
 */
@Startup
@ApplicationScoped
public class CardVault {
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Domain separation: a card's lookup hash and a request's hash never collide even for equal input. */
    private static final byte CARD = 'c';

    private static final byte REQUEST = 'r';

    private final CardDataKeys keys;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public CardVault(BridgeConfig config) {
        this(CardDataKeys.of(config.cardData()));
    }

    CardVault(CardDataKeys keys) {
        this.keys = keys;
    }

    /** Encrypts {@code plain} under the active key; null stays null. */
    public String seal(String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.encryption().get(keys.active()), new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return keys.active()
                    + ':'
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length)
                                    .put(iv)
                                    .put(sealed)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "card data could not be encrypted: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Decrypts a value {@link #seal} wrote under any configured key; null stays null. */
    public String open(String sealed) {
        if (sealed == null) {
            return null;
        }
        int colon = sealed.indexOf(':');
        SecretKey key = colon > 0 ? keys.encryption().get(sealed.substring(0, colon)) : null;
        if (key == null) {
            throw new IllegalStateException("card data is encrypted under key id '"
                    + (colon > 0 ? sealed.substring(0, colon) : "") + "', which is not configured in "
                    + CardDataKeys.PREFIX + "keys");
        }
        try {
            byte[] raw = Base64.getDecoder().decode(sealed.substring(colon + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, IV_BYTES));
            return new String(cipher.doFinal(raw, IV_BYTES, raw.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // no message from the cause: it is about the key or the data, and says nothing an operator can act on
            throw new IllegalStateException("card data could not be decrypted (wrong key or damaged value)");
        }
    }

    /** The keyed hash a card number is stored and looked up under (64 hex digits). */
    public String lookupHash(String cardNumber) {
        return hmac(CARD, cardNumber);
    }

    /**
     * The keyed hash of a payment's canonical request: it decides whether a resend is the same payment. Keyed,
     * because a plain hash of a request whose other fields are known would give its card number away by trial.
     */
    public String requestHash(String canonicalRequest) {
        return hmac(REQUEST, canonicalRequest);
    }

    private String hmac(byte domain, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(keys.lookup());
            mac.update(domain);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
