package org.erpbridge.secuconnect;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void secondsAndHttpDatesAreRead() {
        assertThat(RetryAfter.parse("7", NOW)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("Thu, 03 Dec 2026 10:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Thu, 03 Dec 2026 09:59:00 GMT", NOW))
                .as("a past date: at once")
                .contains(Duration.ZERO);
    }

    @Test
    void anythingElseIsNoAdvice() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-3", NOW)).isEmpty();
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isEmpty();
    }

    @Test
    void only429MeansNotExecuted() {
        assertThat(new SecuconnectServerException("acme", "smart-transaction.create", 429, null, "1").outcomeUnknown())
                .isFalse();
        assertThat(new SecuconnectServerException("acme", "smart-transaction.create", 503, null, null).outcomeUnknown())
                .isTrue();
    }
}
