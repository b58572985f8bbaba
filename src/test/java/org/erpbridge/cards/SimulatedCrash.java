package org.erpbridge.cards;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Test hook: when armed, "kills" the sync right after it committed the given page by throwing an {@link Error}
 * the sync does not handle, so the run row stays {@code running} with its lease, as after a killed process.
 */
@ApplicationScoped
public class SimulatedCrash {
    private static volatile int afterPage = -1;

    static void arm(int page) {
        afterPage = page;
    }

    static void disarm() {
        afterPage = -1;
    }

    void onPage(@Observes CardSyncPageCommitted committed) {
        if (committed.page() == afterPage) {
            afterPage = -1;
            throw new ProcessKilled();
        }
    }

    static final class ProcessKilled extends Error {
        ProcessKilled() {
            super("simulated kill of the process between two pages");
        }
    }
}
