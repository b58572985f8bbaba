package org.erpbridge.outbox;

import java.time.Instant;
import java.util.Optional;

/**
 * A merchant's undelivered events: {@code pending} still being retried (oldest first occurred at
 * {@code oldestPendingAt}), {@code dead} given up after {@code bridge.outbox.max-age}.
 */
public record OutboxBacklog(String merchant, long pending, long dead, Optional<Instant> oldestPendingAt) {}
