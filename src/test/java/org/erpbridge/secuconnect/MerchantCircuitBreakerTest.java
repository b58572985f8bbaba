package org.erpbridge.secuconnect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MerchantCircuitBreakerTest {
    private final MutableClock clock = new MutableClock();
    private final MerchantCircuitBreaker breaker = new MerchantCircuitBreaker(4, 0.5, Duration.ofSeconds(10), 2, clock);

    @Test
    void staysClosedUntilTheWindowIsFull() {
        breaker.recordFailure();
        breaker.recordFailure();
        breaker.recordFailure();
        assertThat(breaker.allowsCall()).isTrue();
        breaker.recordFailure();
        assertThat(breaker.allowsCall()).isFalse();
    }

    @Test
    void opensAtTheFailureRatioOnly() {
        breaker.recordSuccess();
        breaker.recordSuccess();
        breaker.recordSuccess();
        breaker.recordFailure();
        assertThat(breaker.isOpen()).isFalse();
        breaker.recordFailure(); // window now: s s f f -> 50 %
        assertThat(breaker.isOpen()).isTrue();
    }

    @Test
    void halfOpensAfterTheDelayAndClosesAfterEnoughSuccesses() {
        open();
        clock.advance(Duration.ofSeconds(9));
        assertThat(breaker.allowsCall()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.allowsCall()).isTrue();
        breaker.recordSuccess();
        assertThat(breaker.allowsCall()).isTrue();
        breaker.recordSuccess();
        // closed with a fresh window: three failures are not enough to open again
        breaker.recordFailure();
        breaker.recordFailure();
        breaker.recordFailure();
        assertThat(breaker.allowsCall()).isTrue();
    }

    @Test
    void trialFailuresReachingTheRatioOpenItAgain() {
        open();
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.allowsCall()).isTrue();
        breaker.recordFailure();
        assertThat(breaker.isOpen())
                .as("one failed trial of four is below the ratio")
                .isFalse();
        assertThat(breaker.allowsCall()).isTrue();
        breaker.recordFailure();
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.allowsCall()).isFalse();
    }

    @Test
    void aFailedTrialAmongSuccessesStillClosesIt() {
        open();
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.allowsCall()).isTrue();
        breaker.recordFailure();
        breaker.recordSuccess();
        breaker.recordSuccess();
        assertThat(breaker.isOpen()).isFalse();
        for (int i = 0; i < 10; i++) {
            assertThat(breaker.allowsCall()).as("closed: no trial bound").isTrue();
        }
    }

    @Test
    void anOpenBreakerSaysWhenItLetsTrialsThrough() {
        open();
        assertThat(breaker.trialsFrom()).isEqualTo(clock.instant().plusSeconds(10));
        clock.advance(Duration.ofSeconds(4));
        assertThat(breaker.trialsFrom()).isEqualTo(clock.instant().plusSeconds(6));
    }

    @Test
    void halfOpenLetsOnlyTheWindowsWorthOfTrialsThrough() {
        open();
        clock.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 4; i++) {
            assertThat(breaker.allowsCall()).isTrue();
        }
        assertThat(breaker.allowsCall())
                .as("fifth call while four trials are unanswered")
                .isFalse();
        assertThat(breaker.isOpen()).isFalse();
        // trials that never report (refused after their permit) do not block the merchant for ever
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.allowsCall()).isTrue();
    }

    private void open() {
        for (int i = 0; i < 4; i++) {
            breaker.recordFailure();
        }
        assertThat(breaker.isOpen()).isTrue();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
