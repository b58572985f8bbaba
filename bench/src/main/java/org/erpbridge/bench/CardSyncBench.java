package org.erpbridge.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.erpbridge.standin.StandInFaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A manual card sync over N generated merchant cards (100 per page, each page answered after 5 ms) on a bridge
 * limited to a 256 MB heap. Reports cards/s from the run's own start and finish times, the peak heap in use
 * (sampled from the metrics) and the peak RSS. Targets: at least 5,000 cards/s; heap at most 256 MB for 100,000.
 */
final class CardSyncBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CardSyncBench() {}

    static Result run(Env env) throws Exception {
        int cards = env.integer("cards", 10_000);
        long pageDelay = env.number("page-delay", 5);
        String scenario = env.get("scenario", "card-sync-" + (cards % 1000 == 0 ? cards / 1000 + "k" : cards));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("cards", cards);
        config.put("pageSize", 100);
        config.put("pageDelayMs", pageDelay);
        config.put("jvm", "-Xmx256m");
        Result result = new Result(
                scenario,
                "manual card sync of " + cards + " cards, 100 per page, " + pageDelay + " ms per page",
                env,
                config);
        System.out.printf("%s: %d cards, %d ms per page%n", scenario, cards, pageDelay);
        try (Stack stack = new Stack(env, scenario, 0, cards, pageDelay)) {
            Bridge bridge = stack.start(Bridge.Options.defaults(), scenario);
            HttpClient http = HttpClient.newHttpClient();
            Sampler sampler = new Sampler(bridge, true, Duration.ofMillis(500));
            String base = bridge.url("/api/v1/merchants/" + Bridge.MERCHANT + "/card-sync");
            JsonNode initial = sync(http, base);
            stack.secuconnect.standIn().cards().nextGeneration();
            JsonNode resync = sync(http, base);
            sampler.stop();
            long stored = stack.count("select count(*) from card_balance where merchant = 'bench'");
            double heapMb = sampler.maxHeapBytes() / 1024.0 / 1024.0;
            double initialRate = initial.path("cardsSeen").asLong() / seconds(initial);
            double resyncRate = resync.path("cardsSeen").asLong() / seconds(resync);
            long seen = resync.path("cardsSeen").asLong();
            result.figure(
                    "cards synced (initial import, then re-sync)",
                    seen,
                    "cards",
                    Long.toString(cards),
                    initial.path("cardsSeen").asLong() == cards && seen == cards && stored == cards);
            result.figure(
                    "throughput, initial import (every card new)",
                    initialRate,
                    "cards/s",
                    ">= 5000",
                    initialRate >= 5000);
            result.figure("throughput, re-sync (1 % changed)", resyncRate, "cards/s", ">= 5000", resyncRate >= 5000);
            result.figure(
                    "cards changed in the re-sync",
                    resync.path("cardsChanged").asLong(),
                    "cards",
                    "= " + (cards / 100),
                    resync.path("cardsChanged").asLong() == cards / 100);
            result.figure("peak heap in use (sampled every 0.5 s)", heapMb, "MB", "<= 256 (-Xmx256m)", heapMb <= 256);
            result.figure("bridge peak RSS", bridge.peakRssKb() / 1024.0, "MiB");
            result.figure("bridge CPU (avg over both syncs)", sampler.cpuPercent(), "% of a core");
            result.detail("initialRun", initial);
            result.detail("resyncRun", resync);
            result.detail("cardsStored", stored);
            result.detail(
                    "pagesRequested", stack.secuconnect.counts().requests().get(StandInFaults.Op.CARDS));
            result.detail("bridgeLog", bridge.log().toString());
        }
        return result;
    }

    /** Starts a manual sync and polls its run until it is no longer running (at most 10 minutes). */
    private static JsonNode sync(HttpClient http, String base) throws Exception {
        HttpResponse<String> started = http.send(Orders.emptyPost(base), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("card-sync answered " + started.statusCode() + ": " + started.body());
        }
        long runId = JSON.readTree(started.body()).path("id").asLong();
        JsonNode run = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            run = JSON.readTree(
                    http.send(Orders.authorized(base + "/" + runId).GET().build(), HttpResponse.BodyHandlers.ofString())
                            .body());
            if (!"running".equals(run.path("state").asText())) {
                break;
            }
            Thread.sleep(250);
        }
        if (run == null || !"completed".equals(run.path("state").asText())) {
            throw new IllegalStateException("the card sync did not complete: " + run);
        }
        System.out.printf(
                "  run %d: %d cards in %.2f s%n", runId, run.path("cardsSeen").asLong(), seconds(run));
        return run;
    }

    private static double seconds(JsonNode run) {
        return Duration.between(
                                Instant.parse(run.path("startedAt").asText()),
                                Instant.parse(run.path("finishedAt").asText()))
                        .toMillis()
                / 1000.0;
    }
}
