package org.erpbridge.erp;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.erpbridge.testing.ErpRequests;
import org.erpbridge.testing.RawHttp;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies are limited before they are buffered: 50 concurrent 5 MiB chunked bodies without credentials are answered
 * 401 (or 413) as soon as their headers arrive and leave the heap flat; an announced oversized body gets 413 before
 * a byte of it is read; a body that trickles gets 408 and its connection is closed.
 */
@QuarkusTest
class ErpTransportLimitsTest {
    private static final int CLIENTS = 50;
    private static final int BODY_BYTES = 5 * 1024 * 1024;
    private static final byte[] CHUNK = new byte[64 * 1024];
    private static final String PAYMENTS = ErpRequests.path("acme", "/cash-payments");

    static {
        Arrays.fill(CHUNK, (byte) 'x');
    }

    @Test
    void fiftyConcurrentFiveMebibyteChunkedBodiesWithoutCredentialsLeaveTheHeapFlat() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        Map<Long, Long> allocatedBefore = serverThreadAllocations();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Integer>> answers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < CLIENTS; i++) {
            boolean wrongKey = i % 2 == 0;
            answers.add(pool.submit(() -> sendChunkedWithoutCredentials(wrongKey)));
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Future<Integer> answer : answers) {
            statuses.merge(answer.get(60, TimeUnit.SECONDS), 1, Integer::sum);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        pool.shutdownNow();
        // what the bridge's own threads (event loops, workers) allocated on the heap while the bodies arrived: a body
        // buffered anywhere would show here, whatever the collector did meanwhile
        long serverAllocated = 0;
        for (Map.Entry<Long, Long> t : serverThreadAllocations().entrySet()) {
            serverAllocated += t.getValue() - allocatedBefore.getOrDefault(t.getKey(), 0L);
        }
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        System.out.printf(
                "[figure] %d concurrent %d MiB chunked bodies without credentials: answers %s in %d ms; the "
                        + "bridge's threads allocated %.1f MiB of heap meanwhile (buffering the bodies: %d MiB); heap used after GC "
                        + "%d MiB before, %d MiB after%n",
                CLIENTS,
                BODY_BYTES >> 20,
                statuses,
                millis,
                serverAllocated / 1048576.0,
                (long) CLIENTS * BODY_BYTES >> 20,
                before >> 20,
                after >> 20);
        assertThat(statuses.keySet()).as("every answer is 401 or 413").isSubsetOf(401, 413);
        assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CLIENTS);
        assertThat(serverAllocated)
                .as("heap allocated by the bridge's threads (bytes)")
                .isLessThan(32L << 20);
        assertThat(after - before).as("heap growth after GC (bytes)").isLessThan(16L << 20);
    }

    /** Heap bytes allocated so far by each of the bridge's request threads (Vert.x event loops and workers). */
    private static Map<Long, Long> serverThreadAllocations() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Long, Long> result = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (name.startsWith("vert.x-eventloop")
                    || name.startsWith("executor-thread")
                    || name.startsWith("vert.x-worker")) {
                long bytes = threads.getThreadAllocatedBytes(t.getId());
                if (bytes >= 0) {
                    result.put(t.getId(), bytes);
                }
            }
        }
        return result;
    }

    /** Writes the chunked body on one thread while the answer is read on this one; returns the answer's status. */
    private static int sendChunkedWithoutCredentials(boolean wrongKey) throws Exception {
        String[] headers = wrongKey
                ? new String[] {
                    "Content-Type: application/json",
                    "Transfer-Encoding: chunked",
                    "Authorization: Bearer not-the-key-of-acme-000000"
                }
                : new String[] {"Content-Type: application/json", "Transfer-Encoding: chunked"};
        try (RawHttp raw = RawHttp.open("POST", PAYMENTS, headers)) {
            Thread writer = new Thread(() -> {
                try {
                    for (int sent = 0; sent < BODY_BYTES; sent += CHUNK.length) {
                        raw.chunk(CHUNK);
                    }
                    raw.write("0\r\n\r\n".getBytes());
                } catch (IOException e) {
                    // the bridge stopped reading: expected once it has answered
                }
            });
            writer.start();
            RawHttp.Answer answer = raw.answer();
            assertThat(answer.headers().get("content-type")).isEqualTo("application/problem+json");
            writer.join(30_000);
            return answer.status();
        }
    }

    @Test
    void anAnnouncedOversizedBodyIsRefusedBeforeAByteOfItIsRead() throws Exception {
        try (RawHttp raw = RawHttp.open(
                "POST",
                PAYMENTS,
                "Content-Type: application/json",
                "Authorization: Bearer acme-erp-api-key-0123456789",
                "Content-Length: " + BODY_BYTES)) {
            RawHttp.Answer answer = raw.answer();
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.headers().get("content-type")).isEqualTo("application/problem+json");
            assertThat(answer.body()).contains("\"status\":413").contains("exceeds 262144 bytes");
        }
    }

    @Test
    void aBodyThatTricklesIsRefusedWith408AndItsConnectionClosed() throws Exception {
        long start = System.nanoTime();
        try (RawHttp raw = RawHttp.open(
                "POST",
                PAYMENTS,
                "Content-Type: application/json",
                "Authorization: Bearer acme-erp-api-key-0123456789",
                "Content-Length: 1000")) {
            raw.write("{\"orderId\":".getBytes());
            RawHttp.Answer answer = raw.answer();
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf(
                    "[figure] body announced with 1000 bytes, 11 sent: %d after %d ms%n", answer.status(), millis);
            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.headers().get("content-type")).isEqualTo("application/problem+json");
            assertThat(answer.body()).contains("did not arrive within");
            assertThat(raw.closedByPeer()).as("the connection is closed").isTrue();
        }
    }
}
