package org.erpbridge.cards;

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
 * The Quartz job of one merchant's scheduled card sync. The clustered job store fires each trigger on exactly one
 * replica; {@link DisallowConcurrentExecution} keeps a merchant's fires from overlapping anywhere in the cluster
 * (the run table's one-running-run constraint also guards against a manual sync).
 */
@Dependent
@Unremovable
@RegisterForReflection
@DisallowConcurrentExecution
public class CardSyncJob implements Job {
    private static final Logger LOG = Logger.getLogger(CardSyncJob.class);

    @Inject
    CardSync sync;

    @Override
    public void execute(JobExecutionContext context) {
        String merchant = context.getMergedJobDataMap().getString(MerchantCronJobs.MERCHANT);
        try {
            sync.runScheduled(merchant, context.getScheduledFireTime().toInstant());
        } catch (RuntimeException e) {
            // never let Quartz refire at once: the next fire (or a takeover of the lease) continues the work
            LOG.errorf("Scheduled card sync of merchant %s could not run: %s", merchant, e.toString());
        }
    }
}
