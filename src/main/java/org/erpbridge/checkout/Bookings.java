package org.erpbridge.checkout;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.erpbridge.secuconnect.CardNumbers;
import org.erpbridge.secuconnect.model.BasketInfo;
import org.erpbridge.secuconnect.model.MerchantCard;
import org.erpbridge.secuconnect.model.ReceiptLine;
import org.erpbridge.secuconnect.model.SmartTransaction;
import org.erpbridge.secuconnect.model.StxStatus;

/**
 * Copies what secuconnect booked (ids, TA code, amounts, card balances, receipt) onto the payment and decides
 * its reconciliation status. Card numbers in receipt texts are masked before they are stored.
 */
final class Bookings {
    static final String MATCHED = "matched";
    static final String MISMATCH = "mismatch";
    private static final int MAX_TEXT = 2000;

    private Bookings() {}

    static void apply(CashPayment p, SmartTransaction stx) {
        p.smartTransactionId = stx.id() != null ? stx.id() : p.smartTransactionId;
        p.stxStatus = stx.status();
        p.loyaltyTransactionId = stx.loyaltyTransactionId().orElse(null);
        p.transId = stx.transId();
        BasketInfo info = stx.basketInfo();
        p.bookedSum = info == null ? null : info.sum();
        p.bookedCurrency = info == null ? null : info.currency();
        if (p.cardMasked != null) {
            stx.merchantCard().ifPresent(card -> applyCard(p, card));
        }
        reconcile(p);
        p.receiptJson = PaymentCodec.receiptJson(receipt(stx));
    }

    private static void applyCard(CashPayment p, MerchantCard card) {
        p.merchantCardId = card.id();
        p.cardBalance = card.balance();
        p.cardCashBalance = card.cashBalance();
        p.cardBonusBalance = card.bonusBalance();
        p.cardPoints = card.points();
    }

    /** Our order against secuconnect's booking: sum, currency, status ok, and a loyalty transaction when a card was given. */
    static void reconcile(CashPayment p) {
        List<String> reasons = new ArrayList<>();
        if (p.bookedSum == null) {
            reasons.add("secuconnect reported no basket sum");
        } else if (p.bookedSum != p.total) {
            reasons.add("ERP total " + p.total + " differs from secuconnect's basket sum " + p.bookedSum);
        }
        if (!p.currency.equalsIgnoreCase(Objects.requireNonNullElse(p.bookedCurrency, ""))) {
            reasons.add("ERP currency " + p.currency + " differs from secuconnect's " + p.bookedCurrency);
        }
        if (StxStatus.of(p.stxStatus) != StxStatus.OK) {
            reasons.add("Smart Transaction status is " + p.stxStatus + ", not ok");
        }
        if (p.cardMasked != null && p.loyaltyTransactionId == null) {
            reasons.add("a loyalty card was given but secuconnect booked no loyalty transaction");
        }
        p.reconciliation = reasons.isEmpty() ? MATCHED : MISMATCH;
        p.reconciliationReason = reasons.isEmpty() ? null : clip(String.join("; ", reasons), 1000);
    }

    /** The receipt lines secuconnect returned, in its order, with card numbers masked. */
    static List<CashPaymentDocument.ReceiptLine> receipt(SmartTransaction stx) {
        List<CashPaymentDocument.ReceiptLine> lines = new ArrayList<>();
        List<ReceiptLine> receipt = stx.receipt() == null ? List.of() : stx.receipt();
        for (ReceiptLine source : receipt) {
            if (source == null || source.type() == null) {
                continue;
            }
            ReceiptLine.Value v = source.value();
            List<String> decoration = v == null || v.decoration() == null
                    ? null
                    : v.decoration().stream().filter(Objects::nonNull).toList();
            lines.add(
                    v == null
                            ? new CashPaymentDocument.ReceiptLine(clip(source.type(), 32), null, null, null, null, null)
                            : new CashPaymentDocument.ReceiptLine(
                                    clip(source.type(), 32),
                                    masked(v.caption()),
                                    masked(v.name()),
                                    masked(v.value()),
                                    masked(v.text()),
                                    decoration));
        }
        return lines;
    }

    /** A problem text as stored for operators: card numbers masked, clipped to the column. */
    static String problemText(String problem) {
        return clip(CardNumbers.maskAll(problem), 1000);
    }

    private static String masked(String text) {
        return clip(CardNumbers.maskAll(text), MAX_TEXT);
    }

    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
