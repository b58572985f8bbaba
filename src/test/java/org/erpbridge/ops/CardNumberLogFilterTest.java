package org.erpbridge.ops;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CardNumberLogFilterTest {
    private static final String CARD = "9276004429942845";
    private final CardNumberLogFilter filter = new CardNumberLogFilter();

    @Test
    void masksACardNumberInTheFormattedMessage() {
        ExtLogRecord record = record("validation of %s failed (order %s)", CARD, "SO-1");

        assertThat(filter.isLoggable(record)).isTrue();

        assertThat(record.getFormattedMessage()).isEqualTo("validation of ************2845 failed (order SO-1)");
    }

    @Test
    void leavesALineWithoutLongDigitRunsAsItWas() {
        ExtLogRecord record = record("order %s total %d", "SO-1", 796);
        Object[] parameters = record.getParameters();

        assertThat(filter.isLoggable(record)).isTrue();

        assertThat(record.getParameters()).isSameAs(parameters);
        assertThat(record.getFormattedMessage()).isEqualTo("order SO-1 total 796");
    }

    @Test
    void masksExceptionMessagesAlongTheCauseChainKeepingClassesAndStackTraces() {
        IllegalStateException root = new IllegalStateException("card " + CARD + " is locked");
        RuntimeException thrown = new RuntimeException("booking failed", root);
        ExtLogRecord record = record("payment failed");
        record.setThrown(thrown);

        filter.isLoggable(record);

        Throwable masked = record.getThrown();
        assertThat(masked.toString()).isEqualTo("java.lang.RuntimeException: booking failed");
        assertThat(masked.getStackTrace()).isEqualTo(thrown.getStackTrace());
        assertThat(masked.getCause().toString())
                .isEqualTo("java.lang.IllegalStateException: card ************2845 is locked");
    }

    @Test
    void masksAPlainJulRecord() {
        LogRecord record = new LogRecord(Level.INFO, "card {0}");
        record.setParameters(new Object[] {CARD});

        filter.isLoggable(record);

        assertThat(record.getMessage()).isEqualTo("card ************2845");
        assertThat(record.getParameters()).isNull();
    }

    private static ExtLogRecord record(String format, Object... parameters) {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, format, ExtLogRecord.FormatStyle.PRINTF, "test");
        record.setParameters(parameters);
        return record;
    }
}
