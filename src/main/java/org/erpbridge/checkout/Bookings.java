package org.erpbridge.checkout;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.erpbridge.secuconnect.CardNumbers;
import org.erpbridge.secuconnect.model.BasketInfo;
import org.erpbridge.secuconnect.model.MerchantCard;
import org.erpbridge.secuconnect.model.ReceiptLine;
import org.erpbridge.secuconnect.model.SmartTransaction;

/**
 * Copies what secuconnect booked (ids, TA code, amounts, card balances, receipt) onto the payment and decides
 * its reconciliation status. Card numbers in receipt texts are masked before they are stored.
 */
final class Bookings {
    static final String MATCHED = "matched";
    static final String MISMATCH = "mismatch";
    private static final int MAX_TEXT = 2000;

    private Bookings() {
    }

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
        if (!"ok".equals(p.stxStatus)) {
            reasons.add("Smart Transaction status is " + p.stxStatus + ", not ok");
        }
        if (p.cardMasked != null && p.loyaltyTransactionId == null) {
            reasons.add("a loyalty card was given but secuconnect booked no loyalty transaction");
        }
        p.reconciliation = reasons.isEmpty() ? MATCHED : MISMATCH;
        p.reconciliationReason = reasons.isEmpty() ? null : clip(String.join("; ", reasons), 1000);
    }

    static List<PaymentReceiptLine> receipt(CashPayment p, SmartTransaction stx) {
        List<PaymentReceiptLine> lines = new ArrayList<>();
        List<ReceiptLine> receipt = stx.receipt() == null ? List.of() : stx.receipt();
        for (ReceiptLine source : receipt) {
            if (source == null || source.type() == null) {
                continue;
            }
            PaymentReceiptLine line = new PaymentReceiptLine();
            line.merchant = p.merchant;
            line.paymentId = p.id;
            line.position = lines.size();
            line.type = clip(source.type(), 32);
            ReceiptLine.Value v = source.value();
            if (v != null) {
                line.caption = masked(v.caption());
                line.name = masked(v.name());
                line.value = masked(v.value());
                line.text = masked(v.text());
                line.decoration = v.decoration() == null ? null
                        : clip(String.join(",", v.decoration().stream().filter(Objects::nonNull).toList()), 255);
            }
            lines.add(line);
        }
        return lines;
    }

    private static String masked(String text) {
        return clip(CardNumbers.maskAll(text), MAX_TEXT);
    }

    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
