package org.erpbridge.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import org.HdrHistogram.Histogram;

/**
 * An open-model load generator: request {@code i} is due at {@code start + i / rate}, whatever happened to earlier
 * requests, and its latency is measured from that due time (not from when it was actually sent), so a stalled
 * server shows up in the percentiles instead of slowing the generator down (no coordinated omission). Bounded:
 * exactly {@code rate * seconds} requests, then at most {@code drain} for the last answers; requests beyond
 * {@code maxInFlight} outstanding are not sent and count as errors.
 */
final class OpenLoad {
    /**
     * What one run measured. Latencies in microseconds; {@code latency} and {@code service} of the 200/202 answers,
     * {@code byStatus} the latency of every answer by its status, {@code retryAfter} how many of each carried a
     * Retry-After header.
     */
    record Outcome(
            int planned,
            int sent,
            Map<String, Integer> statuses,
            Histogram latency,
            Histogram service,
            double seconds,
            long okCount,
            int notSent,
            int unanswered,
            long lateDispatchMax,
            Map<String, Histogram> byStatus,
            Map<String, Integer> retryAfter) {

        long errors() {
            long good = statuses.entrySet().stream()
                    .filter(e -> e.getKey().equals("200") || e.getKey().equals("202"))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            return planned - good;
        }

        double throughput() {
            return seconds <= 0 ? 0 : okCount / seconds;
        }
    }

    private final HttpClient client;
    private final int maxInFlight;
    private final Duration drain;

    OpenLoad(int maxInFlight, Duration drain) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4, r -> {
                    Thread t = new Thread(r, "load-client");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
        this.maxInFlight = maxInFlight;
        this.drain = drain;
    }

    HttpClient client() {
        return client;
    }

    /** Sends {@code rate * seconds} requests made by {@code requests} (given the request index) at a constant rate. */
    Outcome run(double rate, int seconds, IntFunction<HttpRequest> requests) throws InterruptedException {
        return run(rate, seconds, requests, answer -> {});
    }

    /**
     * One answer: request {@code index}, due at {@code dueNanos} (System.nanoTime), answered with {@code status}
     * (-1: no answer, an I/O error) {@code latencyMicros} after it was due.
     */
    record Answer(int index, long dueNanos, int status, long latencyMicros, boolean retryAfter) {
        boolean acknowledged() {
            return status == 200 || status == 202;
        }
    }

    /** A listener that collects the indexes of the acknowledged (200/202) requests. */
    static Consumer<Answer> acknowledgedInto(java.util.Set<Integer> acknowledged) {
        return answer -> {
            if (answer.acknowledged()) {
                acknowledged.add(answer.index());
            }
        };
    }

    /** As above; {@code answers} hears every answer as it comes. */
    Outcome run(double rate, int seconds, IntFunction<HttpRequest> requests, Consumer<Answer> answers)
            throws InterruptedException {
        int planned = (int) Math.round(rate * seconds);
        Histogram latency = new Histogram(60_000_000L, 3);
        Histogram service = new Histogram(60_000_000L, 3);
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        Map<String, Histogram> byStatus = new ConcurrentHashMap<>();
        Map<String, Integer> retryAfter = new ConcurrentHashMap<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong ok = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        CountDownLatch answered = new CountDownLatch(planned);
        int notSent = 0;
        int sent = 0;
        long lateMax = 0;
        long periodNanos = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        for (int i = 0; i < planned; i++) {
            long due = start + i * periodNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            lateMax = Math.max(lateMax, System.nanoTime() - due);
            if (inFlight.get() >= maxInFlight) {
                notSent++;
                statuses.merge("not-sent", 1, Integer::sum);
                answered.countDown();
                continue;
            }
            HttpRequest request = requests.apply(i);
            int index = i;
            long sentAt = System.nanoTime();
            inFlight.incrementAndGet();
            sent++;
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                long now = System.nanoTime();
                inFlight.decrementAndGet();
                String key = failure != null ? "io-error" : Integer.toString(response.statusCode());
                statuses.merge(key, 1, Integer::sum);
                long latencyMicros = Math.min(60_000_000L, (now - due) / 1000);
                boolean hasRetryAfter = failure == null
                        && response.headers().firstValue("Retry-After").isPresent();
                Histogram forStatus = byStatus.computeIfAbsent(key, k -> new Histogram(60_000_000L, 3));
                synchronized (forStatus) {
                    forStatus.recordValue(latencyMicros);
                }
                if (hasRetryAfter) {
                    retryAfter.merge(key, 1, Integer::sum);
                }
                answers.accept(new Answer(
                        index, due, failure != null ? -1 : response.statusCode(), latencyMicros, hasRetryAfter));
                if (failure == null && (response.statusCode() == 200 || response.statusCode() == 202)) {
                    synchronized (latency) {
                        latency.recordValue(latencyMicros);
                        service.recordValue(Math.min(60_000_000L, (now - sentAt) / 1000));
                    }
                    ok.incrementAndGet();
                    lastAnswer.accumulateAndGet(now, Math::max);
                }
                answered.countDown();
            });
        }
        boolean all = answered.await(drain.toMillis(), TimeUnit.MILLISECONDS);
        int unanswered = all ? 0 : (int) answered.getCount();
        if (unanswered > 0) {
            statuses.merge("unanswered", unanswered, Integer::sum);
        }
        long end = Math.max(lastAnswer.get(), start + (long) planned * periodNanos);
        double secs = (end - start) / 1e9;
        Map<String, Histogram> byStatusCopy = new TreeMap<>();
        byStatus.forEach((k, h) -> {
            synchronized (h) {
                byStatusCopy.put(k, h.copy());
            }
        });
        synchronized (latency) {
            return new Outcome(
                    planned,
                    sent,
                    new TreeMap<>(statuses),
                    latency.copy(),
                    service.copy(),
                    secs,
                    ok.get(),
                    notSent,
                    unanswered,
                    lateMax / 1000,
                    byStatusCopy,
                    new TreeMap<>(retryAfter));
        }
    }
}
