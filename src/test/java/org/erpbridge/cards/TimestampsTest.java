package org.erpbridge.cards;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** secuconnect's timestamps: the common form read directly, every other form as before. */
class TimestampsTest {

    @Test
    void readsSecondsWithAnOffsetOrZ() {
        assertThat(Timestamps.parse("2019-09-12T10:52:22+02:00")).isEqualTo(Instant.parse("2019-09-12T08:52:22Z"));
        assertThat(Timestamps.parse("2019-09-12T10:52:22-05:30")).isEqualTo(Instant.parse("2019-09-12T16:22:22Z"));
        assertThat(Timestamps.parse(" 2019-09-12T10:52:22Z ")).isEqualTo(Instant.parse("2019-09-12T10:52:22Z"));
    }

    @Test
    void readsOtherFormsWithTheGeneralParsers() {
        assertThat(Timestamps.parse("2019-09-12T10:52:22.123+02:00"))
                .isEqualTo(Instant.parse("2019-09-12T08:52:22.123Z"));
        assertThat(Timestamps.parse("2019-09-12T10:52:22"))
                .as("no offset: UTC")
                .isEqualTo(Instant.parse("2019-09-12T10:52:22Z"));
    }

    @Test
    void answersNullForWhatIsNoInstant() {
        assertThat(Timestamps.parse(null)).isNull();
        assertThat(Timestamps.parse(" ")).isNull();
        assertThat(Timestamps.parse("2019-02-30T10:52:22+02:00")).isNull();
        assertThat(Timestamps.parse("2019-09-12T24:00:00+02:00")).isNull();
        assertThat(Timestamps.parse("2019-09-12T10:52:22+19:00")).isNull();
        assertThat(Timestamps.parse("2019-09-12T10:52:22+02:0x")).isNull();
    }
}
