package org.erpbridge.retention;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.carddata.CardDataConversion;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

/**
 * The housekeeping job on the clustered scheduler, so it runs on one replica at a time: shortly after start-up and
 * then every {@code bridge.retention.interval}. It first encrypts card numbers still stored in plain text (rows from
 * before the upgrade), then applies retention to each configured merchant. A merchant's failure is logged and the
 * next one goes on; every step is safe to repeat.
 */
@ApplicationScoped
class RetentionJob {
    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private final CardDataConversion conversion;
    private final Retention retention;
    private final Merchants merchants;
    private final Clock clock;
    private final int batchSize;

    RetentionJob(
            CardDataConversion conversion, Retention retention, Merchants merchants, Clock clock, BridgeConfig config) {
        this.conversion = conversion;
        this.retention = retention;
        this.merchants = merchants;
        this.clock = clock;
        this.batchSize = config.retention().batchSize();
    }

    @Scheduled(
            identity = "retention",
            every = "${bridge.retention.interval}",
            delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            conversion.convertAll(batchSize);
        } catch (RuntimeException e) {
            LOG.errorf("Encrypting plain card numbers failed (next run tries again): %s", e.getMessage());
        }
        for (Merchant merchant : merchants.all()) {
            try {
                retention.apply(merchant.key(), clock.instant());
            } catch (RuntimeException e) {
                LOG.errorf(
                        "Retention of merchant %s failed (next run tries again): %s", merchant.key(), e.getMessage());
            }
        }
    }
}
