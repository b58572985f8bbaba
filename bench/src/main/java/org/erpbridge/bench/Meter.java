package org.erpbridge.bench;

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

    private Meter(Stack stack, Bridge bridge) {
        this.stack = stack;
        this.bridge = bridge;
    }

    /** Starts a window now. */
    static Meter start(Stack stack, Bridge bridge) {
        Meter m = new Meter(stack, bridge);
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
        return new Reading(start, take());
    }

    /** A closed window: {@link #report} adds its figures to a result. */
    record Reading(Snapshot start, Snapshot end) {
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
            result.detail(
                    "meteredWindow",
                    java.util.Map.of(
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
