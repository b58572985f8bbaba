package org.erpbridge.outbox;

import java.time.Instant;
import java.util.UUID;

/** A snapshot of a row a worker has claimed (the lease is held until its outcome is recorded). */
record ClaimedEvent(
        UUID id, String merchant, String type, String payload, Instant occurredAt, int attempts, Instant leaseUntil) {}
