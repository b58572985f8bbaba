package org.erpbridge.checkout;

import java.util.ArrayList;
import java.util.List;

import org.erpbridge.secuconnect.model.Basket;
import org.erpbridge.secuconnect.model.BasketInfo;
import org.erpbridge.secuconnect.model.BasketProduct;
import org.erpbridge.secuconnect.model.IdentRequest;
import org.erpbridge.secuconnect.model.SmartTransactionRequest;

/** The Smart Transaction for one attempt of a cash payment (basket, sum, card ident, references). */
final class SmartTransactionRequests {
    private SmartTransactionRequests() {}

    /** {@code merchantRef} finds the attempt again; {@code transactionRef} is the ERP order id people search for. */
    static SmartTransactionRequest of(ValidatedPayment payment, String merchantRef) {
        List<BasketProduct> products = new ArrayList<>(payment.lines().size());
        for (ValidatedPayment.Line line : payment.lines()) {
            products.add(new BasketProduct(
                    products.size() + 1,
                    null,
                    null,
                    line.description(),
                    line.articleNumber(),
                    line.ean(),
                    line.quantity(),
                    line.unitPrice(),
                    line.vatRate(),
                    null));
        }
        List<IdentRequest> idents = payment.hasCard() ? List.of(IdentRequest.card(payment.loyaltyCard())) : null;
        return new SmartTransactionRequest(
                null,
                null,
                null,
                new Basket(products, null),
                new BasketInfo(payment.total(), payment.currency()),
                idents,
                merchantRef,
                payment.orderId(),
                payment.cashier());
    }
}
