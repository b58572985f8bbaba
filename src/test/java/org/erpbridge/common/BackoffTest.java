package org.erpbridge.common;

import java.time.Duration;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    private final Backoff backoff =
            new Backoff(Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofSeconds(1), new Random(42));

    @Test
    void ceilingDoublesPerFailureUpToTheCap() {
        assertThat(backoff.ceiling(0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(40));
        assertThat(backoff.ceiling(8)).isEqualTo(Duration.ofSeconds(2560));
        assertThat(backoff.ceiling(9)).isEqualTo(Duration.ofHours(1));
        assertThat(backoff.ceiling(1000)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void delaysAreJitteredWithinOneSecondAndTheCeiling() {
        for (int n = 0; n <= 12; n++) {
            Duration ceiling = backoff.ceiling(n);
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.delay(n)).isBetween(Duration.ofSeconds(1), ceiling);
            }
        }
    }

    @Test
    void averageDelayGrowsWithTheNumberOfFailures() {
        double previous = 0;
        for (int n = 0; n <= 9; n++) {
            int failures = n;
            double mean = LongStream.range(0, 2000)
                    .map(i -> backoff.delay(failures).toMillis())
                    .average()
                    .orElseThrow();
            assertThat(mean).as("mean delay after %d failures", n).isGreaterThan(previous);
            // full jitter: the mean sits near half the ceiling, so delays really spread out
            assertThat(mean)
                    .isBetween(
                            backoff.ceiling(n).toMillis() * 0.4,
                            backoff.ceiling(n).toMillis() * 0.6);
            previous = mean;
        }
    }

    @Test
    void withoutAFloorDelaysStartAtZero() {
        Backoff noFloor = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ZERO, new Random(7));
        long min = LongStream.range(0, 500)
                .map(i -> noFloor.delay(0).toMillis())
                .min()
                .orElseThrow();
        assertThat(min).isLessThan(10);
        for (int i = 0; i < 200; i++) {
            assertThat(noFloor.delay(2)).isBetween(Duration.ZERO, Duration.ofMillis(400));
            assertThat(noFloor.delay(40)).isBetween(Duration.ZERO, Duration.ofMillis(1000));
        }
    }

    @Test
    void manyEventsFailingTogetherDoNotRetryTogether() {
        long distinctSeconds = LongStream.range(0, 100)
                .map(i -> backoff.delay(6).toSeconds())
                .distinct()
                .count();
        assertThat(distinctSeconds).isGreaterThan(50);
    }
}
