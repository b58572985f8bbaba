package org.erpbridge.checkout;

import org.erpbridge.erp.ErpApiDocument;

/**
 * Example documents for the OpenAPI description (the seed scenario: 349 + 249 + 2 * 99 = 796 cents). The card
 * number is the made-up {@link ErpApiDocument#EXAMPLE_CARD}: no real or documented card appears in
 * the document.
 */
final class CashPaymentExamples {
    static final String REQUEST =
            "{\"orderId\": \"SO-10042\", \"currency\": \"EUR\", \"total\": 796, \"loyaltyCard\": \""
                    + ErpApiDocument.EXAMPLE_CARD + "\",\n" + """
             "lines": [
               {"articleNumber": "30037", "ean": "", "description": "Sandwich Romano", "quantity": 1, "unitPrice": 349, "vatRate": 7},
               {"articleNumber": "30200", "ean": "", "description": "Fruit salad, small bowl", "quantity": 1, "unitPrice": 249, "vatRate": 7},
               {"articleNumber": "51", "ean": "4999012345678", "description": "Water 0.25 l", "quantity": 2, "unitPrice": 99, "vatRate": 19}],
             "register": "KASSE-1", "cashier": "Anna", "paidAt": "2026-11-23T09:18:14+01:00"}
            """;

    static final String COMPLETED = """
            {"orderId": "SO-10042", "status": "completed",
             "smartTransactionId": "STX_KJXJDUN542NR3WMRHRVU5WWM6ZQEA2",
             "loyaltyTransactionId": "LTX_YBYPUETZ2HQXURG9XU0M5H4KGWW0NH", "transId": "29187330",
             "total": 796, "currency": "EUR",
             "receipt": [
               {"type": "separator", "caption": "Kundenkarte"},
               {"type": "name-value", "name": "Kartennummer: ", "value": "************1234", "decoration": []},
               {"type": "name-value", "name": "TA Code: ", "value": "29187330", "decoration": []},
               {"type": "space"},
               {"type": "textline", "text": "Umsatz erfasst:", "decoration": []},
               {"type": "textline", "text": "7,96 EUR", "decoration": ["important"]},
               {"type": "space"},
               {"type": "textline", "text": "Aktuelles Guthaben", "decoration": []},
               {"type": "textline", "text": "10,00 EUR", "decoration": ["important"]}],
             "card": {"maskedNumber": "************1234", "balance": 1000, "cashBalance": 1000, "bonusBalance": 0, "points": 0},
             "reconciliation": "matched", "completedAt": "2026-11-23T08:18:15.120Z"}
            """;

    static final String PROCESSING = """
            {"orderId": "SO-10042", "status": "processing", "total": 796, "currency": "EUR", "receipt": [],
             "card": {"maskedNumber": "************1234", "balance": null, "cashBalance": null, "bonusBalance": null, "points": null},
             "reconciliation": "pending"}
            """;

    static final String FAILED = """
            {"type": "urn:erpbridge:problem:cash-payment-failed", "title": "The cash payment failed", "status": 422,
             "detail": "secuconnect refused cash payment SO-10042 (ProductInternalException, code 1016): Card validation failed",
             "orderId": "SO-10042", "paymentStatus": "failed", "attempt": 1, "code": "1016",
             "error": "ProductInternalException", "supportId": "a1b2c3d4e5",
             "payment": {"orderId": "SO-10042", "status": "failed", "total": 796, "currency": "EUR", "receipt": []}}
            """;

    static final String VALIDATION = """
            {"type": "urn:erpbridge:problem:validation", "title": "The request is not valid", "status": 422,
             "detail": "2 fields are not valid",
             "errors": [{"field": "lines[1].quantity", "reason": "must be between 1 and 10000"},
                        {"field": "currency", "reason": "must be the merchant's currency EUR"}]}
            """;

    static final String CONFLICT = """
            {"type": "urn:erpbridge:problem:conflict", "title": "Conflict", "status": 409,
             "detail": "Order SO-10042 was already sent with different content; an order id stands for one payment (its status: completed)"}
            """;

    private CashPaymentExamples() {}
}
