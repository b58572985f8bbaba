package org.erpbridge.checkout;

import java.util.List;

import org.erpbridge.erp.ErpApiDocument;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The ERP's cash payment as sent, before validation ({@link CashPaymentValidator} checks every field).
 * Money is an integer in minor units. Unknown fields are refused so a misspelt {@code loyaltyCard} cannot
 * silently book a payment without its card.
 */
@RegisterForReflection
@Schema(name = "CashPaymentRequest", description = "An order paid in cash at the register")
public record CashPaymentRequest(
        @Schema(
                required = true,
                description = "ERP order id, unique per merchant: 1-64 of A-Z a-z 0-9 . _ : -",
                examples = "SO-10042",
                maxLength = 64)
        String orderId,

        @Schema(required = true, description = "ISO 4217 code; must be the merchant's currency", examples = "EUR")
        String currency,

        @Schema(
                required = true,
                description = "Total in minor units; must equal the sum of quantity * unitPrice",
                examples = "796",
                minimum = "1",
                maximum = "2147483647")
        Long total,

        @Schema(
                description =
                        "secucard number (16 digits, starting 9276; never logged or echoed in full); omit, null or "
                                + "\"\" for none",
                nullable = true,
                examples = ErpApiDocument.EXAMPLE_CARD)
        String loyaltyCard,

        @Schema(required = true, description = "Basket lines, 1 to 500")
        List<Line> lines,

        @Schema(description = "Register id, at most 64 characters", examples = "KASSE-1")
        String register,

        @Schema(description = "Cashier, at most 64 characters (sent to secuconnect)", examples = "Anna")
        String cashier,

        @Schema(
                required = true,
                description = "When the customer paid: ISO-8601 with offset",
                examples = "2026-11-23T09:18:14+01:00")
        String paidAt) {

    @RegisterForReflection
    @Schema(name = "CashPaymentLine")
    public record Line(
            @Schema(description = "Article number, at most 64 characters", examples = "30037")
            String articleNumber,

            @Schema(description = "GTIN (8, 12, 13 or 14 digits); \"\" or null for none", examples = "4999012345678")
            String ean,

            @Schema(required = true, description = "1-255 characters", examples = "Sandwich Romano")
            String description,

            @Schema(required = true, minimum = "1", maximum = "10000", examples = "1")
            Long quantity,

            @Schema(
                    required = true,
                    description = "Gross unit price in minor units",
                    minimum = "0",
                    maximum = "1000000000",
                    examples = "349")
            Long unitPrice,

            @Schema(required = true, description = "VAT percentage", minimum = "0", maximum = "100", examples = "7")
            Integer vatRate) {}
}
