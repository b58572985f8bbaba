package org.erpbridge.common;

import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * Removes from the clustered Quartz store the jobs of schedules that no longer run in Quartz: payment recovery and
 * outbox delivery now run on threads of their own ({@link Periodic}). Their rows, left by an earlier version, would
 * otherwise keep firing into nothing on every replica.
 * <p>
 * Runs before Quartz starts (its start observes the same event at {@link Interceptor.Priority#PLATFORM_BEFORE}): on
 * a fresh database this first job-store transaction also creates Quartz's lock rows, which must not race the
 * scheduler's own threads (two inserts of the same lock row fail start-up).
 */
@ApplicationScoped
class RetiredSchedules {
    private static final Logger LOG = Logger.getLogger(RetiredSchedules.class);
    /** The group Quarkus files its {@code @Scheduled} jobs under; their name is the schedule's identity. */
    private static final String SCHEDULED_GROUP = io.quarkus.scheduler.Scheduler.class.getName();

    private static final List<String> RETIRED = List.of("cash-payment-recovery", "outbox-delivery");

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent start, Scheduler scheduler)
            throws SchedulerException {
        for (String identity : RETIRED) {
            JobKey job = JobKey.jobKey(identity, SCHEDULED_GROUP);
            // one transaction, as the jdbc-cmt job store expects (see MerchantCronJobs)
            if (QuarkusTransaction.requiringNew().call(() -> scheduler.deleteJob(job))) {
                LOG.infof("Removed the retired Quartz schedule %s (it runs on its own thread now)", identity);
            }
        }
    }
}
