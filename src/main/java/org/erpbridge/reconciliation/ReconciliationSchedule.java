package org.erpbridge.reconciliation;

import java.util.Optional;
import java.util.TimeZone;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.erpbridge.common.MerchantCronJobs;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

import io.quarkus.runtime.StartupEvent;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * Puts each merchant's daily reconciliation ({@code bridge.merchants.<key>.reconciliation.cron}, read in the merchant's
 * time zone) into the clustered Quartz store at start-up. After downtime a missed fire runs once at once; days whose
 * run failed are caught up by the job itself.
 */
@ApplicationScoped
class ReconciliationSchedule {
    static final String GROUP = "reconciliation";

    private final MerchantCronJobs jobs;
    private final Merchants merchants;

    ReconciliationSchedule(Scheduler scheduler, Merchants merchants) {
        this.jobs = new MerchantCronJobs(scheduler, GROUP, ReconciliationJob.class, "daily reconciliation");
        this.merchants = merchants;
    }

    void onStart(@Observes StartupEvent event) throws SchedulerException {
        merchants.all().forEach(ReconciliationSchedule::validate);
        for (Merchant merchant : merchants.all()) {
            apply(
                    merchant.key(),
                    merchant.reconciliation().cron(),
                    merchant.timeZone().getId());
        }
        jobs.removeUnknown(key -> merchants.find(key).isPresent());
    }

    static void validate(Merchant merchant) {
        MerchantCronJobs.validate(
                merchant.key(),
                merchant.reconciliation().cron(),
                "bridge.merchants." + merchant.key() + ".reconciliation.cron");
    }

    /** Schedules (or, with an empty cron, unschedules) the merchant's daily run in the given time zone. */
    void apply(String merchant, Optional<String> cron, String timeZone) throws SchedulerException {
        jobs.apply(
                merchant,
                cron,
                timeZone == null ? TimeZone.getDefault() : TimeZone.getTimeZone(timeZone),
                MerchantCronJobs.Misfire.FIRE_ONCE);
    }
}
