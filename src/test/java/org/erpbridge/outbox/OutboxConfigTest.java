package org.erpbridge.outbox;

import java.time.Duration;

import org.erpbridge.merchant.BridgeConfig;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxConfigTest {

    record Settings(
            String pollInterval,
            int batchSize,
            Duration lease,
            Duration baseBackoff,
            Duration maxBackoff,
            Duration maxAge,
            Duration requestTimeout,
            int deliveryThreads)
            implements BridgeConfig.Outbox {
        Settings(
                String pollInterval,
                int batchSize,
                Duration lease,
                Duration baseBackoff,
                Duration maxBackoff,
                Duration maxAge,
                Duration requestTimeout) {
            this(pollInterval, batchSize, lease, baseBackoff, maxBackoff, maxAge, requestTimeout, 4);
        }
    }

    private static Settings defaults() {
        return new Settings(
                "5s",
                20,
                Duration.ofMinutes(5),
                Duration.ofSeconds(10),
                Duration.ofHours(1),
                Duration.ofHours(72),
                Duration.ofSeconds(10));
    }

    @Test
    void defaultsAreValid() {
        assertThat(OutboxDelivery.validate(defaults())).isEmpty();
    }

    @Test
    void maxAgeBelowOneDayIsRefused() {
        Settings s = defaults();
        Settings shortLived = new Settings(
                s.pollInterval(),
                s.batchSize(),
                s.lease(),
                s.baseBackoff(),
                s.maxBackoff(),
                Duration.ofHours(23),
                s.requestTimeout());
        assertThat(OutboxDelivery.validate(shortLived))
                .singleElement()
                .asString()
                .contains("bridge.outbox.max-age");
    }

    @Test
    void leaseShorterThanTwoRequestsAndBadBatchAreRefused() {
        Settings s = defaults();
        Settings bad = new Settings(
                s.pollInterval(),
                0,
                Duration.ofSeconds(15),
                Duration.ofHours(2),
                s.maxBackoff(),
                s.maxAge(),
                s.requestTimeout());
        assertThat(OutboxDelivery.validate(bad))
                .hasSize(3)
                .anyMatch(p -> p.contains("bridge.outbox.batch-size"))
                .anyMatch(p -> p.contains("bridge.outbox.lease"))
                .anyMatch(p -> p.contains("bridge.outbox.base-backoff"));
    }

    @Test
    void unreadablePollIntervalAndNoDeliveryThreadsAreRefused() {
        Settings s = defaults();
        Settings bad = new Settings(
                "every five seconds",
                s.batchSize(),
                s.lease(),
                s.baseBackoff(),
                s.maxBackoff(),
                s.maxAge(),
                s.requestTimeout(),
                0);
        assertThat(OutboxDelivery.validate(bad))
                .hasSize(2)
                .anyMatch(p -> p.contains("bridge.outbox.poll-interval"))
                .anyMatch(p -> p.contains("bridge.outbox.delivery-threads"));
        assertThat(OutboxDelivery.validate(new Settings(
                        "off",
                        s.batchSize(),
                        s.lease(),
                        s.baseBackoff(),
                        s.maxBackoff(),
                        s.maxAge(),
                        s.requestTimeout())))
                .isEmpty();
    }
}
