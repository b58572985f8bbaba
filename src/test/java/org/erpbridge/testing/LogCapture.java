package org.erpbridge.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps every log record published while installed on the root logger, ahead of the console handler (see
 * {@link RootLogHandlers}), with its MDC and thread, and each record's text as it was at that moment. Either for
 * a block, {@code try (LogCapture logs = LogCapture.install()) {...}}, or for every test of a class,
 * {@code @RegisterExtension final LogCapture logs = new LogCapture();}.
 */
public final class LogCapture extends Handler implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    public LogCapture() {
        setLevel(Level.ALL);
    }

    public static LogCapture install() {
        LogCapture capture = new LogCapture();
        RootLogHandlers.installFirst(capture);
        return capture;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        clear();
        RootLogHandlers.installFirst(this);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void publish(LogRecord record) {
        ExtLogRecord ext = ExtLogRecord.wrap(record);
        ext.copyAll();
        // the text now: handlers behind this one may rewrite the shared record
        StringBuilder line =
                new StringBuilder(record.getLoggerName()).append(' ').append(ext.getFormattedMessage());
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
        }
        records.add(ext);
        lines.add(line.toString());
    }

    public List<ExtLogRecord> records() {
        return List.copyOf(records);
    }

    /** One line a record: logger, formatted message and each exception of the cause chain. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String all() {
        return String.join("\n", lines());
    }

    public void clear() {
        records.clear();
        lines.clear();
    }

    /** Logger, message as written and as formatted, and the exception with its causes: all a log line can show. */
    public static String text(ExtLogRecord record) {
        StringWriter text = new StringWriter();
        text.append(record.getLoggerName())
                .append(": ")
                .append(record.getMessage())
                .append(" | ")
                .append(record.getFormattedMessage());
        if (record.getThrown() != null) {
            record.getThrown().printStackTrace(new PrintWriter(text));
        }
        return text.toString();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        RootLogHandlers.remove(this);
    }
}
