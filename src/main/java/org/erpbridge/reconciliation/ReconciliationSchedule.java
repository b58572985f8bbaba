package org.erpbridge.reconciliation;

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
 * Puts one Quartz job with a cron trigger in the merchant's time zone per merchant
 * ({@code bridge.merchants.<key>.reconciliation.cron}) into the clustered job store at start-up. Replicas starting
 * together agree: an unchanged trigger is kept (with its next fire time), a changed one replaced, and the jobs of
 * merchants that are gone or switched off are removed.
 */
@ApplicationScoped
class ReconciliationSchedule {
    static final String GROUP = "reconciliation";
    private static final Logger LOG = Logger.getLogger(ReconciliationSchedule.class);

    private final Scheduler scheduler;
    private final Merchants merchants;

    ReconciliationSchedule(Scheduler scheduler, Merchants merchants) {
        this.scheduler = scheduler;
        this.merchants = merchants;
    }

    void onStart(@Observes StartupEvent event) throws SchedulerException {
        merchants.all().forEach(ReconciliationSchedule::validate);
        for (Merchant merchant : merchants.all()) {
            apply(merchant.key(), merchant.reconciliation().cron(), merchant.timeZone().getId());
        }
        for (JobKey job : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            if (merchants.find(job.getName()).isEmpty()) {
                apply(job.getName(), Optional.empty(), null);
            }
        }
    }

    static void validate(Merchant merchant) {
        merchant.reconciliation().cron().ifPresent(cron -> {
            if (!CronExpression.isValidExpression(cron)) {
                throw new InvalidMerchantConfigException(merchant.key(), List.of("bridge.merchants." + merchant.key()
                        + ".reconciliation.cron: '" + cron + "' is not a Quartz cron expression (seconds minutes hours "
                        + "day-of-month month day-of-week [year], e.g. '0 30 2 * * ?'), or 'off'"));
            }
        });
    }

    /** Schedules (or, with an empty cron, unschedules) the merchant's daily run in the given time zone. */
    void apply(String merchant, Optional<String> cron, String timeZone) throws SchedulerException {
        JobKey jobKey = JobKey.jobKey(merchant, GROUP);
        TriggerKey triggerKey = TriggerKey.triggerKey(merchant, GROUP);
        // one transaction, so the job store's row locks are held for the whole change (jdbc-cmt store)
        QuarkusTransaction.requiringNew().call(() -> {
            if (cron.isEmpty()) {
                if (scheduler.deleteJob(jobKey)) {
                    LOG.infof("Reconciliation schedule of merchant %s removed", merchant);
                }
                return null;
            }
            Trigger existing = scheduler.getTrigger(triggerKey);
            if (existing instanceof CronTrigger current && current.getCronExpression().equals(cron.get())
                    && current.getTimeZone().getID().equals(timeZone) && scheduler.checkExists(jobKey)) {
                return null;
            }
            Trigger trigger = TriggerBuilder.newTrigger()
                    .withIdentity(triggerKey)
                    .forJob(jobKey)
                    .withSchedule(CronScheduleBuilder.cronSchedule(cron.get())
                            .inTimeZone(TimeZone.getTimeZone(timeZone))
                            // after downtime fire once at once (for the previous day); days whose run failed are caught up by the job
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build();
            scheduler.scheduleJob(JobBuilder.newJob(ReconciliationJob.class)
                    .withIdentity(jobKey)
                    .withDescription("daily reconciliation of merchant " + merchant)
                    .usingJobData(ReconciliationJob.MERCHANT, merchant)
                    .build(), Set.of(trigger), true);
            LOG.infof("Daily reconciliation of merchant %s scheduled: '%s' (%s), next fire %s", merchant, cron.get(),
                    timeZone, scheduler.getTrigger(triggerKey).getNextFireTime());
            return null;
        });
    }
}
