package org.erpbridge.outbox;

/** What one delivery pass did: events claimed, delivered, failed (will retry) and given up (dead). */
public record DeliveryPass(int claimed, int delivered, int failed, int dead) {
    static final DeliveryPass EMPTY = new DeliveryPass(0, 0, 0, 0);

    DeliveryPass plus(DeliveryPass other) {
        return new DeliveryPass(
                claimed + other.claimed, delivered + other.delivered, failed + other.failed, dead + other.dead);
    }
}
