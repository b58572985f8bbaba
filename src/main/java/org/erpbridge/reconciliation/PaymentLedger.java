package org.erpbridge.reconciliation;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.checkout.PaymentLedgerView;
import org.erpbridge.checkout.PaymentLedgerView.RecordedPayment;
import org.erpbridge.secuconnect.model.SmartTransaction;

/** The bridge's side of a period: the cash payments it recorded, read through checkout's read interface. */
@ApplicationScoped
class PaymentLedger {
    private final PaymentLedgerView checkout;

    PaymentLedger(PaymentLedgerView checkout) {
        this.checkout = checkout;
    }

    /** The merchant's payments whose {@code paidAt} (the ERP's time of sale) lies in the period. */
    List<RecordedPayment> paidIn(String merchant, ReportPeriod period) {
        return checkout.paidIn(merchant, period.start(), period.end());
    }

    /**
     * The ERP order behind each listed Smart Transaction, matched by its id (the payment's or any attempt's), else by
     * the merchantRef an attempt sent, else by its transactionRef (the order id the bridge sends). Unowned ones are
     * absent from the result.
     */
    Map<String, Owner> owners(String merchant, Collection<SmartTransaction> listed) {
        PaymentLedgerView.Owners found = checkout.owners(
                merchant,
                distinct(listed, SmartTransaction::id),
                distinct(listed, SmartTransaction::merchantRef),
                distinct(listed, SmartTransaction::transactionRef));
        Map<String, Owner> owners = new HashMap<>();
        for (SmartTransaction stx : listed) {
            PaymentLedgerView.Owner owner = found.bySmartTransactionId().get(stx.id());
            if (owner == null && stx.merchantRef() != null) {
                owner = found.byMerchantRef().get(stx.merchantRef());
            }
            if (owner == null && stx.transactionRef() != null) {
                owner = found.byOrderId().get(stx.transactionRef());
            }
            if (owner != null) {
                owners.put(stx.id(), new Owner(owner.orderId(), owner.currentSmartTransactionId()));
            }
        }
        return owners;
    }

    private static List<String> distinct(
            Collection<SmartTransaction> listed, Function<SmartTransaction, String> field) {
        return listed.stream().map(field).filter(Objects::nonNull).distinct().toList();
    }
}
