package org.erpbridge.secuconnect;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.erpbridge.testing.RootLogHandlers;
import org.jboss.logmanager.ExtFormatter;

/**
 * Collects every formatted log line (message, parameters and exception text) while installed on the root logger,
 * ahead of the console handler (whose card-number filter would otherwise mask the lines before they are seen).
 */
final class LogCapture extends Handler implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();

    static LogCapture install() {
        LogCapture capture = new LogCapture();
        capture.setLevel(Level.ALL);
        RootLogHandlers.installFirst(capture);
        return capture;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        StringBuilder line = new StringBuilder(record.getLoggerName() + " " + new SimpleText().formatMessage(record));
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
        }
        lines.add(line.toString());
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    String all() {
        return String.join("\n", lines());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        RootLogHandlers.remove(this);
    }

    private static final class SimpleText extends ExtFormatter {
        @Override
        public String format(org.jboss.logmanager.ExtLogRecord record) {
            return formatMessage(record);
        }
    }
}
