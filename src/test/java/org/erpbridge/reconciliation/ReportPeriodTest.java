package org.erpbridge.reconciliation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportPeriodTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aDayRunsFromLocalMidnightToLocalMidnightAcrossDaylightSavingChanges() {
        ReportPeriod day = ReportPeriod.day(LocalDate.parse("2026-11-23"), BERLIN);
        assertThat(day.start()).isEqualTo(Instant.parse("2026-11-22T23:00:00Z"));
        assertThat(day.end()).isEqualTo(Instant.parse("2026-11-23T23:00:00Z"));
        assertThat(day.contains(Instant.parse("2026-11-22T23:00:00Z"))).isTrue();
        assertThat(day.contains(Instant.parse("2026-11-23T22:59:59.999Z"))).isTrue();
        assertThat(day.contains(Instant.parse("2026-11-23T23:00:00Z"))).isFalse();

        ReportPeriod spring = ReportPeriod.day(LocalDate.parse("2026-03-29"), BERLIN);
        assertThat(Duration.between(spring.start(), spring.end())).isEqualTo(Duration.ofHours(23));
        ReportPeriod autumn = ReportPeriod.day(LocalDate.parse("2026-10-25"), BERLIN);
        assertThat(Duration.between(autumn.start(), autumn.end())).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void secuconnectIsAskedForAWiderCreatedRange() {
        ReportPeriod week = new ReportPeriod(LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-29"), BERLIN);
        assertThat(week.days()).isEqualTo(7);
        assertThat(week.createdQuery()).isEqualTo("created:[2026-11-22T00:00:00 TO 2026-11-30T23:59:59]");
    }

    @Test
    void aPeriodCannotEndBeforeItStarts() {
        assertThatThrownBy(() -> new ReportPeriod(LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-22"), BERLIN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
