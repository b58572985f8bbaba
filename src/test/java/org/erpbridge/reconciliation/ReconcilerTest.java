package org.erpbridge.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.erpbridge.checkout.PaymentLedgerView.RecordedPayment;
import org.erpbridge.checkout.PaymentState;
import org.erpbridge.reconciliation.ReconciliationReport.Item;
import org.erpbridge.secuconnect.model.BasketInfo;
import org.erpbridge.secuconnect.model.ObjectRef;
import org.erpbridge.secuconnect.model.SmartTransaction;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The classes the report's HTTP tests do not reach, decided by the pure reconciler. */
class ReconcilerTest {
    private static final ReportPeriod DAY = ReportPeriod.day(LocalDate.parse("2026-11-23"), ZoneId.of("Europe/Berlin"));
    private static final Instant NOON = Instant.parse("2026-11-23T11:00:00Z");

    private static RecordedPayment payment(
            String orderId, PaymentState state, String stxId, String stxStatus, boolean card) {
        return new RecordedPayment(
                orderId,
                state,
                796,
                "EUR",
                stxId,
                stxStatus,
                null,
                null,
                796L,
                "EUR",
                card,
                "secuconnect timed out",
                NOON,
                state == PaymentState.COMPLETED ? NOON : null,
                Set.of("ref-" + orderId));
    }

    private static SmartTransaction stx(String id, String status, long sum, String ref, String ltx) {
        return new SmartTransaction(
                "smart.transactions",
                id,
                status,
                "2026-11-23T12:00:01+01:00",
                null,
                ref,
                null,
                null,
                new BasketInfo(sum, null, "EUR", null),
                null,
                ltx == null ? List.of() : List.of(new ObjectRef(SmartTransaction.LOYALTY_TRANSACTION, ltx)),
                null,
                "cash",
                "1",
                null);
    }

    private static ReconciliationReport reconcile(
            List<RecordedPayment> payments, List<SmartTransaction> listed, Map<String, Owner> owners) {
        return Reconciler.reconcile(
                new Reconciler.Input("acme", Currency.getInstance("EUR"), DAY, payments, listed, Map.of(), owners));
    }

    private static Item only(ReconciliationReport report) {
        assertThat(report.items()).hasSize(1);
        return report.items().get(0);
    }

    @Test
    void aCancelledPaymentThatSecuconnectStillShowsAsCapturedIsAStatusDisagreement() {
        Item item = only(reconcile(
                List.of(payment("SO-1", PaymentState.CANCELLED, "STX_1", "cancelled", false)),
                List.of(stx("STX_1", "ok", 796, "ref-SO-1", null)),
                Map.of()));
        assertThat(item.reconciliation()).isEqualTo("mismatched");
        assertThat(item.differences()).containsExactly("status");
        assertThat(item.reason()).contains("the bridge cancelled the payment");

        // secuconnect answered the cancel with 'ok' and still says so: agreed, cancelled, counted on neither side
        ReconciliationReport agreed = reconcile(
                List.of(payment("SO-1", PaymentState.CANCELLED, "STX_1", "ok", false)),
                List.of(stx("STX_1", "ok", 796, "ref-SO-1", null)),
                Map.of());
        assertThat(only(agreed).reconciliation()).isEqualTo("cancelled");
        assertThat(agreed.totals()).isEqualTo(new ReconciliationReport.Totals(0, 0, 0));
    }

    @Test
    void aCompletedPaymentIsCheckedForItsLoyaltyTransactionAndItsExistence() {
        Item noLtx = only(reconcile(
                List.of(payment("SO-1", PaymentState.COMPLETED, "STX_1", "ok", true)),
                List.of(stx("STX_1", "ok", 796, "ref-SO-1", null)),
                Map.of()));
        assertThat(noLtx.differences()).containsExactly("loyalty-transaction");

        Item withLtx = only(reconcile(
                List.of(payment("SO-1", PaymentState.COMPLETED, "STX_1", "ok", true)),
                List.of(stx("STX_1", "ok", 796, "ref-SO-1", "LTX_1")),
                Map.of()));
        assertThat(withLtx.reconciliation()).isEqualTo("matched");
        assertThat(withLtx.loyaltyTransactionId()).isEqualTo("LTX_1");

        ReconciliationReport missing = reconcile(
                List.of(payment("SO-1", PaymentState.COMPLETED, "STX_GONE", "ok", false)), List.of(), Map.of());
        assertThat(only(missing).differences()).containsExactly("missing-at-secuconnect");
        assertThat(only(missing).reason()).contains("secuconnect does not know Smart Transaction STX_GONE");
        assertThat(missing.totals()).isEqualTo(new ReconciliationReport.Totals(796, 0, 796));
    }

    @Test
    void paymentsInReviewOrBeingCancelledArePending() {
        ReconciliationReport report = reconcile(
                List.of(
                        payment("SO-1", PaymentState.REVIEW, "STX_1", "created", false),
                        payment("SO-2", PaymentState.CANCEL_PENDING, "STX_2", "ok", false)),
                List.of(stx("STX_1", "created", 796, "ref-SO-1", null), stx("STX_2", "ok", 796, "ref-SO-2", null)),
                Map.of());
        assertThat(report.items()).extracting(Item::reconciliation).containsExactly("pending", "pending");
        assertThat(report.items().get(0).reason())
                .isEqualTo("needs operator review: secuconnect timed out; secuconnect reports 'created' for STX_1");
        assertThat(report.items().get(1).reason()).startsWith("cancellation in progress");
        assertThat(report.counts().pending()).isEqualTo(2);
    }

    @Test
    void anUncapturedLeftoverOfAnEarlierAttemptIsNoDifference() {
        Owner owner = new Owner("SO-1", "STX_NEW");
        ReconciliationReport report = reconcile(
                List.of(payment("SO-1", PaymentState.COMPLETED, "STX_NEW", "ok", false)),
                List.of(stx("STX_OLD", "created", 796, "ref-SO-1", null), stx("STX_NEW", "ok", 796, "ref-SO-1", null)),
                Map.of("STX_OLD", owner, "STX_NEW", owner));
        assertThat(only(report).reconciliation()).isEqualTo("matched");
        assertThat(report.totals().difference()).isZero();
    }

    @Test
    void anAbortedOrNeverStartedDuplicateOfTheSameMerchantRefIsNoOrphanAndNoMoney() {
        Owner owner = new Owner("SO-1", "STX_KEPT");
        ReconciliationReport report = reconcile(
                List.of(payment("SO-1", PaymentState.COMPLETED, "STX_KEPT", "ok", false)),
                List.of(
                        stx("STX_KEPT", "ok", 796, "ref-SO-1", null),
                        stx("STX_DUP1", "aborted", 796, "ref-SO-1", null),
                        stx("STX_DUP2", "created", 796, "ref-SO-1", null)),
                Map.of("STX_KEPT", owner, "STX_DUP1", owner, "STX_DUP2", owner));
        assertThat(only(report).reconciliation()).isEqualTo("matched");
        assertThat(report.counts().orphaned()).isZero();
        assertThat(report.totals()).isEqualTo(new ReconciliationReport.Totals(796, 796, 0));
    }

    @Test
    void theRecordedViewUsesWhatSecuconnectAnsweredAtBookingTime() {
        RecordedPayment booked = new RecordedPayment(
                "SO-1",
                PaymentState.COMPLETED,
                796,
                "EUR",
                "STX_1",
                "ok",
                "LTX_1",
                "7",
                790L,
                "EUR",
                true,
                null,
                NOON,
                NOON,
                Set.of());
        SmartTransaction recorded = LocalPayment.asRecorded(booked).orElseThrow();
        Item item = only(Reconciler.reconcile(new Reconciler.Input(
                "acme",
                Currency.getInstance("EUR"),
                DAY,
                List.of(booked),
                List.of(),
                Map.of("STX_1", recorded),
                Map.of())));
        assertThat(item.reconciliation()).isEqualTo("mismatched");
        assertThat(item.differences()).containsExactly("amount");
        assertThat(item.loyaltyTransactionId()).isEqualTo("LTX_1");
        assertThat(item.transId()).isEqualTo("7");
    }
}
