package org.erpbridge.cards;

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
 * Puts one Quartz job and cron trigger per merchant ({@code bridge.merchants.<key>.card-sync.cron}) into the
 * clustered job store at start-up (see {@link MerchantCronJobs}: unchanged triggers keep their next fire time, jobs of
 * merchants whose sync is off or that are gone are removed). After downtime the sync runs at the next fire time
 * instead of catching up every missed one.
 */
@ApplicationScoped
class CardSyncSchedule {
    static final String GROUP = "card-sync";

    private final MerchantCronJobs jobs;
    private final Merchants merchants;

    CardSyncSchedule(Scheduler scheduler, Merchants merchants) {
        this.jobs = new MerchantCronJobs(scheduler, GROUP, CardSyncJob.class, "card balance sync");
        this.merchants = merchants;
    }

    void onStart(@Observes StartupEvent event) throws SchedulerException {
        merchants.all().forEach(CardSyncSchedule::validate);
        for (Merchant merchant : merchants.all()) {
            apply(merchant.key(), merchant.cardSync().cron());
        }
        jobs.removeUnknown(key -> merchants.find(key).isPresent());
    }

    static void validate(Merchant merchant) {
        MerchantCronJobs.validate(
                merchant.key(), merchant.cardSync().cron(), "bridge.merchants." + merchant.key() + ".card-sync.cron");
    }

    /** Schedules (or, with an empty cron, unschedules) the merchant's sync. */
    void apply(String merchant, Optional<String> cron) throws SchedulerException {
        jobs.apply(merchant, cron, TimeZone.getDefault(), MerchantCronJobs.Misfire.SKIP);
    }
}
