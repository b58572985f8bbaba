package org.erpbridge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start to ready on the JVM: from spawning {@code java -jar quarkus-run.jar} until {@code /q/health/ready} answers
 * 200 (database, Flyway, Quartz, secuconnect token all checked), with the RSS then. The first start migrates a
 * fresh database; the restarts find it migrated, as a rolling update does. Target: at most 3 s.
 */
final class StartupBench {
    private StartupBench() {}

    static Result run(Env env) throws Exception {
        int restarts = env.integer("runs", 3);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("restarts", restarts);
        config.put("jvm", "-Xmx256m");
        Result result =
                new Result("startup", "start to ready on the JVM (first start migrates a fresh database)", env, config);
        System.out.printf("startup: 1 first start + %d restarts%n", restarts);
        List<Long> times = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        try (Stack stack = new Stack(env, "startup", 0, 0, 0)) {
            Bridge first = stack.start(Bridge.Options.defaults(), "startup-0");
            long firstMs = first.startToReady().toMillis();
            long firstRss = first.rssKb();
            first.stop(Duration.ofSeconds(25));
            Bridge previous = first;
            for (int i = 1; i <= restarts; i++) {
                Thread.sleep(1000);
                Bridge b = stack.restart(previous, Bridge.Options.defaults(), "startup-" + i);
                times.add(b.startToReady().toMillis());
                rss.add(b.rssKb());
                System.out.printf(
                        "  restart %d: ready in %d ms, RSS %d MiB%n",
                        i, b.startToReady().toMillis(), b.rssKb() / 1024);
                b.stop(Duration.ofSeconds(25));
                previous = b;
            }
            List<Long> sorted = times.stream().sorted().toList();
            long median = sorted.get(sorted.size() / 2);
            result.figure("start to ready, restart (median)", median, "ms", "<= 3000", median <= 3000);
            result.figure("start to ready, restart (worst)", sorted.get(sorted.size() - 1), "ms");
            result.figure("start to ready, first start with migrations", firstMs, "ms");
            result.figure(
                    "RSS at ready (median of restarts)",
                    rss.stream().sorted().toList().get(rss.size() / 2) / 1024.0,
                    "MiB");
            result.figure("RSS at ready, first start", firstRss / 1024.0, "MiB");
            result.detail("restartsMs", times);
            result.detail("restartsRssKb", rss);
        }
        return result;
    }
}
