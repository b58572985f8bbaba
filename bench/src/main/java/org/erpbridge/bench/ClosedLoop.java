package org.erpbridge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * A closed-loop driver: {@code threads} threads, each sending its next payment as soon as the previous one was
 * answered, for a fixed time. Throughput is what the system under test sustains at that concurrency (the threads
 * wait for it, so this mode cannot show queueing beyond them; the open-model {@link OpenLoad} does). Latency runs
 * from the send to the answer. A call that is still running when the time is up is waited for (each call has its
 * own timeout) and counted only if it ended by the deadline.
 */
final class ClosedLoop {
    /** One payment; returns the HTTP status of its answer (200: completed), -1 for an I/O error. */
    @FunctionalInterface
    interface Call {
        int pay(int index) throws Exception;
    }

    /**
     * What one run measured. Latencies in microseconds, of the calls answered 200; {@code driverCpuNanos} is the CPU
     * time of the calling threads themselves (what the caller does inside {@link Call#pay} included).
     */
    record Outcome(
            int threads,
            double seconds,
            long ok,
            Map<String, Integer> statuses,
            Histogram latency,
            long driverCpuNanos) {
        double throughput() {
            return seconds <= 0 ? 0 : ok / seconds;
        }

        double ms(double percentile) {
            return PaymentsBench.ms(latency, percentile);
        }

        Map<String, Object> summary() {
            return Map.of(
                    "threads",
                    threads,
                    "seconds",
                    Math.round(seconds * 100) / 100.0,
                    "answered200",
                    ok,
                    "throughputPerSecond",
                    Math.round(throughput() * 100) / 100.0,
                    "statuses",
                    statuses,
                    "latencyMs",
                    Map.of("p50", ms(50), "p95", ms(95), "p99", ms(99), "max", latency.getMaxValue() / 1000.0));
        }
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** The first index of a measured run: warm-up payments count from 0 and never reach it. */
    static final int MEASURED = 1_000_000;

    private ClosedLoop() {}

    /**
     * Signed payments to the bridge, one HTTP/1.1 connection per thread: order {@code W-<i>} during a warm-up
     * (indexes below {@link #MEASURED}), {@code <measuredPrefix>-<i>} after; the answer's status.
     */
    static Call bridgePayments(Bridge bridge, String measuredPrefix) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        String base = bridge.url("");
        return i -> http.send(
                        Orders.post(base, Orders.body((i < MEASURED ? "W-" : measuredPrefix + "-") + i)),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /**
     * Runs {@code call} from {@code threads} threads for {@code length}; indexes are handed out from {@code firstIndex}
     * on, so warm-up and measured payments do not share order ids. Threads are named {@code <name>-<n>}.
     */
    static Outcome run(String name, int threads, Duration length, int firstIndex, Call call)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger(firstIndex);
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + length.toNanos();
        long[] ok = new long[threads];
        AtomicLong driverCpu = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            Histogram h = new Histogram(60_000_000L, 3);
            histograms.add(h);
            int slot = t;
            Thread worker = new Thread(
                    () -> {
                        long cpuAtStart = CPU.getCurrentThreadCpuTime();
                        try {
                            loop(deadline, next, call, statuses, h, ok, slot);
                        } finally {
                            driverCpu.addAndGet(CPU.getCurrentThreadCpuTime() - cpuAtStart);
                        }
                    },
                    name + "-" + t);
            worker.setDaemon(true);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            w.join(); // every call has a timeout (30 s), so this ends
        }
        Histogram all = new Histogram(60_000_000L, 3);
        histograms.forEach(all::add);
        long total = 0;
        for (long n : ok) {
            total += n;
        }
        return new Outcome(threads, length.toNanos() / 1e9, total, new TreeMap<>(statuses), all, driverCpu.get());
    }

    private static void loop(
            long deadline,
            AtomicInteger next,
            Call call,
            Map<String, Integer> statuses,
            Histogram h,
            long[] ok,
            int slot) {
        while (System.nanoTime() < deadline) {
            long sent = System.nanoTime();
            int status;
            try {
                status = call.pay(next.getAndIncrement());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                status = -1;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                return; // ended after the window: neither counted nor timed
            }
            statuses.merge(status < 0 ? "io-error" : Integer.toString(status), 1, Integer::sum);
            if (status == 200) {
                h.recordValue(Math.min(60_000_000L, (now - sent) / 1000));
                ok[slot]++;
            }
        }
    }
}
