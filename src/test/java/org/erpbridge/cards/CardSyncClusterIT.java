package org.erpbridge.cards;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.erpbridge.standin.StandInServer;
import org.erpbridge.testing.PackagedApp;
import org.erpbridge.testing.PostgresServer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas of the packaged application ({@code target/quarkus-app/quarkus-run.jar}) on one fresh PostgreSQL
 * database, with a merchant whose cards sync every 2 seconds from the secuconnect stand-in (seven cards): every fire
 * of the schedule must run exactly once across both, and both must have joined the Quartz cluster.
 */
class CardSyncClusterIT {
    private static final String MERCHANT = "cluster";
    private static final int CARDS = 7;
    private static final Duration OBSERVE = Duration.ofSeconds(20);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void eachFireOfTheScheduleRunsOnceAcrossTwoReplicas() throws Exception {
        String jdbcUrl = PostgresServer.createDatabase("bridge_cluster_it");
        StandInServer secuconnect = new StandInServer(0, 0, CARDS, 0);
        List<PackagedApp> nodes = new ArrayList<>();
        // the replicas' logs stay in target/card-sync-cluster-it for inspection
        Path workDir = PackagedApp.workDir("card-sync-cluster-it");
        long began = System.nanoTime();
        try {
            for (String name : List.of("a", "b")) {
                nodes.add(start(name, jdbcUrl, secuconnect.baseUrl(), workDir));
            }
            Set<String> instances = awaitBothInCluster(jdbcUrl, nodes);
            Instant observedFrom = Instant.now();
            Thread.sleep(OBSERVE.toMillis());
            Set<String> stillThere = schedulerInstances(jdbcUrl);
            instances.addAll(stillThere);
            Instant observedTo = Instant.now();
            stop(nodes);

            List<Map<String, Object>> runs = query(
                    jdbcUrl,
                    "select id, scheduled_for, owner, state, cards_seen " + "from card_sync_run where merchant = '"
                            + MERCHANT + "' and trigger_kind = 'schedule' order by id");
            Map<Object, Long> runsPerFire = runs.stream()
                    .collect(Collectors.groupingBy(r -> r.get("scheduled_for"), TreeMap::new, Collectors.counting()));
            Map<Object, Long> runsPerOwner = runs.stream()
                    .collect(Collectors.groupingBy(r -> r.get("owner"), LinkedHashMap::new, Collectors.counting()));
            long firesInWindow = runs.stream()
                    .map(r -> ((java.sql.Timestamp) r.get("scheduled_for")).toInstant())
                    .filter(t -> !t.isBefore(observedFrom) && t.isBefore(observedTo))
                    .distinct()
                    .count();
            long pageZeroRequests = secuconnect.cardListings();
            System.out.printf(
                    "CardSyncClusterIT: %d scheduled runs, %d fires in the %d s window, runs per node %s, "
                            + "Quartz instances %s, page-0 requests %d, total %d s%n",
                    runs.size(),
                    firesInWindow,
                    OBSERVE.toSeconds(),
                    runsPerOwner,
                    instances,
                    pageZeroRequests,
                    Duration.ofNanos(System.nanoTime() - began).toSeconds());

            assertThat(instances).as("both replicas joined the Quartz cluster").hasSizeGreaterThanOrEqualTo(2);
            assertThat(runsPerFire).as("every fire time ran exactly once").allSatisfy((fire, count) -> {
                assertThat(fire).isNotNull();
                assertThat(count).isEqualTo(1L);
            });
            assertThat(firesInWindow)
                    .as("a 2 s schedule fires about ten times in 20 s")
                    .isGreaterThanOrEqualTo(6);
            assertThat(pageZeroRequests)
                    .as("no run besides the recorded ones read secuconnect")
                    .isEqualTo((long) runs.size());
            assertThat(runs)
                    .filteredOn(r -> "completed".equals(r.get("state")))
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.get("cards_seen")).isEqualTo((long) CARDS));
        } finally {
            stop(nodes);
            secuconnect.close();
            PostgresServer.dropDatabase(jdbcUrl);
        }
    }

    private static PackagedApp start(String name, String jdbcUrl, String secuconnectUrl, Path workDir)
            throws IOException {
        String prefix = "bridge.merchants." + MERCHANT + ".";
        return PackagedApp.start(
                "node-" + name,
                workDir,
                jdbcUrl,
                List.of(
                        "quarkus.log.console.json.enabled=false",
                        prefix + "secuconnect.base-url=" + secuconnectUrl,
                        prefix + "secuconnect.client-id=cluster-client",
                        prefix + "secuconnect.client-secret=cluster-secret",
                        prefix + "erp.api-key=cluster-erp-api-key-0123",
                        // this test's ERP only reads; production refuses a merchant without a secret unless it says so
                        prefix + "erp.allow-unsigned=true",
                        prefix + "card-sync.cron=0/2 * * * * ?",
                        prefix + "card-sync.page-size=3"));
    }

    private static Set<String> awaitBothInCluster(String jdbcUrl, List<PackagedApp> nodes) throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            for (PackagedApp node : nodes) {
                if (!node.process().isAlive()) {
                    throw new IllegalStateException("a replica exited at start-up with code "
                            + node.process().exitValue() + " (see its log in target/card-sync-cluster-it)");
                }
            }
            Set<String> instances =
                    tableExists(jdbcUrl, "qrtz_scheduler_state") ? schedulerInstances(jdbcUrl) : Set.of();
            if (instances.size() >= 2) {
                return new HashSet<>(instances);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(
                "the two replicas did not both join the Quartz cluster within " + START_TIMEOUT);
    }

    private static Set<String> schedulerInstances(String jdbcUrl) throws SQLException {
        return query(jdbcUrl, "select instance_name from qrtz_scheduler_state").stream()
                .map(r -> (String) r.get("instance_name"))
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static boolean tableExists(String jdbcUrl, String table) throws SQLException {
        return !query(jdbcUrl, "select 1 from information_schema.tables where table_name = '" + table + "'")
                .isEmpty();
    }

    private static void stop(List<PackagedApp> nodes) throws InterruptedException {
        for (PackagedApp node : nodes) {
            node.process().destroy();
        }
        for (PackagedApp node : nodes) {
            if (!node.process().waitFor(10, TimeUnit.SECONDS)) {
                node.close();
            }
        }
    }

    private static List<Map<String, Object>> query(String jdbcUrl, String sql) throws SQLException {
        return PostgresServer.query(jdbcUrl, sql);
    }
}
