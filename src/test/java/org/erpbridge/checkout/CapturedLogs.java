package org.erpbridge.checkout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.erpbridge.testing.RootLogHandlers;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps every log record published while installed on the root logger (ahead of the console handler, so records
 * are seen as the code wrote them), with its MDC and thread taken at the moment it was logged. A JUnit extension:
 * {@code @RegisterExtension final CapturedLogs logs = new CapturedLogs();} captures during each test.
 */
final class CapturedLogs extends Handler implements BeforeEachCallback, AfterEachCallback {
    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();

    CapturedLogs() {
        setLevel(Level.ALL);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        records.clear();
        RootLogHandlers.installFirst(this);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RootLogHandlers.remove(this);
    }

    @Override
    public void publish(LogRecord record) {
        ExtLogRecord ext = ExtLogRecord.wrap(record);
        ext.copyAll();
        records.add(ext);
    }

    List<ExtLogRecord> records() {
        return List.copyOf(records);
    }

    void clear() {
        records.clear();
    }

    /** Logger, message as written and as formatted, and the exception with its causes: all a log line can show. */
    static String text(ExtLogRecord record) {
        StringWriter text = new StringWriter();
        text.append(record.getLoggerName()).append(": ").append(record.getMessage()).append(" | ")
                .append(record.getFormattedMessage());
        if (record.getThrown() != null) {
            record.getThrown().printStackTrace(new PrintWriter(text));
        }
        return text.toString();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
