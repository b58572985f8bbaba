package org.erpbridge.retention;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.erpbridge.testing.BridgeConfigs;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.PostgresTestDatabase;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each retention rule (test profile: the defaults, 30d/400d/90d/400d/30d): rows past their age go, younger rows
 * stay, and another merchant's rows are left alone.
 */
@QuarkusTest
class RetentionTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant OLD = NOW.minus(500, ChronoUnit.DAYS);
    private static final Instant YOUNG = NOW.minus(1, ChronoUnit.DAYS);

    @Inject
    Retention retention;

    @Inject
    DataSource dataSource;

    private long ids = 1;

    @BeforeEach
    void reset() {
        Database.truncateAll();
        for (String merchant : List.of("acme", "bravo")) {
            Database.execute(
                    "insert into card_balance (id, merchant, card_hash, present, synced_at, changed_at) values ("
                            + (merchant.equals("acme") ? 1 : 2) + ", '" + merchant + "', 'h-" + merchant
                            + "', true, now(), now())");
        }
    }

    @Test
    void requestBodiesOfSettledPaymentsAreClearedWhenOld() {
        payment("acme", "OLD", "COMPLETED", OLD);
        payment("acme", "YOUNG", "COMPLETED", YOUNG);
        payment("acme", "OLD-UNSETTLED", "CREATED", OLD);
        payment("bravo", "OLD", "COMPLETED", OLD);

        assertThat(retention.apply("acme", NOW)).containsEntry("request-bodies", 1);

        assertThat(Database.count("select count(*) from cash_payment where request_json is null"))
                .isEqualTo(1);
        assertThat(Database.count("select count(*) from cash_payment where request_json is null and merchant = 'acme' "
                        + "and order_id = 'OLD' and request_kept = false"))
                .isEqualTo(1);
    }

    @Test
    void cardHistoryGoesWhenOld() {
        for (Instant at : List.of(OLD, YOUNG)) {
            Database.execute(
                    "insert into card_balance_history (id, merchant, card_id, change_kind, source, new_present, "
                            + "changed_at) values (" + ids++ + ", 'acme', 1, 'new', 'sync', true, " + ts(at) + ")");
        }
        Database.execute("insert into card_balance_history (id, merchant, card_id, change_kind, source, new_present, "
                + "changed_at) values (" + ids++ + ", 'bravo', 2, 'new', 'sync', true, " + ts(OLD) + ")");

        assertThat(retention.apply("acme", NOW)).containsEntry("card-history", 1);

        assertThat(remaining("card_balance_history")).containsExactlyInAnyOrder("acme young", "bravo old");
    }

    @Test
    void anAgeOfZeroKeepsThatKindForEver() {
        Database.execute("insert into card_balance_history (id, merchant, card_id, change_kind, source, new_present, "
                + "changed_at) values (" + ids++ + ", 'acme', 1, 'new', 'sync', true, " + ts(OLD) + ")");
        event("acme", "delivered", OLD);
        Retention keepingHistory =
                new Retention(dataSource, BridgeConfigs.withShop1(Map.of("bridge.retention.card-history", "0")));

        assertThat(keepingHistory.apply("acme", NOW))
                .doesNotContainKey("card-history")
                .containsEntry("delivered-events", 1);

        assertThat(remaining("card_balance_history")).containsExactly("acme old");
    }

    @Test
    void finishedSyncRunsGoWhenOld() {
        syncRun("acme", "completed", OLD);
        syncRun("acme", "failed", YOUNG);
        syncRun("bravo", "completed", OLD);

        assertThat(retention.apply("acme", NOW)).containsEntry("sync-runs", 1);

        assertThat(remaining("card_sync_run")).containsExactlyInAnyOrder("acme young", "bravo old");
    }

    @Test
    void reconciliationRunsGoWithTheirDifferencesWhenOld() {
        for (String merchant : List.of("acme", "bravo")) {
            reconciliation(merchant, OLD);
        }
        reconciliation("acme", YOUNG);

        assertThat(retention.apply("acme", NOW)).containsEntry("reconciliation-runs", 2);

        assertThat(Database.count("select count(*) from reconciliation_run where merchant = 'acme'"))
                .isEqualTo(1);
        assertThat(Database.count("select count(*) from reconciliation_difference where merchant = 'acme'"))
                .isEqualTo(1);
        assertThat(Database.count("select count(*) from reconciliation_run where merchant = 'bravo'"))
                .isEqualTo(1);
        assertThat(Database.count("select count(*) from reconciliation_difference where merchant = 'bravo'"))
                .isEqualTo(1);
    }

    @Test
    void deliveredEventsGoWhenOldButDeadOnesStay() {
        event("acme", "delivered", OLD);
        event("acme", "delivered", YOUNG);
        event("acme", "dead", OLD);
        event("bravo", "delivered", OLD);

        assertThat(retention.apply("acme", NOW)).containsEntry("delivered-events", 1);

        assertThat(Database.count("select count(*) from outbox_event where merchant = 'acme'"))
                .isEqualTo(2);
        assertThat(Database.count("select count(*) from outbox_event where merchant = 'acme' and status = 'dead'"))
                .isEqualTo(1);
        assertThat(Database.count("select count(*) from outbox_event where merchant = 'bravo'"))
                .isEqualTo(1);
    }

    /** {@code merchant old|young} of each row left, by the age column the rule reads. */
    private static List<String> remaining(String table) {
        String age = table.equals("card_sync_run") ? "finished_at" : "changed_at";
        try (var c = PostgresTestDatabase.connect()) {
            return Database.rows(
                            c,
                            "select merchant, " + age + " < ? as old from " + table,
                            java.sql.Timestamp.from(NOW.minus(30, ChronoUnit.DAYS)))
                    .stream()
                    .map(r -> r.get("merchant") + (Boolean.TRUE.equals(r.get("old")) ? " old" : " young"))
                    .toList();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void payment(String merchant, String orderId, String state, Instant changed) {
        Database.execute("insert into cash_payment (merchant, order_id, state, version, attempt, merchant_ref, "
                + "request_hash, request_json, currency, total, paid_at, nothing_booked, lease_until, created_at, "
                + "attempt_started_at, state_changed_at, plain_card) values ('" + merchant + "', '" + orderId + "', '"
                + state + "', 1, 1, 'ref-" + merchant + orderId + "', 'h', '{}', 'EUR', 1, " + ts(changed) + ", false, "
                + ts(changed) + ", " + ts(changed) + ", " + ts(changed) + ", " + ts(changed) + ", false)");
    }

    private static void syncRun(String merchant, String state, Instant finished) {
        Database.execute("insert into card_sync_run (merchant, trigger_kind, state, next_offset, pages, cards_seen, "
                + "cards_changed, cards_missing, takeovers, started_at, heartbeat_at, finished_at) values ('" + merchant
                + "', 'schedule', '" + state + "', 0, 0, 0, 0, 0, 0, " + ts(finished) + ", " + ts(finished) + ", "
                + ts(finished) + ")");
    }

    private static void reconciliation(String merchant, Instant day) {
        String businessDay = "date '" + day.atZone(ZoneOffset.UTC).toLocalDate() + "'";
        Database.execute(
                "insert into reconciliation_run (merchant, business_day, time_zone, state, trigger_kind, runs, "
                        + "currency, erp_total, secuconnect_total, difference, matched, mismatched, pending, failed, cancelled, "
                        + "orphaned, status_disagreement, first_run_at, last_run_at) values ('" + merchant + "', "
                        + businessDay
                        + ", 'UTC', 'completed', 'schedule', 1, 'EUR', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, now(), now())");
        Database.execute("insert into reconciliation_difference (merchant, business_day, difference_key, fingerprint, "
                + "reconciliation, first_seen_at, last_seen_at) values ('" + merchant + "', " + businessDay
                + ", 'order:SO-1', 'f', 'orphaned', now(), now())");
    }

    private static void event(String merchant, String status, Instant delivered) {
        Database.execute("insert into outbox_event (id, merchant, type, payload, occurred_at, status, attempts, "
                + "next_attempt_at, delivered_at) values ('" + UUID.randomUUID() + "', '" + merchant + "', "
                + "'cash-payment.completed', '{}', " + ts(delivered) + ", '" + status + "', 1, " + ts(delivered) + ", "
                + (status.equals("delivered") ? ts(delivered) : "null") + ")");
    }

    private static String ts(Instant at) {
        return "timestamp with time zone '" + at.toString().replace('T', ' ').replace("Z", "+00") + "'";
    }
}
