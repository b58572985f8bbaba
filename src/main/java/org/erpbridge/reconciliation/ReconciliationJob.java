package org.erpbridge.reconciliation;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import org.erpbridge.common.MerchantCronJobs;

import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.jboss.logging.Logger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job of one merchant's daily reconciliation. The clustered job store fires each trigger on one replica
 * only; {@link DisallowConcurrentExecution} keeps a merchant's fires from overlapping anywhere in the cluster.
 */
@Dependent
@Unremovable
@RegisterForReflection
@DisallowConcurrentExecution
public class ReconciliationJob implements Job {
    private static final Logger LOG = Logger.getLogger(ReconciliationJob.class);

    @Inject
    DailyReconciliation daily;

    @Override
    public void execute(JobExecutionContext context) {
        String merchant = context.getMergedJobDataMap().getString(MerchantCronJobs.MERCHANT);
        try {
            daily.runScheduled(merchant, context.getScheduledFireTime().toInstant());
        } catch (RuntimeException e) {
            // never let Quartz refire at once: the next fire catches failed days up
            LOG.errorf("Scheduled reconciliation of merchant %s could not run: %s", merchant, e.toString());
        }
    }
}
