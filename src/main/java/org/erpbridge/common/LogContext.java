package org.erpbridge.common;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import org.jboss.logging.MDC;

/**
 * The fields every log line of a payment carries, kept in the logging MDC: the JSON console log prints them
 * under {@code mdc}, the plain-text pattern as {@code %X{...}}. Set at the ERP API entry and carried by hand into
 * the threads that continue the work, because the MDC belongs to one thread (or one request's Vert.x context).
 */
public final class LogContext {
    public static final String CORRELATION_ID = "correlationId";
    public static final String MERCHANT = "merchant";
    public static final String ORDER_ID = "orderId";
    /** The Smart Transaction id, once secuconnect has given one. */
    public static final String STX = "stx";

    /** What a caller may send as correlation id: no spaces, quotes or control characters, so it is safe in any log. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private LogContext() {}

    /** Sets {@code key}; {@code null} removes it. */
    public static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    public static String get(String key) {
        Object value = MDC.get(key);
        return value == null ? null : value.toString();
    }

    /** Sets the payment fields at once ({@code null} removes one). */
    public static void payment(String merchant, String orderId, String smartTransactionId) {
        put(MERCHANT, merchant);
        put(ORDER_ID, orderId);
        put(STX, smartTransactionId);
    }

    /** The presented id when it is a safe token, otherwise a new one. */
    public static String correlationIdFrom(String presented) {
        return presented != null && SAFE_ID.matcher(presented).matches() ? presented : newCorrelationId();
    }

    public static String newCorrelationId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Remembers the current fields; closing restores exactly them. For threads that work on many payments in
     * turn (recovery), so one payment's fields never leak into the next one's lines.
     */
    public static Scope scope() {
        return new Scope(MDC.getMap());
    }

    /**
     * Wraps {@code task} so that it runs with the fields of the thread calling this method (typically the request
     * thread handing work to an executor), and leaves the executing thread's own fields as they were.
     */
    public static Runnable carrying(Runnable task) {
        Map<String, Object> captured = MDC.getMap();
        return () -> {
            try (Scope ignored = scope()) {
                replace(captured);
                task.run();
            }
        };
    }

    /** Like {@link #carrying(Runnable)}, for a task with a result. */
    public static <T> Callable<T> carrying(Callable<T> task) {
        Map<String, Object> captured = MDC.getMap();
        return () -> {
            try (Scope ignored = scope()) {
                replace(captured);
                return task.call();
            }
        };
    }

    private static void replace(Map<String, Object> fields) {
        MDC.clear();
        fields.forEach(MDC::put);
    }

    /** Restores the fields that were set when it was opened. */
    public static final class Scope implements AutoCloseable {
        private final Map<String, Object> previous;

        private Scope(Map<String, Object> previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            replace(previous);
        }
    }
}
