package org.erpbridge.common;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.Predicate;

import org.erpbridge.merchant.InvalidMerchantConfigException;

import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * One Quartz job with a cron trigger per merchant in a group of the clustered job store (card sync, daily
 * reconciliation). Replicas starting together agree: an unchanged trigger is left alone (its next fire time is kept),
 * a changed one is replaced, and the jobs of merchants that are gone or switched off are removed. The job finds its
 * merchant in the job data under {@link #MERCHANT}.
 */
public final class MerchantCronJobs {
    public static final String MERCHANT = "merchant";
    private static final Logger LOG = Logger.getLogger(MerchantCronJobs.class);

    /** What a trigger does after downtime made it miss fires. */
    public enum Misfire {
        /** Wait for the next regular fire. */
        SKIP,
        /** Fire once at once, then go on as scheduled. */
        FIRE_ONCE
    }

    private final Scheduler scheduler;
    private final String group;
    private final Class<? extends Job> jobClass;
    private final String what;

    /** {@code what} names the job in log lines and descriptions, e.g. "card balance sync". */
    public MerchantCronJobs(Scheduler scheduler, String group, Class<? extends Job> jobClass, String what) {
        this.scheduler = scheduler;
        this.group = group;
        this.jobClass = jobClass;
        this.what = what;
    }

    /** Refuses a cron that Quartz cannot read, naming the merchant's configuration key. */
    public static void validate(String merchant, Optional<String> cron, String key) {
        cron.ifPresent(c -> {
            if (!CronExpression.isValidExpression(c)) {
                throw new InvalidMerchantConfigException(
                        merchant,
                        List.of(key + ": '" + c + "' is not a Quartz cron "
                                + "expression (seconds minutes hours day-of-month month day-of-week [year], e.g. '0 30 2 * * ?'),"
                                + " or 'off'"));
            }
        });
    }

    /** Removes the jobs of merchants that are no longer configured. */
    public void removeUnknown(Predicate<String> configured) throws SchedulerException {
        for (JobKey job : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(group))) {
            if (!configured.test(job.getName())) {
                apply(job.getName(), Optional.empty(), TimeZone.getDefault(), Misfire.SKIP);
            }
        }
    }

    /** Schedules (or, with an empty cron, unschedules) the merchant's job, its cron read in {@code zone}. */
    public void apply(String merchant, Optional<String> cron, TimeZone zone, Misfire misfire)
            throws SchedulerException {
        JobKey jobKey = JobKey.jobKey(merchant, group);
        TriggerKey triggerKey = TriggerKey.triggerKey(merchant, group);
        // one transaction, so the job store's row locks are held for the whole change (jdbc-cmt store)
        QuarkusTransaction.requiringNew().call(() -> {
            if (cron.isEmpty()) {
                if (scheduler.deleteJob(jobKey)) {
                    LOG.infof("Schedule of the %s of merchant %s removed", what, merchant);
                }
                return null;
            }
            Trigger existing = scheduler.getTrigger(triggerKey);
            if (existing instanceof CronTrigger current
                    && current.getCronExpression().equals(cron.get())
                    && current.getTimeZone().getID().equals(zone.getID())
                    && current.getJobKey().equals(jobKey)
                    && scheduler.checkExists(jobKey)) {
                LOG.debugf(
                        "Schedule of the %s of merchant %s unchanged (%s), next fire %s",
                        what, merchant, cron.get(), current.getNextFireTime());
                return null;
            }
            CronScheduleBuilder schedule =
                    CronScheduleBuilder.cronSchedule(cron.get()).inTimeZone(zone);
            schedule = misfire == Misfire.SKIP
                    ? schedule.withMisfireHandlingInstructionDoNothing()
                    : schedule.withMisfireHandlingInstructionFireAndProceed();
            scheduler.scheduleJob(
                    JobBuilder.newJob(jobClass)
                            .withIdentity(jobKey)
                            .withDescription(what + " of merchant " + merchant)
                            .usingJobData(MERCHANT, merchant)
                            .requestRecovery(false) // an interrupted run is picked up by the feature's own bookkeeping
                            .build(),
                    Set.of(TriggerBuilder.newTrigger()
                            .withIdentity(triggerKey)
                            .forJob(jobKey)
                            .withSchedule(schedule)
                            .build()),
                    true);
            LOG.infof(
                    "The %s of merchant %s is scheduled: '%s' (%s), next fire %s",
                    what,
                    merchant,
                    cron.get(),
                    zone.getID(),
                    scheduler.getTrigger(triggerKey).getNextFireTime());
            return null;
        });
    }
}
