package org.erpbridge.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a measured window cost per payment the bridge completed in it: CPU of the bridge JVM (/proc/pid/stat) and,
 * separately, of its PostgreSQL cluster (postmaster and every process it started, see {@link PgCluster#cpuMillis}),
 * and the database's commits ({@code pg_stat_database.xact_commit}) and buffer hits ({@code blks_hit}).
 * PostgreSQL publishes a backend's counters when it goes idle, at most about once a second, so both ends of a window
 * of tens of seconds are read the same way and the lag cancels out.
 */
final class Meter {
    /** Counters at one moment. */
    record Snapshot(long nanos, long bridgeCpuMillis, long pgCpuMillis, long commits, long blocksHit, long completed) {}

    private final Stack stack;
    private final Bridge bridge;
    private Snapshot start;
    private Map<Long, Proc.ThreadCpu> threadsAtStart;

    private Meter(Stack stack, Bridge bridge) {
        this.stack = stack;
        this.bridge = bridge;
    }

    /** Starts a window now. */
    static Meter start(Stack stack, Bridge bridge) {
        Meter m = new Meter(stack, bridge);
        m.threadsAtStart = Proc.threadCpu(bridge.pid());
        m.start = m.take();
        return m;
    }

    private Snapshot take() {
        long commits = stack.count("select xact_commit from pg_stat_database where datname = current_database()");
        long hits = stack.count("select blks_hit from pg_stat_database where datname = current_database()");
        long completed = stack.count("select count(*) from cash_payment where state = 'COMPLETED'");
        return new Snapshot(
                System.nanoTime(), bridge.cpuMillis(), stack.db.cluster().cpuMillis(), commits, hits, completed);
    }

    /** Ends the window. */
    Reading stop() {
        Snapshot end = take();
        return new Reading(start, end, byThreadGroup(threadsAtStart, Proc.threadCpu(bridge.pid())));
    }

    /**
     * Bridge CPU of the window per thread pool (threads that ended within the window are missed: the bridge's pools
     * keep theirs while loaded), largest first: where the bridge's share of a payment goes.
     */
    static Map<String, Long> byThreadGroup(Map<Long, Proc.ThreadCpu> before, Map<Long, Proc.ThreadCpu> after) {
        Map<String, Long> groups = new HashMap<>();
        after.forEach((tid, t) -> {
            Proc.ThreadCpu old = before.get(tid);
            long used = t.millis() - (old != null && old.name().equals(t.name()) ? old.millis() : 0);
            groups.merge(t.group(), used, Long::sum);
        });
        Map<String, Long> sorted = new LinkedHashMap<>();
        groups.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** A closed window: {@link #report} adds its figures to a result. */
    record Reading(Snapshot start, Snapshot end, Map<String, Long> bridgeCpuByThreads) {
        long completed() {
            return end.completed() - start.completed();
        }

        void report(Result result) {
            long completed = completed();
            double seconds = (end.nanos() - start.nanos()) / 1e9;
            long bridgeCpu = end.bridgeCpuMillis() - start.bridgeCpuMillis();
            long pgCpu = end.pgCpuMillis() - start.pgCpuMillis();
            result.figure("bridge CPU (avg over the window)", 100.0 * bridgeCpu / 1000 / seconds, "% of a core");
            result.figure("PostgreSQL CPU (avg over the window)", 100.0 * pgCpu / 1000 / seconds, "% of a core");
            if (completed > 0) {
                // per payment completed in the window (leftovers of a warm-up included, as they cost too)
                double perPayment = (bridgeCpu + pgCpu) / (double) completed;
                result.figure("bridge CPU per completed payment", bridgeCpu / (double) completed, "ms");
                result.figure("PostgreSQL CPU per completed payment", pgCpu / (double) completed, "ms");
                result.figure(
                        "CPU per payment, bridge JVM + its PostgreSQL", perPayment, "ms", "<= 1.5", perPayment <= 1.5);
                result.figure(
                        "database commits per completed payment",
                        (end.commits() - start.commits()) / (double) completed,
                        "commits");
                result.figure(
                        "buffer hits per completed payment",
                        (end.blocksHit() - start.blocksHit()) / (double) completed,
                        "blocks");
            }
            if (completed > 0) {
                Map<String, Double> perPayment = new LinkedHashMap<>();
                bridgeCpuByThreads.forEach(
                        (group, ms) -> perPayment.put(group, Math.round(1000.0 * ms / completed) / 1000.0));
                result.detail("bridgeCpuMsPerPaymentByThreads", perPayment);
                System.out.println("  bridge CPU per payment by threads (ms): " + perPayment);
            }
            result.detail(
                    "meteredWindow",
                    Map.of(
                            "seconds",
                            Math.round(seconds * 100) / 100.0,
                            "completedPayments",
                            completed,
                            "bridgeCpuMs",
                            bridgeCpu,
                            "postgresCpuMs",
                            pgCpu,
                            "commits",
                            end.commits() - start.commits(),
                            "blocksHit",
                            end.blocksHit() - start.blocksHit()));
        }
    }
}
