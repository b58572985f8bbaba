package org.erpbridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.erpbridge.standin.StandInServer;

/**
 * The database goes away under load: payments at a steady rate (open loop), the harness's own PostgreSQL stopped with
 * {@code pg_ctl stop -m fast} for {@code outage} seconds during the load, then started again. Reports the answers by
 * status before, during and after the outage; whether every acknowledged (200/202) payment ends COMPLETED or REVIEW
 * once the database is back, and how long after; double bookings at the secuconnect stand-in; and how long until the
 * bridge answers 200 again. The bridge runs with its shipped settings ({@code quick-recovery=true}: the short recovery
 * intervals of R2/R3).
 */
final class DbOutage {
    private DbOutage() {}

    static Result run(Env env) throws Exception {
        long latency = env.number("latency", 20);
        double rate = Double.parseDouble(env.get("rate", "20"));
        int before = env.integer("before", 15);
        int outage = env.integer("outage", 30);
        int after = env.integer("after", 45);
        int settleSeconds = env.integer("settle", 180);
        boolean quick = env.flag("quick-recovery");
        String scenario = env.get("scenario", "r3-db-down");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("secuconnectLatencyMs", latency);
        config.put("load", rate + " payments/s (open loop) for " + (before + outage + after) + " s");
        config.put("outage", "pg_ctl stop -m fast after " + before + " s, started again " + outage + " s later");
        config.put("bridge", quick ? "short recovery intervals (interval 1s, grace 5s)" : "shipped settings");
        config.put("settleLimitSeconds", settleSeconds);
        Result result = new Result(
                scenario,
                "PostgreSQL stopped for " + outage + " s under " + rate + " payments/s, then started again",
                env,
                config);
        System.out.printf("%s: %.0f/s, database down from %d s for %d s%n", scenario, rate, before, outage);
        try (Stack stack = new Stack(env, scenario, latency, 0, 0)) {
            PgCluster cluster = stack.db.cluster();
            Bridge bridge = stack.start(quick ? Stack.quickRecovery("10m") : Bridge.Options.defaults(), scenario);
            String base = bridge.url("");
            long[] at = new long[3]; // stop command sent, stopped, accepting connections again (System.nanoTime)
            Exception[] failure = new Exception[1];
            Thread nemesis = new Thread(
                    () -> {
                        try {
                            Thread.sleep(before * 1000L);
                            at[0] = System.nanoTime();
                            cluster.stopFast();
                            at[1] = System.nanoTime();
                            Thread.sleep(outage * 1000L);
                            cluster.start();
                            at[2] = System.nanoTime();
                        } catch (Exception e) {
                            failure[0] = e;
                        }
                    },
                    "db-outage");
            Set<Integer> acked = ConcurrentHashMap.newKeySet();
            List<OpenLoad.Answer> answers = new CopyOnWriteArrayList<>();
            // when each payment was first seen COMPLETED or REVIEW (polled every 250 ms; nothing while the database is
            // down)
            Map<String, Long> settledAt = new ConcurrentHashMap<>();
            java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread watcher = new Thread(
                    () -> {
                        while (watching.get()) {
                            long now = System.nanoTime();
                            stack.settledOrders("D-").forEach(id -> settledAt.putIfAbsent(id, now));
                            try {
                                Thread.sleep(250);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "settled-watcher");
            watcher.setDaemon(true);
            watcher.start();
            nemesis.start();
            OpenLoad load = new OpenLoad(5000, Duration.ofSeconds(40));
            OpenLoad.Outcome o =
                    load.run(rate, before + outage + after, i -> Orders.post(base, Orders.body("D-" + i)), a -> {
                        answers.add(a);
                        if (a.acknowledged()) {
                            acked.add(a.index());
                        }
                    });
            nemesis.join();
            if (failure[0] != null) {
                throw new IllegalStateException("could not stop and start the database", failure[0]);
            }
            // every acknowledged payment, and every other stored one too (recovery settles those)
            boolean allSettled = Stack.await(
                            () -> acked.stream()
                                    .filter(i -> settledAt.containsKey("D-" + i))
                                    .count(),
                            acked.size(),
                            Duration.ofSeconds(settleSeconds))
                    >= 0;
            long storedAll = stack.count("select count(*) from cash_payment where order_id like 'D-%'");
            Stack.await(() -> stack.settledOrders("D-").size(), storedAll, Duration.ofSeconds(settleSeconds));
            watching.set(false);
            watcher.join(5000);
            long lost =
                    acked.stream().filter(i -> !settledAt.containsKey("D-" + i)).count();
            // the payments acknowledged for requests due before the database was back: when the last of them settled
            long lastSettled = answers.stream()
                    .filter(a -> a.acknowledged() && a.dueNanos() < at[2])
                    .mapToLong(a -> settledAt.getOrDefault("D-" + a.index(), Long.MAX_VALUE))
                    .max()
                    .orElse(at[2]);
            long settledAfterBackMs =
                    lastSettled == Long.MAX_VALUE ? -1 : Math.max(0, (lastSettled - at[2]) / 1_000_000);
            Map<String, Long> states = stack.states("D-");
            long stored = states.values().stream().mapToLong(Long::longValue).sum();
            long storedNotSettled = stored - stack.settledOrders("D-").size();
            StandInServer.Counts counts = stack.secuconnect.counts();

            Map<String, Map<String, Integer>> byPhase = new LinkedHashMap<>();
            for (String phase : List.of("before", "outage", "after")) {
                byPhase.put(phase, new TreeMap<>());
            }
            long first200 = -1;
            long lastNot200 = Long.MIN_VALUE;
            for (OpenLoad.Answer a : answers) {
                String phase = a.dueNanos() < at[0] ? "before" : a.dueNanos() < at[2] ? "outage" : "after";
                byPhase.get(phase).merge(a.status() < 0 ? "io-error" : Integer.toString(a.status()), 1, Integer::sum);
                long answeredAt = a.dueNanos() + a.latencyMicros() * 1000;
                if (a.dueNanos() >= at[2] && a.status() == 200) {
                    first200 = first200 < 0 ? answeredAt : Math.min(first200, answeredAt);
                }
                if (a.dueNanos() >= at[0] && a.status() != 200) {
                    lastNot200 = Math.max(lastNot200, a.dueNanos());
                }
            }
            long answers200AgainMs = first200 < 0 ? -1 : (first200 - at[2]) / 1_000_000;
            // from the restart, the due time after which every request was answered 200
            long steadyMs = lastNot200 == Long.MIN_VALUE ? 0 : Math.max(0, (lastNot200 - at[2]) / 1_000_000);

            result.figure("database stop (pg_ctl stop -m fast)", (at[1] - at[0]) / 1_000_000, "ms");
            result.figure("database down (stop sent until accepting again)", (at[2] - at[0]) / 1_000_000, "ms");
            for (Map.Entry<String, Map<String, Integer>> e : byPhase.entrySet()) {
                int ok = e.getValue().getOrDefault("200", 0);
                int total = e.getValue().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum();
                result.figure(
                        "answered 200 " + (e.getKey().equals("outage") ? "during the outage" : e.getKey() + " it"),
                        ok,
                        "of " + total);
            }
            result.figure("acknowledged (200/202)", acked.size(), "payments");
            result.figure("acknowledged but not COMPLETED or REVIEW", lost, "payments", "0", lost == 0);
            result.figure(
                    "acknowledged before it was back: the last settled, after the database was back",
                    settledAfterBackMs,
                    "ms",
                    "reported (limit " + settleSeconds + " s)",
                    allSettled ? null : false);
            result.figure("stored but not settled (never acknowledged)", storedNotSettled, "payments");
            result.figure(
                    "orders booked twice at secuconnect",
                    counts.ordersBookedTwice(),
                    "orders",
                    "0",
                    counts.ordersBookedTwice() == 0);
            result.figure(
                    "Smart Transactions started twice", counts.doubleStarts(), "", "0", counts.doubleStarts() == 0);
            result.figure("first 200 after the database was back", answers200AgainMs, "ms");
            result.figure("requests due from this long after the database was back all answered 200", steadyMs, "ms");
            result.figure("bridge process still running", bridge.alive() ? 1 : 0, "yes=1", "1", bridge.alive());
            result.detail("statusesByPhase", byPhase);
            result.detail("statuses", o.statuses());
            result.detail("states", states);
            result.detail("bridgeLogLevels", logLevels(bridge));
            result.detail("secuconnectRequests", counts.requests());
            result.detail("bridgeLog", bridge.log().toString());
        }
        return result;
    }

    /** Lines of the bridge's log per level (WARN, ERROR): what the outage cost in noise. */
    private static Map<String, Long> logLevels(Bridge bridge) {
        Map<String, Long> levels = new TreeMap<>();
        try (Stream<String> lines = Files.lines(bridge.log())) {
            lines.forEach(l -> {
                for (String level : List.of(" ERROR ", " WARN ")) {
                    if (l.contains(level)) {
                        levels.merge(level.trim(), 1L, Long::sum);
                    }
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return Map.of();
        }
        return levels;
    }
}
