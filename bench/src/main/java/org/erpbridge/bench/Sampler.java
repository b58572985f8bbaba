package org.erpbridge.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Samples a bridge once per interval while a load runs: its CPU (from /proc, as % of one core over the window),
 * resident memory, and, when asked, heap in use from its Prometheus metrics.
 */
final class Sampler implements AutoCloseable {
    private final Bridge bridge;
    private final Thread thread;
    private final boolean heap;
    private final long cpuAtStart;
    private final long startNanos;
    private volatile boolean running = true;
    private volatile long maxRssKb;
    private volatile long maxHeapBytes;
    private long cpuAtEnd = -1;
    private long endNanos;

    Sampler(Bridge bridge, boolean heap, Duration interval) {
        this.bridge = bridge;
        this.heap = heap;
        this.cpuAtStart = bridge.cpuMillis();
        this.startNanos = System.nanoTime();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest metrics = HttpRequest.newBuilder(URI.create(bridge.managementUrl("/q/metrics")))
                .timeout(Duration.ofSeconds(5))
                .build();
        thread = new Thread(
                () -> {
                    while (running) {
                        maxRssKb = Math.max(maxRssKb, bridge.rssKb());
                        if (heap) {
                            try {
                                maxHeapBytes = Math.max(
                                        maxHeapBytes,
                                        heapUsed(http.send(metrics, HttpResponse.BodyHandlers.ofString())
                                                .body()));
                            } catch (Exception e) {
                                // a missed sample
                            }
                        }
                        try {
                            Thread.sleep(interval.toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Sum of jvm_memory_used_bytes{area="heap",...} over the heap pools. */
    static long heapUsed(String prometheus) {
        long sum = 0;
        for (String line : prometheus.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    void stop() throws InterruptedException {
        cpuAtEnd = bridge.cpuMillis();
        endNanos = System.nanoTime();
        maxRssKb = Math.max(maxRssKb, bridge.rssKb());
        running = false;
        thread.interrupt();
        thread.join(2000);
    }

    /** Average CPU of the bridge over the window, in % of one core (200 % = both cores of this machine). */
    double cpuPercent() {
        double wallMillis = (endNanos - startNanos) / 1e6;
        return wallMillis <= 0 ? 0 : 100.0 * (cpuAtEnd - cpuAtStart) / wallMillis;
    }

    /** CPU time the bridge used over the window. */
    long cpuMillis() {
        return cpuAtEnd - cpuAtStart;
    }

    long maxRssKb() {
        return maxRssKb;
    }

    long maxHeapBytes() {
        return maxHeapBytes;
    }

    boolean sampledHeap() {
        return heap;
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }
}
