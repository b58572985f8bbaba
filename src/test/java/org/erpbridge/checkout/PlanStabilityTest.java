package org.erpbridge.checkout;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import org.erpbridge.carddata.CardVault;
import org.erpbridge.carddata.TestCardKeys;
import org.erpbridge.outbox.EventOutbox;
import org.erpbridge.secuconnect.model.Card;
import org.erpbridge.secuconnect.model.MerchantCard;
import org.erpbridge.testing.PostgresTestDatabase;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.testing.SecuconnectStubs.ACME;

/**
 * The payment path's statements keep their cost as the tables grow, with autovacuum off and never an ANALYZE, so the
 * plans PostgreSQL caches for them (pgjdbc prepares server-side after 5 executions) are chosen on empty tables:
 * buffer hits per payment of the last 750 payments stay within 20 % of the first 750. Each payment runs the
 * database steps of a booking (insert, Smart Transaction id with START_PENDING, completion with receipt, outbox
 * event and the card's new balance, cards drawn from a pool of 10,000); secuconnect plays no part in buffer hits.
 */
@QuarkusTest
class PlanStabilityTest extends CheckoutTestBase {
    private static final int CARDS = 10_000;
    private static final int WINDOW = 750;
    private static final String TABLES =
            "('cash_payment', 'cash_payment_attempt', 'card_balance', " + "'card_balance_history', 'outbox_event')";

    @BeforeEach
    void reset() throws SQLException {
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement()) {
            for (String table : TABLES.replaceAll("[()' ]", "").split(",")) {
                s.execute("alter table " + table + " set (autovacuum_enabled = false)");
            }
            try (PreparedStatement ps = c.prepareStatement("insert into card_balance (id, merchant, card_hash, "
                    + "card_masked, balance, cash_balance, bonus_balance, points, present, synced_at, changed_at) values "
                    + "(?, 'acme', ?, '************', 0, 0, 0, 0, true, timestamp with time zone '2026-01-01 00:00:00+00', "
                    + "timestamp with time zone '2026-01-01 00:00:00+00')")) {
                CardVault vault = TestCardKeys.vault();
                for (int g = 1; g <= CARDS; g++) {
                    ps.setInt(1, g);
                    ps.setString(2, vault.lookupHash("92760044" + String.format("%08d", g)));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            s.execute("select setval('card_balance_seq', " + (CARDS + 100) + ")");
        }
    }

    @Test
    void bufferHitsPerPaymentStayFlatOver3000Payments() throws SQLException {
        assertFlat(3_000);
    }

    @Test
    @Tag("heavy")
    void bufferHitsPerPaymentStayFlatOver50000Payments() throws SQLException {
        assertFlat(50_000);
    }

    private void assertFlat(int payments) throws SQLException {
        double first = 0;
        double last = 0;
        for (int i = 1; i <= payments; i++) {
            if (i == 1 || i == payments - WINDOW + 1) {
                long before = hits();
                for (int j = 0; j < WINDOW; j++, i++) {
                    book(i);
                }
                i--;
                double perPayment = (hits() - before) / (double) WINDOW;
                if (first == 0) {
                    first = perPayment;
                } else {
                    last = perPayment;
                }
            } else {
                book(i);
            }
        }
        System.out.printf(
                "PlanStabilityTest: buffer hits per payment, payments 1-%d: %.1f, payments %d-%d: %.1f%n",
                WINDOW, first, payments - WINDOW + 1, payments, last);
        assertThat(CheckoutFixtures.rows("cash_payment")).isEqualTo(payments);
        assertThat(last)
                .as(
                        "buffer hits per payment, payments %d-%d against 1-%d (%.1f at first)",
                        payments - WINDOW + 1, payments, WINDOW, first)
                .isBetween(first * 0.8, first * 1.2);
    }

    /** The database steps of one booking, as the lifecycle takes them. */
    private void book(int n) {
        String order = "SO-P" + n;
        String card = "92760044" + String.format("%08d", 1 + (n * 7919) % CARDS);
        ValidatedPayment payment = validator.validate(
                merchants.get(ACME),
                reader.read(CheckoutFixtures.order(order, "\"loyaltyCard\": \"" + card + "\",")
                        .getBytes(StandardCharsets.UTF_8)));
        CashPayment p = store.insert(ACME, payment, PaymentState.INITIAL).orElseThrow();
        p = lifecycle.move(p, PaymentState.START_PENDING, x -> {
            x.smartTransactionId = "STX_" + n;
            x.stxStatus = "created";
        });
        PaymentState from = p.state;
        long version = p.version;
        p.state = PaymentState.COMPLETED;
        p.stxStatus = "ok";
        p.loyaltyTransactionId = "LTX_" + n;
        p.bookedSum = p.total;
        p.bookedCurrency = p.currency;
        p.reconciliation = Bookings.MATCHED;
        p.receiptJson = CheckoutFixtures.receiptJsonOf(9, card);
        MerchantCard balance = new MerchantCard(
                "loyalty.merchantcards",
                "MCD_" + card,
                new Card(null, null, card, null),
                null,
                null,
                (long) n,
                (long) n,
                0L,
                0L,
                null,
                null,
                Instant.now().toString(),
                null,
                null,
                null,
                null);
        assertThat(store.commit(p, from, version, EventOutbox.CASH_PAYMENT_COMPLETED, null, balance))
                .isEqualTo(PaymentStore.Committed.WRITTEN);
    }

    private static long hits() throws SQLException {
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement()) {
            // a backend that stays idle reports its counters only after PGSTAT_IDLE_INTERVAL (10 s) in PostgreSQL 15
            try {
                Thread.sleep(11_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s.execute("select pg_stat_clear_snapshot()");
            try (ResultSet rs =
                    s.executeQuery("select coalesce(sum(coalesce(heap_blks_hit, 0) + coalesce(idx_blks_hit, 0) "
                            + "+ coalesce(toast_blks_hit, 0) + coalesce(tidx_blks_hit, 0)), 0) from pg_statio_user_tables "
                            + "where relname in " + TABLES)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
