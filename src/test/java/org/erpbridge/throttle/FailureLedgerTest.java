package org.erpbridge.throttle;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureLedgerTest {
    private final FailureLedger ledger =
            new FailureLedger(3, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(10), 2);

    @Test
    void freeFailuresThenADelayThatDoublesUpToTheCap() {
        long now = 0;
        for (int i = 1; i <= 3; i++) {
            assertThat(ledger.failed("a", now)).isEqualTo(i);
            assertThat(ledger.refusedForMillis("a", now))
                    .as("failure %d is free", i)
                    .isZero();
        }
        long[] expected = {1000, 2000, 4000, 8000, 10_000, 10_000};
        for (long delay : expected) {
            ledger.failed("a", now);
            assertThat(ledger.refusedForMillis("a", now)).isEqualTo(delay);
        }
        assertThat(ledger.refusedForMillis("a", now + 10_000)).isZero();
    }

    @Test
    void aSuccessOrTimeClearsTheFailures() {
        for (int i = 0; i < 4; i++) {
            ledger.failed("a", 0);
        }
        assertThat(ledger.refusedForMillis("a", 0)).isEqualTo(1000);
        ledger.succeeded("a");
        assertThat(ledger.refusedForMillis("a", 0)).isZero();
        for (int i = 0; i < 3; i++) {
            ledger.failed("b", 0);
        }
        assertThat(ledger.failed("b", Duration.ofMinutes(11).toMillis()))
                .as("forgotten after forget-after")
                .isEqualTo(1);
    }

    @Test
    void memoryStaysBounded() {
        ledger.failed("a", 0);
        ledger.failed("b", 0);
        assertThat(ledger.failed("c", 1)).as("full: a new key is not tracked").isZero();
        long later = Duration.ofMinutes(11).toMillis();
        assertThat(ledger.failed("c", later)).as("stale keys make room").isEqualTo(1);
        assertThat(ledger.size()).isLessThanOrEqualTo(2);
    }
}
