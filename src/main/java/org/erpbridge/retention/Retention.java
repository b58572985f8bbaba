package org.erpbridge.retention;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.common.Jdbc;
import org.erpbridge.merchant.BridgeConfig;

import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;

/**
 * Removes what the bridge no longer needs, merchant by merchant: request bodies of settled payments, card balance
 * history, finished card sync runs, reconciliation runs with their differences, delivered outbox events. Each rule
 * works in batches of {@code bridge.retention.batch-size} rows, one short transaction each, until nothing older than
 * its cutoff is left; an age of zero switches the rule off.
 */
@ApplicationScoped
public class Retention {
    private static final Logger LOG = Logger.getLogger(Retention.class);

    private final DataSource dataSource;
    private final BridgeConfig.RetentionSettings config;
    private final int batchSize;

    Retention(DataSource dataSource, BridgeConfig config) {
        this.dataSource = dataSource;
        this.config = config.retention();
        this.batchSize = Math.max(1, this.config.batchSize());
    }

    /** Applies every rule to the merchant's rows as of {@code now}; returns the rows removed (or cleared) per key. */
    public Map<String, Integer> apply(String merchant, Instant now) {
        Map<String, Integer> removed = new LinkedHashMap<>();
        for (RetentionRule rule : RetentionRule.ALL) {
            Duration age = rule.age().apply(config);
            if (age.isZero() || age.isNegative()) {
                continue;
            }
            Instant cutoff = now.minus(age);
            int count = 0;
            for (String sql : rule.batches()) {
                int batch;
                do {
                    batch = QuarkusTransaction.requiringNew().call(() -> batch(sql, rule, cutoff, merchant));
                    count += batch;
                } while (batch >= batchSize);
            }
            if (count > 0) {
                LOG.infof(
                        "Retention of merchant %s: %d rows past bridge.retention.%s (%s) removed",
                        merchant, count, rule.key(), age);
            }
            removed.put(rule.key(), count);
        }
        return removed;
    }

    private int batch(String sql, RetentionRule rule, Instant cutoff, String merchant) {
        return Jdbc.on(dataSource, "retention " + rule.key(), c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (rule.byDay()) {
                    ps.setDate(1, Date.valueOf(cutoff.atZone(ZoneOffset.UTC).toLocalDate()));
                } else {
                    Jdbc.instant(ps, 1, cutoff);
                }
                ps.setString(2, merchant);
                ps.setInt(3, batchSize);
                return ps.executeUpdate();
            }
        });
    }
}
