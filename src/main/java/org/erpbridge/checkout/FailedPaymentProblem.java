package org.erpbridge.checkout;

import org.erpbridge.common.ProblemDocument;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The members a {@code urn:erpbridge:problem:cash-payment-failed} problem adds to the problem details
 * ({@link PaymentAnswer#failedProblem}). Only the OpenAPI document uses this type.
 */
@Schema(
        name = "CashPaymentProblem",
        allOf = ProblemDocument.class,
        description =
                "A problem about a cash payment: "
                        + "validation (errors), or a payment secuconnect refused for good (cash-payment-failed, with the members below)")
record FailedPaymentProblem(
        @Schema(examples = "SO-10042") String orderId,
        @Schema(examples = "failed") String paymentStatus,

        @Schema(description = "The attempt that failed (a corrected resend starts the next)", examples = "1")
        Integer attempt,

        @Schema(description = "secuconnect's error code", examples = "1016")
        String code,

        @Schema(description = "secuconnect's error name", examples = "ProductInternalException")
        String error,

        @Schema(description = "secuconnect's support id: quote it to secupay", examples = "a1b2c3d4e5")
        String supportId,

        @Schema(description = "secuconnect's message for the customer")
        String errorUser,

        @Schema(description = "The failed payment") CashPaymentDocument payment) {}
