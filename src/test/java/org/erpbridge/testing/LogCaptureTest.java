package org.erpbridge.testing;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The kit's log capture sees each record as the code wrote it, whatever the handlers behind it do. */
class LogCaptureTest {
    private static final Logger LOG = LogContext.getLogContext().getLogger("org.erpbridge.testing.demo");

    @Test
    void aLineHoldsLoggerFormattedMessageAndEveryCause() {
        try (LogCapture logs = LogCapture.install()) {
            LOG.log(Level.WARNING, "card {0} refused", new Object[] {"1234"});
            LOG.log(Level.SEVERE, "booking failed", new IllegalStateException("outer", new RuntimeException("inner")));
            assertThat(logs.lines())
                    .containsExactly(
                            "org.erpbridge.testing.demo card 1234 refused",
                            "org.erpbridge.testing.demo booking failed | java.lang.IllegalStateException: outer"
                                    + " | java.lang.RuntimeException: inner");
            assertThat(logs.records()).hasSize(2);
        }
    }

    @Test
    void aHandlerThatRewritesTheRecordLaterDoesNotChangeWhatWasCaptured() {
        Handler masking = new Handler() {
            @Override
            public void publish(LogRecord record) {
                record.setMessage("masked");
                record.setParameters(null);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        RootLogHandlers.installFirst(masking);
        try (LogCapture logs = LogCapture.install()) {
            LOG.info("card 9276004429942845 read");
            assertThat(logs.all()).isEqualTo("org.erpbridge.testing.demo card 9276004429942845 read");
        } finally {
            RootLogHandlers.remove(masking);
        }
    }

    @Test
    void afterCloseNothingMoreIsCaptured() {
        LogCapture logs = LogCapture.install();
        logs.close();
        LOG.info("after close");
        assertThat(logs.lines()).isEmpty();
    }
}
