package org.erpbridge.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads every JDK {@link java.net.http.HttpClient} of the bridge (secuconnect per merchant, ERP callbacks) hands
 * its response handling to. Left to itself each client starts a cached pool and wakes a new or idle thread per
 * exchange stage; a bench run showed those hand-offs costing about 1 ms of CPU per payment (three exchanges), where a
 * small fixed pool of hot threads costs a fraction. The work is short and never blocks (reading bytes, completing
 * a future that a caller waits on), so one pool for all merchants takes nothing from a merchant's isolation: its
 * callers block on their own threads, within their own bounds.
 */
public final class HttpClientThreads {
    private static final int THREADS = 2;
    private static final ExecutorService SHARED =
            Executors.newFixedThreadPool(THREADS, DaemonThreads.named("http-client"));

    private HttpClientThreads() {}

    public static ExecutorService shared() {
        return SHARED;
    }
}
