package org.erpbridge.checkout;

import jakarta.inject.Inject;

import org.erpbridge.outbox.OutboxDelivery;
import org.erpbridge.testing.CleanSlate;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.PrometheusScrape;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.checkout.CheckoutFixtures.postPayment;
import static org.erpbridge.checkout.CheckoutFixtures.seedOrder;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.BRAVO;

/** One seed payment, then /q/metrics: every operational meter is there, tagged with the merchant, and moved. */
@QuarkusTest
class MetricsEndpointTest {
    private static final String COMPLETED = "bridge_payments_total{merchant=\"acme\",outcome=\"completed\"}";

    @Inject
    PaymentMetrics paymentMetrics;

    @Inject
    OutboxDelivery outbox;

    @BeforeEach
    void reset() {
        CleanSlate.reset();
    }

    @Test
    void aPaymentShowsUpInEveryMeterWithItsMerchant() {
        outbox.deliverDue(); // nothing left over from other tests in the backlog figures
        PrometheusScrape before = PrometheusScrape.now();
        CheckoutFixtures.stubHappyPath("SO-M1");

        postPayment(ACME, seedOrder("SO-M1")).then().statusCode(200);
        outbox.deliverDue();
        paymentMetrics.refreshGauges();
        PrometheusScrape after = PrometheusScrape.now();

        assertThat(after.increaseSince(before, COMPLETED)).as(COMPLETED).isEqualTo(1.0);
        assertThat(after.increaseSince(
                        before, "bridge_payment_duration_seconds_count{merchant=\"acme\",outcome=\"completed\"}"))
                .isEqualTo(1.0);
        assertThat(after.has(
                        "bridge_payment_duration_seconds_bucket{merchant=\"acme\",outcome=\"completed\",le=\"10.0\"}"))
                .as("duration histogram buckets")
                .isTrue();
        for (String outcome : new String[] {"failed", "review", "cancelled"}) {
            assertThat(after.increaseSince(
                            before, "bridge_payments_total{merchant=\"acme\",outcome=\"" + outcome + "\"}"))
                    .as(outcome)
                    .isZero();
            assertThat(after.has("bridge_payments_total{merchant=\"acme\",outcome=\"" + outcome + "\"}"))
                    .as("every outcome series exists from the start")
                    .isTrue();
        }
        assertThat(after.has("bridge_payments_total{merchant=\"" + BRAVO + "\",outcome=\"completed\"}"))
                .isTrue();
        assertThat(after.value("bridge_payments_stuck{merchant=\"acme\"}")).hasValue(0.0);
        assertThat(after.value("bridge_payments_review{merchant=\"acme\"}")).hasValue(0.0);

        assertThat(after.increaseSince(
                        before,
                        "secuconnect_calls_seconds_count{merchant=\"acme\","
                                + "operation=\"smart-transaction.create\",outcome=\"ok\"}"))
                .isEqualTo(1.0);
        assertThat(after.increaseSince(
                        before,
                        "secuconnect_calls_seconds_count{merchant=\"acme\","
                                + "operation=\"smart-transaction.start\",outcome=\"ok\"}"))
                .isEqualTo(1.0);
        assertThat(after.increaseSince(before, "secuconnect_token_refreshes_total{merchant=\"acme\"}"))
                .as("the reset client fetched a token")
                .isEqualTo(1.0);
        assertThat(after.value("secuconnect_circuit_open{lane=\"payment\",merchant=\"acme\"}"))
                .hasValue(0.0);

        long delivered =
                Database.count("select count(*) from outbox_event where merchant = 'acme' and status = 'delivered'");
        assertThat(delivered)
                .as("the completed event (and the card's balance event) went to the ERP")
                .isPositive();
        assertThat(after.increaseSince(before, "outbox_deliveries_total{merchant=\"acme\",outcome=\"delivered\"}"))
                .isEqualTo(delivered);
        assertThat(after.value("outbox_backlog{merchant=\"acme\"}")).hasValue(0.0);
    }

    @Test
    void stuckPaymentsAreCountedUntilRecoveryTakesThem() {
        Database.execute("insert into cash_payment (merchant, order_id, state, version, attempt, merchant_ref, "
                + "request_hash, request_json, currency, total, paid_at, nothing_booked, lease_until, created_at, "
                + "attempt_started_at, state_changed_at) values ('acme', 'SO-M2', 'CREATE_PENDING', 1, 1, 'ref-m2', 'h', "
                + "'{}', 'EUR', 796, now(), false, now() - interval '1' minute, now(), now(), now()), "
                + "('acme', 'SO-M3', 'REVIEW', 1, 1, 'ref-m3', 'h', '{}', 'EUR', 796, now(), false, now(), now(), now(), now()), "
                + "('acme', 'SO-M4', 'START_PENDING', 1, 1, 'ref-m4', 'h', '{}', 'EUR', 796, now(), false, "
                + "now() + interval '1' minute, now(), now(), now())");

        paymentMetrics.refreshGauges();
        PrometheusScrape scrape = PrometheusScrape.now();

        assertThat(scrape.value("bridge_payments_stuck{merchant=\"acme\"}"))
                .as("only the one whose lease ran out")
                .hasValue(1.0);
        assertThat(scrape.value("bridge_payments_review{merchant=\"acme\"}")).hasValue(1.0);
        assertThat(scrape.value("bridge_payments_stuck{merchant=\"bravo\"}")).hasValue(0.0);
    }
}
