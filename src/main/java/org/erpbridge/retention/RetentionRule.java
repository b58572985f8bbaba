package org.erpbridge.retention;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.erpbridge.merchant.BridgeConfig;

/**
 * One kind of data retention removes: its {@code bridge.retention.*} key, how old a row must be, and the statements
 * that remove one batch of one merchant's rows older than the cutoff (parameters: cutoff, merchant, batch size).
 * The inner select finds the batch through an index led by the age column; the outer statement removes by key.
 */
record RetentionRule(
        String key, Function<BridgeConfig.RetentionSettings, Duration> age, boolean byDay, List<String> batches) {

    static final List<RetentionRule> ALL = List.of(
            new RetentionRule(
                    "request-bodies",
                    BridgeConfig.RetentionSettings::requestBodies,
                    false,
                    List.of(
                            "update cash_payment set request_json = null, request_kept = false where id in (select id from "
                                    + "cash_payment where request_kept = true and state_changed_at < ? and merchant = ? and "
                                    + "state in ('COMPLETED', 'FAILED', 'REVIEW', 'CANCELLED') limit ?)")),
            new RetentionRule(
                    "card-history",
                    BridgeConfig.RetentionSettings::cardHistory,
                    false,
                    List.of(deleteOlder("card_balance_history", "changed_at", ""))),
            new RetentionRule(
                    "sync-runs",
                    BridgeConfig.RetentionSettings::syncRuns,
                    false,
                    List.of(deleteOlder("card_sync_run", "finished_at", " and state <> 'running'"))),
            // the differences of a day first: they belong to its run
            new RetentionRule(
                    "reconciliation-runs",
                    BridgeConfig.RetentionSettings::reconciliationRuns,
                    true,
                    List.of(
                            deleteOlder("reconciliation_difference", "business_day", ""),
                            deleteOlder("reconciliation_run", "business_day", ""))),
            new RetentionRule(
                    "delivered-events",
                    BridgeConfig.RetentionSettings::deliveredEvents,
                    false,
                    List.of(deleteOlder("outbox_event", "delivered_at", " and status = 'delivered'"))));

    private static String deleteOlder(String table, String ageColumn, String condition) {
        return "delete from " + table + " where id in (select id from " + table + " where " + ageColumn + " < ? and "
                + "merchant = ?" + condition + " limit ?)";
    }
}
