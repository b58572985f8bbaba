package org.erpbridge.checkout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The canonical JSON of a {@link ValidatedPayment}, whose keyed hash decides whether a repeated order is the same
 * request. A private plain mapper, so application-wide Jackson settings can never change the hash of a stored
 * request.
 */
final class PaymentCodec {
    private static final ObjectMapper CANONICAL = new ObjectMapper();

    private PaymentCodec() {}

    static String json(ValidatedPayment payment) {
        try {
            return CANONICAL.writeValueAsString(payment);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a validated payment", e);
        }
    }

    static ValidatedPayment read(String json) {
        try {
            return CANONICAL.readValue(json, ValidatedPayment.class);
        } catch (IOException e) {
            throw new UncheckedIOException("stored cash payment request is unreadable", e);
        }
    }

    private static final TypeReference<List<CashPaymentDocument.ReceiptLine>> RECEIPT = new TypeReference<>() {};

    /** The receipt as stored in {@code cash_payment.receipt_json}: one column, written in the completing update. */
    static String receiptJson(List<CashPaymentDocument.ReceiptLine> lines) {
        try {
            return CANONICAL.writeValueAsString(lines);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise receipt lines", e);
        }
    }

    static List<CashPaymentDocument.ReceiptLine> receipt(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return CANONICAL.readValue(json, RECEIPT);
        } catch (IOException e) {
            throw new UncheckedIOException("stored receipt is unreadable", e);
        }
    }

    /**
     * The unkeyed SHA-256 request hash of payments stored before card numbers were protected; accepted until the
     * card-data conversion has replaced it by the keyed one ({@code CardVault.requestHash}).
     */
    static String legacyHash(String canonicalJson) {
        return sha256Hex(canonicalJson);
    }

    /**
     * The merchantRef of an attempt: derived only from merchant, order id and attempt number, so the Smart
     * Transaction can be found again after a crash; hex, so it is safe inside a secuconnect {@code q} query.
     */
    static String merchantRef(String merchant, String orderId, int attempt) {
        return "erpb-" + sha256Hex(merchant + '\n' + orderId + '\n' + attempt).substring(0, 32);
    }

    private static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
