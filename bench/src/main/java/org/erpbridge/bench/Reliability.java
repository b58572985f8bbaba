package org.erpbridge.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.erpbridge.standin.StandInFaults.FaultKind;
import org.erpbridge.standin.StandInFaults.Op;
import org.erpbridge.standin.StandInFaults.Plan;
import org.erpbridge.standin.StandInServer;

/**
 * The reliability figures of shared/research/reliability.md against the packaged bridge: R1 duplicate storm,
 * R2 kill -9 at crash points with restart and convergence, R3 fault matrix, R10 replicas on one database,
 * R11 graceful stop under load. Every figure is read back from SQL and from the secuconnect stand-in's own record of
 * what it booked. Every loop is bounded in count and time.
 */
final class Reliability {
    private static final String TERMINAL = "('COMPLETED','FAILED','REVIEW','CANCELLED')";

    private Reliability() {}

    // ---- R1 ---------------------------------------------------------------------------------------------------

    static Result r1(Env env) throws Exception {
        int orders = env.integer("orders", 200);
        int copies = env.integer("copies", 32);
        int wave = env.integer("wave", 4);
        long latency = env.number("latency", 20);
        Map<String, Object> config = Map.of(
                "orders",
                orders,
                "copiesPerOrder",
                copies,
                "ordersInFlightTogether",
                wave,
                "secuconnectLatencyMs",
                latency,
                "alteredCopiesPerOrder",
                1);
        Result result = new Result(
                "r1-duplicate-storm",
                "R1: " + orders + " orders x " + copies + " concurrent identical copies, then one altered copy each",
                env,
                config);
        System.out.printf("R1: %d orders x %d copies%n", orders, copies);
        try (Stack stack = new Stack(env, "r1", latency, 0, 0)) {
            Bridge bridge = stack.start(Bridge.Options.defaults(), "r1");
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            String base = bridge.url("");
            Map<String, Integer> statuses = new ConcurrentHashMap<>();
            Map<String, Integer> alteredStatuses = new ConcurrentHashMap<>();
            int ordersWithDifferentAnswers = 0;
            long began = System.nanoTime();
            for (int first = 0; first < orders; first += wave) {
                Map<String, List<CompletableFuture<HttpResponse<String>>>> sent = new LinkedHashMap<>();
                List<HttpRequest> batch = new ArrayList<>();
                List<String> owners = new ArrayList<>();
                for (int o = first; o < Math.min(orders, first + wave); o++) {
                    String id = "R1-" + o;
                    for (int c = 0; c < copies; c++) {
                        batch.add(Orders.post(base, Orders.body(id)));
                        owners.add(id);
                    }
                }
                for (int i = 0; i < batch.size(); i++) { // all copies of the wave leave together
                    sent.computeIfAbsent(owners.get(i), k -> new ArrayList<>())
                            .add(http.sendAsync(batch.get(i), HttpResponse.BodyHandlers.ofString()));
                }
                for (Map.Entry<String, List<CompletableFuture<HttpResponse<String>>>> e : sent.entrySet()) {
                    Set<String> bodies = new HashSet<>();
                    for (CompletableFuture<HttpResponse<String>> f : e.getValue()) {
                        HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                        statuses.merge(Integer.toString(r.statusCode()), 1, Integer::sum);
                        bodies.add(r.statusCode() + " " + r.body());
                    }
                    if (bodies.size() != 1) {
                        ordersWithDifferentAnswers++;
                    }
                    HttpResponse<String> altered = http.send(
                            Orders.post(base, Orders.body(e.getKey(), "Bert")), HttpResponse.BodyHandlers.ofString());
                    alteredStatuses.merge(Integer.toString(altered.statusCode()), 1, Integer::sum);
                }
            }
            long tookMs = (System.nanoTime() - began) / 1_000_000;
            StandInServer.Counts counts = stack.secuconnect.counts();
            long rows = stack.count("select count(*) from cash_payment where merchant = 'bench'");
            long attempts = stack.count("select count(*) from cash_payment_attempt where merchant = 'bench'");
            long completed = stack.count("select count(*) from cash_payment where state = 'COMPLETED'");
            long non2xx = statuses.entrySet().stream()
                    .filter(e -> !e.getKey().startsWith("2"))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            result.figure("payments stored", rows, "rows", "= " + orders, rows == orders);
            result.figure("attempts stored", attempts, "rows", "= " + orders, attempts == orders);
            result.figure(
                    "creates at secuconnect",
                    counts.requests().get(Op.CREATE),
                    "calls",
                    "= " + orders,
                    counts.requests().get(Op.CREATE) == orders);
            result.figure(
                    "starts at secuconnect",
                    counts.requests().get(Op.START),
                    "calls",
                    "= " + orders,
                    counts.requests().get(Op.START) == orders);
            result.figure("non-2xx answers to identical copies", non2xx, "answers", "0", non2xx == 0);
            result.figure(
                    "orders whose copies got different answers",
                    ordersWithDifferentAnswers,
                    "orders",
                    "0",
                    ordersWithDifferentAnswers == 0);
            int conflicts = alteredStatuses.getOrDefault("409", 0);
            result.figure("altered copies answered 409", conflicts, "answers", "= " + orders, conflicts == orders);
            result.figure("completed", completed, "payments", "= " + orders, completed == orders);
            result.figure("storm duration", tookMs, "ms");
            result.detail("statuses", statuses);
            result.detail("alteredStatuses", alteredStatuses);
            result.detail("secuconnectRequests", counts.requests());
        }
        return result;
    }

    // ---- R2 ---------------------------------------------------------------------------------------------------

    /** Where the process dies, how the stand-in gets it there, and what it waits for before killing. */
    private record CrashPoint(String name, String description, Plan plan, String condition, String expected) {}

    static Result r2(Env env) throws Exception {
        int runs = env.integer("runs", 2);
        int perRun = env.integer("payments", 5);
        long hold = 60_000;
        List<CrashPoint> points = List.of(
                new CrashPoint(
                        "create-sent-answer-lost",
                        "create reached secuconnect, the answer never came back",
                        new Plan(Op.CREATE, FaultKind.HOLD, null, 0, hold),
                        "creates",
                        "COMPLETED"),
                new CrashPoint(
                        "create-never-arrived",
                        "CREATE_PENDING stored, the create never reached secuconnect",
                        new Plan(Op.CREATE, FaultKind.LOST, null, 0, hold),
                        "CREATE_PENDING",
                        "REVIEW"),
                new CrashPoint(
                        "start-sent-answer-lost",
                        "start/cash reached secuconnect, the answer never came back",
                        new Plan(Op.START, FaultKind.HOLD, null, 0, hold),
                        "starts",
                        "COMPLETED"),
                new CrashPoint(
                        "start-never-arrived",
                        "START_PENDING stored, start/cash never reached secuconnect",
                        new Plan(Op.START, FaultKind.LOST, null, 0, hold),
                        "START_PENDING",
                        "COMPLETED"),
                new CrashPoint(
                        "completed-callback-pending",
                        "COMPLETED and the outbox event stored, its delivery cut off",
                        new Plan(Op.CALLBACK, FaultKind.HOLD, null, 0, hold),
                        "callbacks",
                        "COMPLETED"),
                new CrashPoint(
                        "random-under-load",
                        "kill -9 at a random moment while 40 payments/s arrive",
                        null,
                        "load",
                        "COMPLETED"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("runsPerPoint", runs);
        config.put("paymentsPerRun", perRun);
        config.put(
                "recovery",
                "interval 1s, grace 8s, settle 500ms, review-after 30s, connect-timeout 1s, read-timeout 2s, breaker delay 5s");
        Result result = new Result(
                "r2-crash-recovery",
                "R2: kill -9 at " + points.size() + " crash points x " + runs + " runs, restart, convergence",
                env,
                config);
        System.out.printf("R2: %d points x %d runs%n", points.size(), runs);
        Map<String, Object> perPoint = new LinkedHashMap<>();
        long crashed = 0;
        long converged = 0;
        long completedExpected = 0;
        long completedAsExpected = 0;
        long worstConvergeMs = 0;
        try (Stack stack = new Stack(env, "r2", 5, 0, 0)) {
            Bridge.Options options = Stack.quickRecovery();
            Bridge bridge = stack.start(options, "r2-0");
            int restart = 0;
            for (CrashPoint point : points) {
                List<Map<String, Object>> runResults = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    String prefix = "R2-" + point.name() + "-" + run + "-";
                    stack.secuconnect.clearPlans();
                    if (point.plan() != null) {
                        Plan p = point.plan();
                        stack.secuconnect.plan(new Plan(p.op(), p.kind(), prefix, 0, p.slowMillis()));
                    }
                    int sentCount = fireAndKill(stack, bridge, point, prefix, perRun);
                    stack.secuconnect.clearPlans();
                    bridge = stack.restart(bridge, options, "r2-" + (++restart));
                    long stored =
                            stack.count("select count(*) from cash_payment where order_id like '" + prefix + "%'");
                    long took = Stack.await(
                            () -> stack.count("select count(*) from cash_payment where order_id like '" + prefix
                                    + "%' and state in " + TERMINAL),
                            stored,
                            Duration.ofSeconds(60));
                    if ("callbacks".equals(point.condition())) {
                        long events = stack.count(
                                "select count(*) from outbox_event e where e.payload like '%" + prefix + "%'");
                        long t2 = Stack.await(
                                () -> stack.count("select count(*) from outbox_event where status = "
                                        + "'delivered' and payload like '%" + prefix + "%'"),
                                events,
                                Duration.ofSeconds(60));
                        took = took < 0 || t2 < 0 ? -1 : Math.max(took, t2);
                    }
                    Map<String, Long> states = stack.states(prefix);
                    long terminal = states.entrySet().stream()
                            .filter(e -> TERMINAL.contains("'" + e.getKey() + "'"))
                            .mapToLong(Map.Entry::getValue)
                            .sum();
                    crashed += stored;
                    converged += took >= 0 ? terminal : 0;
                    worstConvergeMs = Math.max(worstConvergeMs, took < 0 ? 60_000 : took);
                    // provable: secuconnect holds a Smart Transaction for the order (else only a review is safe)
                    completedExpected += stack.secuconnect.standIn().ordersWithTransactions(prefix);
                    completedAsExpected += states.getOrDefault("COMPLETED", 0L);
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("sent", sentCount);
                    r.put("stored", stored);
                    r.put("states", states);
                    r.put("convergedMs", took);
                    r.put(
                            "ordersKnownToSecuconnect",
                            stack.secuconnect.standIn().ordersWithTransactions(prefix));
                    runResults.add(r);
                    System.out.printf(
                            "  %s run %d: stored %d, states %s, converged in %d ms%n",
                            point.name(), run, stored, states, took);
                }
                perPoint.put(
                        point.name(),
                        Map.of("description", point.description(), "expected", point.expected(), "runs", runResults));
            }
            StandInServer.Counts counts = stack.secuconnect.counts();
            long review = stack.count("select count(*) from cash_payment where state = 'REVIEW'");
            result.figure("crashed payments (stored before the kill)", crashed, "payments");
            result.figure(
                    "converged to a final state after restart",
                    converged,
                    "payments",
                    "= " + crashed,
                    converged == crashed);
            result.figure(
                    "completed (of those secuconnect holds a transaction for)",
                    completedAsExpected,
                    "payments",
                    "= " + completedExpected,
                    completedAsExpected == completedExpected);
            result.figure("sent to review (the create never reached secuconnect)", review, "payments");
            result.figure(
                    "slowest convergence after ready", worstConvergeMs, "ms", "<= 60000", worstConvergeMs <= 60_000);
            result.figure(
                    "Smart Transactions created twice", counts.doubleCreates(), "", "0", counts.doubleCreates() == 0);
            result.figure(
                    "Smart Transactions started twice", counts.doubleStarts(), "", "0", counts.doubleStarts() == 0);
            result.figure(
                    "orders booked twice", counts.ordersBookedTwice(), "orders", "0", counts.ordersBookedTwice() == 0);
            result.detail("points", perPoint);
            result.detail("secuconnectRequests", counts.requests());
        }
        return result;
    }

    /** Sends the run's payments without waiting, waits for the crash condition, then kill -9. */
    private static int fireAndKill(Stack stack, Bridge bridge, CrashPoint point, String prefix, int count)
            throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String base = bridge.url("");
        if ("load".equals(point.condition())) {
            OpenLoad load = new OpenLoad(500, Duration.ofSeconds(1));
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(1500 + (long) (Math.random() * 1500));
                    bridge.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            killer.start();
            OpenLoad.Outcome o = load.run(40, 4, i -> Orders.post(base, Orders.body(prefix + i)));
            killer.join();
            return o.sent();
        }
        for (int i = 0; i < count; i++) {
            http.sendAsync(Orders.post(base, Orders.body(prefix + i)), HttpResponse.BodyHandlers.discarding());
        }
        long reached = Stack.await(
                () -> switch (point.condition()) {
                    case "creates" ->
                        stack.secuconnect.standIn().ordersWithTransactions(prefix); // created there, answer held
                    case "starts" -> stack.secuconnect.standIn().ordersStarted(prefix); // started there, answer held
                    case "callbacks" ->
                        stack.count("select count(*) from outbox_event where status = 'pending' and "
                                + "(lease_until is not null or attempts > 0) and payload like '%" + prefix + "%'");
                    default ->
                        stack.count("select count(*) from cash_payment where order_id like '" + prefix
                                + "%' and state = '" + point.condition() + "'");
                },
                count,
                Duration.ofSeconds(20));
        if (reached < 0) {
            System.out.printf(
                    "  (crash condition %s not reached for all %d within 20 s; killing anyway)%n",
                    point.condition(), count);
        }
        Thread.sleep(300); // let the held requests reach the stand-in
        bridge.kill();
        return count;
    }

    // ---- R3 ---------------------------------------------------------------------------------------------------

    static Result r3(Env env) throws Exception {
        int perCell = env.integer("payments", 3);
        long slow = 4000; // above the bench merchant's 2 s read timeout
        List<FaultKind> kinds = List.of(
                FaultKind.UNAVAILABLE_503,
                FaultKind.RESET,
                FaultKind.MALFORMED,
                FaultKind.SLOW,
                FaultKind.EXPIRED_TOKEN_403);
        Map<String, List<Plan>> cells = new LinkedHashMap<>();
        for (Op op : List.of(Op.CREATE, Op.START)) {
            for (FaultKind kind : kinds) {
                String prefix = "R3-" + op + "-" + kind + "-";
                cells.put(op + " " + kind, List.of(new Plan(op, kind, prefix, 1, slow)));
            }
        }
        for (FaultKind kind : kinds) { // reads happen in recovery: lose the start's answer, then fail the read once
            String prefix = "R3-GET-" + kind + "-";
            cells.put(
                    "GET " + kind,
                    List.of(
                            new Plan(Op.START, FaultKind.RESET, prefix, 1, slow),
                            new Plan(Op.GET, kind, prefix, 1, slow)));
        }
        for (FaultKind kind : kinds) { // lookups by merchantRef: lose the create's answer, then fail the lookup once
            String prefix = "R3-LIST-" + kind + "-";
            cells.put(
                    "LIST " + kind,
                    List.of(
                            new Plan(Op.CREATE, FaultKind.RESET, prefix, 1, slow),
                            new Plan(Op.LIST, kind, prefix, 1, slow)));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("paymentsPerCell", perCell);
        config.put(
                "faults",
                "each fault once per payment; SLOW = answer after 4 s against a 2 s read timeout; "
                        + "token faults follow a 403/2003 on create that forces a new token");
        config.put(
                "recovery",
                "interval 1s, grace 8s, settle 500ms, review-after 10m; circuit breaker delay 5s (shipped: 30s), "
                        + "otherwise as shipped (request-volume 10, failure-ratio 0.5, success-threshold 2)");
        Result result = new Result(
                "r3-fault-matrix",
                "R3: fault matrix {503, reset, malformed chunk, slow > read timeout, "
                        + "403/2003} x {token, create, start, get, list}",
                env,
                config);
        System.out.printf("R3: %d cells + token cells%n", cells.size());
        Map<String, Object> perCellResult = new LinkedHashMap<>();
        int cellsOk = 0;
        int cellsTotal = 0;
        long acked = 0;
        long ackedLost = 0;
        long worst = 0;
        try (Stack stack = new Stack(env, "r3", 5, 0, 0)) {
            // review-after well beyond the run: a burst of faults opens the merchant's circuit breaker
            Bridge bridge = stack.start(Stack.quickRecovery("10m"), "r3");
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            String base = bridge.url("");
            Map<String, CompletableFuture<HttpResponse<Void>>> answers = new LinkedHashMap<>();
            // token cells first, one after the other: a token fault cannot be tied to one order; a 403/2003 on the
            // cell's create makes the bridge fetch a new token, and that token request meets the fault (once)
            Map<String, List<Plan>> tokenCells = new LinkedHashMap<>();
            for (FaultKind kind :
                    List.of(FaultKind.UNAVAILABLE_503, FaultKind.RESET, FaultKind.MALFORMED, FaultKind.SLOW)) {
                String prefix = "R3-TOKEN-" + kind + "-";
                List<Plan> plans = List.of(
                        new Plan(Op.CREATE, FaultKind.EXPIRED_TOKEN_403, prefix, 1, slow),
                        new Plan(Op.TOKEN, kind, null, 1, slow));
                tokenCells.put("TOKEN " + kind, plans);
                plans.forEach(stack.secuconnect::plan);
                for (int i = 0; i < perCell; i++) {
                    answers.put(
                            prefix + i,
                            http.sendAsync(
                                    Orders.post(base, Orders.body(prefix + i)),
                                    HttpResponse.BodyHandlers.discarding()));
                }
                for (int i = 0; i < perCell; i++) {
                    try {
                        answers.get(prefix + i).get(60, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        // counted below
                    }
                }
            }
            // then every other cell at once: their faults are tied to their own orders
            cells.values().forEach(plans -> plans.forEach(stack.secuconnect::plan));
            for (String cell : cells.keySet()) {
                String prefix = cells.get(cell).get(0).orderPrefix();
                for (int i = 0; i < perCell; i++) {
                    answers.put(
                            prefix + i,
                            http.sendAsync(
                                    Orders.post(base, Orders.body(prefix + i)),
                                    HttpResponse.BodyHandlers.discarding()));
                }
            }
            cells.putAll(tokenCells);
            Map<String, Integer> statuses = new LinkedHashMap<>();
            Set<String> ackedOrders = new HashSet<>();
            for (Map.Entry<String, CompletableFuture<HttpResponse<Void>>> e : answers.entrySet()) {
                int status;
                try {
                    status = e.getValue().get(60, TimeUnit.SECONDS).statusCode();
                } catch (Exception ex) {
                    status = -1;
                }
                statuses.merge(Integer.toString(status), 1, Integer::sum);
                if (status == 200 || status == 202) {
                    ackedOrders.add(e.getKey());
                }
            }
            long began = System.nanoTime();
            long all = answers.size();
            long took = Stack.await(
                    () -> stack.count("select count(*) from cash_payment where order_id like 'R3-%' and " + "state in "
                            + TERMINAL),
                    all,
                    Duration.ofSeconds(150));
            worst = took < 0 ? (System.nanoTime() - began) / 1_000_000 : took;
            for (Map.Entry<String, List<Plan>> cell : cells.entrySet()) {
                String prefix = cell.getValue().get(0).orderPrefix();
                Map<String, Long> states = stack.states(prefix);
                long completed = states.getOrDefault("COMPLETED", 0L);
                long review = states.getOrDefault("REVIEW", 0L);
                long cellAcked =
                        ackedOrders.stream().filter(o -> o.startsWith(prefix)).count();
                long stored =
                        states.values().stream().mapToLong(Long::longValue).sum();
                boolean ok = stored == perCell && completed + review == perCell;
                cellsTotal++;
                cellsOk += ok ? 1 : 0;
                acked += cellAcked;
                ackedLost += ackedOrders.stream()
                        .filter(o -> o.startsWith(prefix))
                        .filter(o -> stack.count("select count(*) from cash_payment where order_id = '" + o
                                        + "' and state in ('COMPLETED','REVIEW')")
                                == 0)
                        .count();
                perCellResult.put(cell.getKey(), Map.of("states", states, "acked", cellAcked));
                System.out.printf("  %-28s %s%n", cell.getKey(), states);
            }
            StandInServer.Counts counts = stack.secuconnect.counts();
            result.figure(
                    "cells where every payment ended COMPLETED or REVIEW",
                    cellsOk,
                    "cells",
                    "= " + cellsTotal,
                    cellsOk == cellsTotal);
            long completedAll = stack.count("select count(*) from cash_payment where state = 'COMPLETED'");
            result.figure("payments completed", completedAll, "payments", "= " + all, completedAll == all);
            result.figure(
                    "acknowledged (200/202) but neither COMPLETED nor REVIEW",
                    ackedLost,
                    "payments",
                    "0",
                    ackedLost == 0);
            result.figure(
                    "orders booked twice", counts.ordersBookedTwice(), "orders", "0", counts.ordersBookedTwice() == 0);
            result.figure(
                    "Smart Transactions created twice", counts.doubleCreates(), "", "0", counts.doubleCreates() == 0);
            result.figure(
                    "Smart Transactions started twice", counts.doubleStarts(), "", "0", counts.doubleStarts() == 0);
            result.figure(
                    "time until all settled after the last answer",
                    worst,
                    "ms",
                    "<= 60000",
                    took >= 0 && worst <= 60_000);
            result.figure("calls refused by the open circuit breaker", breakerRefusals(bridge), "calls");
            result.detail("cells", perCellResult);
            result.detail("statuses", statuses);
            result.detail("acknowledged", acked);
            result.detail("secuconnectRequests", counts.requests());
        }
        return result;
    }

    private static long breakerRefusals(Bridge bridge) {
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(bridge.log())) {
            return lines.filter(l -> l.contains("circuit breaker") && l.contains("open"))
                    .count();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    // ---- R10 --------------------------------------------------------------------------------------------------

    static Result r10(Env env) throws Exception {
        int replicas = env.integer("replicas", 3);
        int seconds = env.integer("seconds", 30);
        double rate = Double.parseDouble(env.get("rate", "20"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("replicas", replicas);
        config.put(
                "cardSync",
                "cron every 2 s, 300 cards in pages of 100 answered after 300 ms each; "
                        + "bridge.card-sync.lease=20s (shipped default 2m)");
        config.put("load", rate + " payments/s for " + seconds + " s, round robin over the live replicas");
        config.put("kill", "kill -9 of the replica running the card sync, half-way");
        Result result = new Result(
                "r10-replicas",
                "R10: " + replicas + " replicas on one database: scheduler fires once, "
                        + "claims never doubled, a killed replica's work taken over",
                env,
                config);
        System.out.printf("R10: %d replicas%n", replicas);
        try (Stack stack = new Stack(env, "r10", 5, 300, 300)) {
            Bridge.Options options = Stack.quickRecovery()
                    .with("bridge.merchants.bench.card-sync.cron", "0/2 * * * * ?")
                    .with("bridge.card-sync.lease", "20s");
            List<Bridge> nodes = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                nodes.add(stack.start(options, "r10-node" + i));
            }
            java.time.Instant from = java.time.Instant.now();
            OpenLoad load = new OpenLoad(1000, Duration.ofSeconds(20));
            long[] killed = {-1, 0}; // pid, epoch millis
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(seconds * 500L);
                    Bridge victim = syncOwner(stack, nodes, Duration.ofSeconds(5));
                    killed[1] = System.currentTimeMillis();
                    killed[0] = victim.pid();
                    victim.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            killer.start();
            Set<Integer> acked = ConcurrentHashMap.newKeySet();
            OpenLoad.Outcome o = load.run(
                    rate,
                    seconds,
                    i -> {
                        List<Bridge> live = nodes.stream().filter(Bridge::alive).toList();
                        Bridge target = live.get(i % live.size());
                        return Orders.post(target.url(""), Orders.body("R10-" + i));
                    },
                    OpenLoad.acknowledgedInto(acked));
            killer.join();
            java.time.Instant to = java.time.Instant.now();
            // the killed replica's run is taken over once its lease has run out: wait for the next completed run
            Stack.await(
                    () -> stack.count("select count(*) from card_sync_run where state = 'completed' and finished_at > '"
                            + java.time.Instant.ofEpochMilli(killed[1]) + "'"),
                    1,
                    Duration.ofSeconds(60));
            long took = Stack.await(
                    () -> stack.count("select count(*) from cash_payment where state in " + TERMINAL),
                    stack.count("select count(*) from cash_payment"),
                    Duration.ofSeconds(60));
            long events = stack.count("select count(*) from outbox_event");
            Stack.await(
                    () -> stack.count("select count(*) from outbox_event where status = 'delivered'"),
                    events,
                    Duration.ofSeconds(30));
            Thread.sleep(2000);
            for (Bridge b : nodes) {
                if (b.alive()) {
                    b.stop(Duration.ofSeconds(25));
                }
            }
            long fires = stack.count("select count(distinct scheduled_for) from card_sync_run where trigger_kind = "
                    + "'schedule' and scheduled_for >= '" + from + "' and scheduled_for < '" + to + "'");
            long doubleFires = stack.count("select count(*) from (select scheduled_for from card_sync_run where "
                    + "trigger_kind = 'schedule' group by scheduled_for having count(*) > 1) d");
            Map<String, Long> owners = stack.db.counts(
                    "select split_part(owner, ':', 2), count(*) from card_sync_run " + "group by 1 order by 1");
            long ackedLost = acked.stream()
                    .filter(i -> stack.count("select count(*) from cash_payment where order_id = 'R10-" + i
                                    + "' and state = 'COMPLETED'")
                            == 0)
                    .count();
            long delivered = stack.count("select count(*) from outbox_event where status = 'delivered'");
            StandInServer.Counts counts = stack.secuconnect.counts();
            java.time.Instant killedAt = java.time.Instant.ofEpochMilli(killed[1]);
            long takenOver =
                    stack.count("select coalesce(min(extract(epoch from finished_at) * 1000), -1) from card_sync_run "
                            + "where state = 'completed' and finished_at > '" + killedAt + "'");
            long takeoverMs = takenOver < 0 ? -1 : takenOver - killed[1];
            result.figure("scheduled runs in the window", fires, "runs");
            result.figure("fires run more than once", doubleFires, "fires", "0", doubleFires == 0);
            result.figure(
                    "kill -9 of the sync's replica until a sync completes again",
                    takeoverMs,
                    "ms",
                    "<= 30000 (lease 20 s)",
                    takeoverMs >= 0 && takeoverMs <= 30_000);
            result.figure("acknowledged payments", acked.size(), "payments");
            result.figure("acknowledged but not completed", ackedLost, "payments", "0", ackedLost == 0);
            result.figure(
                    "orders booked twice", counts.ordersBookedTwice(), "orders", "0", counts.ordersBookedTwice() == 0);
            result.figure(
                    "Smart Transactions started twice", counts.doubleStarts(), "", "0", counts.doubleStarts() == 0);
            result.figure("outbox events delivered", delivered, "events", "= " + events, delivered == events);
            result.figure("events delivered more than once", counts.duplicateCallbacks(), "events");
            result.figure("time until all payments settled", took, "ms", "<= 60000", took >= 0);
            result.detail("statuses", o.statuses());
            result.detail("syncRunsPerProcess", owners);
            result.detail(
                    "window",
                    Map.of(
                            "from",
                            from.toString(),
                            "to",
                            to.toString(),
                            "killedAt",
                            killedAt.toString(),
                            "killedPid",
                            killed[0]));
            result.detail(
                    "runs",
                    stack.db.counts("select id || ' ' || trigger_kind || ' ' || coalesce(to_char(scheduled_for "
                            + "at time zone 'UTC', 'HH24:MI:SS'), '-') || ' ' || state || ' ' || owner, cards_seen from card_sync_run "
                            + "order by id"));
            result.detail("secuconnectRequests", counts.requests());
        }
        return result;
    }

    /** The replica that owns the running card sync (its pid is in the run's owner), else the last live one. */
    private static Bridge syncOwner(Stack stack, List<Bridge> nodes, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Map<String, Long> running = stack.db.counts(
                        "select split_part(owner, ':', 2), id from card_sync_run " + "where state = 'running'");
                for (String pid : running.keySet()) {
                    for (Bridge b : nodes) {
                        if (Long.toString(b.pid()).equals(pid) && b.alive()) {
                            return b;
                        }
                    }
                }
            } catch (java.sql.SQLException e) {
                // try again
            }
            Thread.sleep(50);
        }
        return nodes.stream().filter(Bridge::alive).reduce((a, b) -> b).orElseThrow();
    }

    // ---- R11 --------------------------------------------------------------------------------------------------

    static Result r11(Env env) throws Exception {
        double rate = Double.parseDouble(env.get("rate", "50"));
        int seconds = env.integer("seconds", 20);
        int termAt = env.integer("term-at", 8);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("load", rate + " payments/s for " + seconds + " s, secuconnect at 20 ms");
        config.put("sigtermAfterSeconds", termAt);
        config.put("shutdownTimeout", "quarkus.shutdown.timeout=20S (built-in default of the bridge)");
        Result result = new Result(
                "r11-graceful-stop", "R11: SIGTERM under load, restart, nothing acknowledged is lost", env, config);
        System.out.printf("R11: %.0f/s, SIGTERM at %d s%n", rate, termAt);
        try (Stack stack = new Stack(env, "r11", 20, 0, 0)) {
            Bridge.Options options = Stack.quickRecovery();
            Bridge bridge = stack.start(options, "r11");
            String base = bridge.url("");
            Set<Integer> acked = ConcurrentHashMap.newKeySet();
            long[] stopMs = {-1};
            int[] exit = {0};
            Thread terminator = new Thread(() -> {
                try {
                    Thread.sleep(termAt * 1000L);
                    long t = System.nanoTime();
                    exit[0] = bridge.stop(Duration.ofSeconds(30));
                    stopMs[0] = (System.nanoTime() - t) / 1_000_000;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            terminator.start();
            OpenLoad load = new OpenLoad(2000, Duration.ofSeconds(30));
            OpenLoad.Outcome o = load.run(
                    rate, seconds, i -> Orders.post(base, Orders.body("R11-" + i)), OpenLoad.acknowledgedInto(acked));
            terminator.join();
            Bridge again = stack.restart(bridge, options, "r11-restarted");
            long stored = stack.count("select count(*) from cash_payment");
            long took = Stack.await(
                    () -> stack.count("select count(*) from cash_payment where state in " + TERMINAL),
                    stored,
                    Duration.ofSeconds(60));
            long ackedLost = acked.stream()
                    .filter(i -> stack.count("select count(*) from cash_payment where order_id = 'R11-" + i
                                    + "' and state = 'COMPLETED'")
                            == 0)
                    .count();
            long completed = stack.count("select count(*) from cash_payment where state = 'COMPLETED'");
            StandInServer.Counts counts = stack.secuconnect.counts();
            result.figure("acknowledged (200/202) before and during the stop", acked.size(), "payments");
            result.figure("acknowledged but lost", ackedLost, "payments", "0", ackedLost == 0);
            result.figure(
                    "stored payments completed after restart",
                    completed,
                    "payments",
                    "= " + stored,
                    completed == stored);
            result.figure(
                    "orders booked twice", counts.ordersBookedTwice(), "orders", "0", counts.ordersBookedTwice() == 0);
            result.figure(
                    "graceful stop duration",
                    stopMs[0],
                    "ms",
                    "< 20000 (shutdown timeout)",
                    stopMs[0] >= 0 && stopMs[0] < 20_000);
            result.figure("exit code after SIGTERM", exit[0], "", "0 or 143", exit[0] == 0 || exit[0] == 143);
            result.figure("time until all settled after restart", took, "ms");
            result.detail("statuses", o.statuses());
            result.detail("restartedReadyMs", again.startToReady().toMillis());
        }
        return result;
    }
}
