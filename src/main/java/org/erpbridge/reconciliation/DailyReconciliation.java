package org.erpbridge.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

import org.jboss.logging.Logger;

/**
 * What a scheduled fire does for a merchant: reconcile the previous business day (in the merchant's time zone), then
 * try again the days of the last {@code catch-up-days} whose run failed (secuconnect was down at the time, say).
 */
@ApplicationScoped
class DailyReconciliation {
    private static final Logger LOG = Logger.getLogger(DailyReconciliation.class);

    private final Merchants merchants;
    private final ReconciliationService service;
    private final int catchUpDays;

    DailyReconciliation(Merchants merchants, ReconciliationService service, BridgeConfig config) {
        this.merchants = merchants;
        this.service = service;
        this.catchUpDays = config.reconciliation().catchUpDays();
    }

    /** Returns the days reconciled successfully. Never throws: a failed day is recorded and tried again later. */
    List<LocalDate> runScheduled(String merchantKey, Instant fireTime) {
        Merchant merchant = merchants.find(merchantKey).orElse(null);
        if (merchant == null) {
            LOG.warnf("Scheduled reconciliation for unknown merchant %s skipped", merchantKey);
            return List.of();
        }
        LocalDate yesterday = fireTime.atZone(merchant.timeZone()).toLocalDate().minusDays(1);
        List<LocalDate> done = new ArrayList<>();
        if (tryDay(merchant, yesterday)) {
            done.add(yesterday);
        }
        if (catchUpDays > 0) {
            for (LocalDate day :
                    service.failedDays(merchant.key(), yesterday.minusDays(catchUpDays), yesterday.minusDays(1))) {
                if (tryDay(merchant, day)) {
                    done.add(day);
                }
            }
        }
        return done;
    }

    private boolean tryDay(Merchant merchant, LocalDate day) {
        try {
            service.run(merchant, day, ReconciliationRun.SCHEDULE);
            return true;
        } catch (RuntimeException e) {
            // recorded on the day by the service; the next fires try it again
            return false;
        }
    }
}
