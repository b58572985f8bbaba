package org.erpbridge.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import org.erpbridge.standin.StandInServer;

/**
 * One run's moving parts: a fresh database, the secuconnect stand-in (the one dev mode and the packaged
 * application's tests use) and one or more bridge processes; closing it stops them all (bridges first) and drops
 * the database.
 */
final class Stack implements AutoCloseable {
    final Env env;
    final Db db;
    final StandInServer secuconnect;
    final List<Bridge> bridges = new ArrayList<>();

    Stack(Env env, String scenario, long latencyMillis, int cards, long pageDelayMillis)
            throws SQLException, IOException {
        this.env = env;
        this.db = Db.fresh(env, scenario);
        this.secuconnect = new StandInServer(0, latencyMillis, cards, pageDelayMillis);
    }

    Bridge start(Bridge.Options options, String name) throws IOException, InterruptedException {
        if (env.flag("jfr") && options.jvm().stream().noneMatch(o -> o.startsWith("-XX:StartFlightRecording"))) {
            // recorded until the bridge stops (SIGTERM dumps it)
            options.jvm("-XX:StartFlightRecording=settings=profile,filename="
                    + env.work().resolve(name + ".jfr"));
        }
        Bridge b =
                Bridge.start(env, db.url(), secuconnect.baseUrl(), freePort(), options, name, Duration.ofSeconds(90));
        bridges.add(b);
        return b;
    }

    /** Restarts a bridge that was stopped or killed, on the same port and database. */
    Bridge restart(Bridge old, Bridge.Options options, String name) throws IOException, InterruptedException {
        bridges.remove(old);
        Bridge b =
                Bridge.start(env, db.url(), secuconnect.baseUrl(), old.port(), options, name, Duration.ofSeconds(90));
        bridges.add(b);
        return b;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Payments per state, e.g. {COMPLETED=6000}. */
    Map<String, Long> states(String orderPrefix) throws SQLException {
        return db.counts("select state, count(*) from cash_payment where merchant = 'bench' and order_id like '"
                + orderPrefix + "%' group by state order by state");
    }

    /** Ids of the orders with the prefix that are COMPLETED or REVIEW; empty while the database cannot be reached. */
    Set<String> settledOrders(String orderPrefix) {
        try {
            return new HashSet<>(db.counts("select order_id, 1 from cash_payment where order_id like '" + orderPrefix
                            + "%' and state in ('COMPLETED', 'REVIEW')")
                    .keySet());
        } catch (SQLException e) {
            return Set.of();
        }
    }

    /** Waits until {@code done} reaches {@code expected} or the timeout passes; returns the time it took (or -1). */
    static long await(LongSupplier done, long expected, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.getAsLong() >= expected) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(200);
        }
        return -1;
    }

    long count(String sql) {
        try {
            return db.count(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Settings that make recovery and delivery quick enough to watch within a bounded run. */
    static Bridge.Options quickRecovery() {
        return quickRecovery("30s");
    }

    static Bridge.Options quickRecovery(String reviewAfter) {
        return Bridge.Options.defaults()
                // the lease must hold a token fetch and one call plus the settle time: 0.5 + 2 x (1 + 2) s < 8 s
                .with("bridge.merchants.bench.secuconnect.connect-timeout", "1s")
                .with("bridge.merchants.bench.secuconnect.read-timeout", "2s")
                .with("bridge.checkout.recovery-interval", "1s")
                .with("bridge.checkout.settle-time", "500ms")
                .with("bridge.checkout.recovery-grace", "8s")
                .with("bridge.checkout.review-after", reviewAfter)
                // scaled down like the timings above: an open breaker lets trial calls through after 5 s, not 30 s
                .with("bridge.secuconnect.breaker.delay", "5s")
                .with("bridge.outbox.poll-interval", "1s")
                .with("bridge.outbox.lease", "10s")
                .with("bridge.outbox.request-timeout", "2s")
                .with("bridge.outbox.base-backoff", "1s")
                .with("bridge.outbox.max-backoff", "2s");
    }

    @Override
    public void close() throws Exception {
        for (Bridge b : bridges) {
            b.close();
        }
        secuconnect.close();
        db.close();
    }
}
