package org.erpbridge.cards;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.erpbridge.merchant.InvalidMerchantConfigException;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;
import org.jboss.logging.Logger;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * Puts one Quartz job and cron trigger per merchant ({@code bridge.merchants.<key>.card-sync.cron}) into the
 * clustered job store at start-up. Idempotent across replicas starting together: an unchanged trigger is left
 * alone (so its next fire time is kept), a changed one is replaced, and jobs of merchants whose sync is off or
 * that are gone are removed.
 */
@ApplicationScoped
class CardSyncSchedule {
    static final String GROUP = "card-sync";
    private static final Logger LOG = Logger.getLogger(CardSyncSchedule.class);

    private final Scheduler scheduler;
    private final Merchants merchants;

    CardSyncSchedule(Scheduler scheduler, Merchants merchants) {
        this.scheduler = scheduler;
        this.merchants = merchants;
    }

    void onStart(@Observes StartupEvent event) throws SchedulerException {
        merchants.all().forEach(CardSyncSchedule::validate);
        for (Merchant merchant : merchants.all()) {
            apply(merchant.key(), merchant.cardSync().cron());
        }
        for (JobKey job : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            String merchant = job.getName();
            if (merchants.find(merchant).isEmpty()) {
                apply(merchant, Optional.empty());
            }
        }
    }

    static void validate(Merchant merchant) {
        merchant.cardSync().cron().ifPresent(cron -> {
            if (!CronExpression.isValidExpression(cron)) {
                throw new InvalidMerchantConfigException(merchant.key(), List.of("bridge.merchants." + merchant.key()
                        + ".card-sync.cron: '" + cron + "' is not a Quartz cron expression (seconds minutes hours "
                        + "day-of-month month day-of-week [year], e.g. '0 0/15 * * * ?'), or 'off'"));
            }
        });
    }

    /** Schedules (or, with an empty cron, unschedules) the merchant's sync. */
    void apply(String merchant, Optional<String> cron) throws SchedulerException {
        JobKey jobKey = JobKey.jobKey(merchant, GROUP);
        TriggerKey triggerKey = TriggerKey.triggerKey(merchant, GROUP);
        // one transaction, so the job store's row locks are held for the whole change (jdbc-cmt store)
        QuarkusTransaction.requiringNew().call(() -> {
            if (cron.isEmpty()) {
                if (scheduler.deleteJob(jobKey)) {
                    LOG.infof("Card sync schedule of merchant %s removed", merchant);
                }
                return null;
            }
            Trigger existing = scheduler.getTrigger(triggerKey);
            if (existing instanceof CronTrigger current && current.getCronExpression().equals(cron.get())
                    && current.getJobKey().equals(jobKey) && scheduler.checkExists(jobKey)) {
                LOG.debugf("Card sync schedule of merchant %s unchanged (%s), next fire %s", merchant, cron.get(),
                        current.getNextFireTime());
                return null;
            }
            JobDetail job = JobBuilder.newJob(CardSyncJob.class)
                    .withIdentity(jobKey)
                    .withDescription("card balance sync of merchant " + merchant)
                    .usingJobData(CardSyncJob.MERCHANT, merchant)
                    .requestRecovery(false) // a run of a dead replica is resumed through its lease instead
                    .build();
            Trigger trigger = TriggerBuilder.newTrigger()
                    .withIdentity(triggerKey)
                    .forJob(jobKey)
                    .withSchedule(CronScheduleBuilder.cronSchedule(cron.get())
                            .inTimeZone(TimeZone.getDefault())
                            // after downtime run once at the next fire time instead of catching up every missed one
                            .withMisfireHandlingInstructionDoNothing())
                    .build();
            scheduler.scheduleJob(job, Set.of(trigger), true);
            LOG.infof("Card sync of merchant %s scheduled: '%s', next fire %s", merchant, cron.get(),
                    scheduler.getTrigger(triggerKey).getNextFireTime());
            return null;
        });
    }
}
