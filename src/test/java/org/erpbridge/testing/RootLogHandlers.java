package org.erpbridge.testing;

import java.util.logging.Handler;

import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;

/**
 * Installs a test's capturing handler on the root logger AHEAD of the application's handlers. The console handler's
 * card-number filter rewrites a record in place, and the record is shared by all handlers: a capture behind it would
 * only ever see masked text, so a test could no longer tell whether the code itself masked.
 */
public final class RootLogHandlers {
    private RootLogHandlers() {}

    public static void installFirst(Handler handler) {
        Logger root = LogContext.getLogContext().getLogger("");
        Handler[] current = root.getHandlers();
        Handler[] withCapture = new Handler[current.length + 1];
        withCapture[0] = handler;
        System.arraycopy(current, 0, withCapture, 1, current.length);
        root.setHandlers(withCapture);
    }

    public static void remove(Handler handler) {
        LogContext.getLogContext().getLogger("").removeHandler(handler);
    }
}
