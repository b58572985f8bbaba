package org.erpbridge.cards;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.erpbridge.testing.Database;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a timed test: syncs 100,000 generated cards three times (all new, unchanged, every tenth changed)
 * and prints cards per second and heap figures. Runs with {@code -Preliability}; add {@code -DargLine=-Xmx256m} to
 * show the sync's memory stays bounded.
 */
@Tag("heavy")
@QuarkusTest
@TestProfile(CardSyncBenchmarkTest.Bench.class)
class CardSyncBenchmarkTest {
    static final String MERCHANT = "bench";

    public static class Bench implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String prefix = "bridge.merchants." + MERCHANT + ".";
            return Map.of(
                    prefix + "secuconnect.base-url",
                    "${bench.secuconnect-url}",
                    prefix + "secuconnect.client-id",
                    "bench-client",
                    prefix + "secuconnect.client-secret",
                    "bench-secret",
                    prefix + "erp.api-key",
                    "bench-erp-api-key-0123",
                    prefix + "erp.callback-url",
                    "${bench.secuconnect-url}/erp/events",
                    prefix + "card-sync.page-size",
                    System.getProperty("bench.page-size", "500"),
                    prefix + "secuconnect.read-timeout",
                    "30s",
                    // the checkout's recovery must wait out the long read timeout above (LeaseBudget)
                    "bridge.checkout.recovery-grace",
                    "2m",
                    "quarkus.log.category.\"org.erpbridge\".level",
                    "INFO");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(GeneratedCardsServer.class));
        }
    }

    @Inject
    CardSync sync;

    @Test
    void syncs100000Cards() throws Exception {
        Database.truncateAll();
        long cards = GeneratedCardsServer.CARDS;

        Result first = measure("all new");
        assertThat(Database.count("select count(*) from card_balance where merchant = 'bench'"))
                .isEqualTo(cards);
        assertThat(Database.count("select count(*) from outbox_event where merchant = 'bench'"))
                .isEqualTo(cards);

        Result second = measure("unchanged");
        assertThat(Database.count("select count(*) from outbox_event where merchant = 'bench'"))
                .isEqualTo(cards);

        GeneratedCardsServer.generation.incrementAndGet();
        Result third = measure("10% changed");
        assertThat(Database.count("select count(*) from outbox_event where merchant = 'bench'"))
                .isEqualTo(cards + cards / 10);

        for (Result r : List.of(first, second, third)) {
            assertThat(r.cardsSeen).isEqualTo(cards);
        }
    }

    private record Result(long cardsSeen) {}

    private Result measure(String label) throws InterruptedException {
        System.gc();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long gcCountBefore = gcCount();
        long gcTimeBefore = gcTime();
        long heapBefore =
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        AtomicLong sampledPeak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                sampledPeak.accumulateAndGet(
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();

        long started = System.nanoTime();
        long runId = sync.runScheduled(MERCHANT, Instant.now()).orElseThrow();
        double seconds = (System.nanoTime() - started) / 1e9;

        sampler.interrupt();
        sampler.join();
        SyncRunView run = sync.run(MERCHANT, runId).orElseThrow();
        long poolPeaks =
                heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long liveAfterGc = heapPools.stream()
                .mapToLong(p -> p.getCollectionUsage() == null
                        ? 0
                        : p.getCollectionUsage().getUsed())
                .sum();
        long maxHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        System.out.printf(
                "CARD SYNC BENCHMARK [%s]: %d cards, %d pages of %d, %d changed, %.1f s, %.0f cards/s; heap: "
                        + "before %d MiB, sampled peak %d MiB, pool peaks %d MiB, used after last GC %d MiB, max %d MiB; "
                        + "GC %d collections, %d ms%n",
                label,
                run.cardsSeen(),
                run.pages(),
                GeneratedCardsServer.CARDS / Math.max(1, run.pages() - 1),
                run.cardsChanged(),
                seconds,
                run.cardsSeen() / seconds,
                mib(heapBefore),
                mib(sampledPeak.get()),
                mib(poolPeaks),
                mib(liveAfterGc),
                mib(maxHeap),
                gcCount() - gcCountBefore,
                gcTime() - gcTimeBefore);
        System.out.printf(
                "CARD SYNC BENCHMARK [%s]: card_balance scans so far: %s%n",
                label,
                Database.rows(
                        "select seq_scan, seq_tup_read, idx_scan, n_live_tup, n_dead_tup from pg_stat_user_tables "
                                + "where relname = 'card_balance'"));
        assertThat(run.state()).isEqualTo("completed");
        return new Result(run.cardsSeen());
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .sum();
    }

    private static long gcTime() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }
}
