package org.erpbridge.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.erpbridge.standin.StandInServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The bridge against a direct anchor in the same run: closed loop, {@code threads} threads, secuconnect (the stand-in)
 * answering after {@code latency} ms. First the anchor ({@link DirectAnchor}: what an ERP team would write without
 * the bridge), then the bridge, each after its own warm-up, through the same stand-in. Ratios: bridge throughput /
 * anchor throughput, bridge p50 / anchor p50. Targets (from the issue): at 20 ms with 32 threads the bridge reaches
 * at least 0.8 x the anchor's throughput; at 20 ms with 1 thread its p50 is at most 1.10 x the anchor's; at 0 ms with
 * 32 threads it completes at least 600 payments/s.
 */
final class RatioBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RatioBench() {}

    static Result run(Env env) throws Exception {
        long latency = env.number("latency", 20);
        int threads = env.integer("threads", 32);
        int seconds = env.integer("seconds", 60);
        int warmup = env.integer("warmup", 30);
        String scenario = env.get("scenario", "ratio-" + latency + "ms-" + threads + "t");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("secuconnectLatencyMs", latency);
        config.put("mode", "closed loop: each thread sends its next payment when the last one was answered");
        config.put("threads", threads);
        config.put("seconds", seconds);
        config.put("warmupSeconds", warmup);
        config.put(
                "order",
                "anchor (warm-up, measured), then bridge (warm-up, measured); the bridge process runs "
                        + "idle during the anchor's part");
        config.put("anchor", "JDK HttpClient + Jackson records in the harness JVM: token once, create, start/cash");
        config.put("ratios", "throughput: bridge/anchor; latency: bridge p50 / anchor p50");
        config.put("jvm", "-Xmx256m");
        Result result = new Result(
                scenario,
                "closed loop, " + threads + " thread" + (threads == 1 ? "" : "s") + ", secuconnect at " + latency
                        + " ms: bridge vs direct anchor",
                env,
                config);
        System.out.printf(
                "%s: closed loop, %d threads, secuconnect latency %d ms, %d s + %d s warm-up each%n",
                scenario, threads, latency, seconds, warmup);
        try (Stack stack = new Stack(env, scenario, latency, 0, 0)) {
            Bridge bridge = stack.start(Bridge.Options.defaults(), scenario);

            // the anchor
            ClosedLoop.Outcome a;
            long anchorCpuNanos;
            try (DirectAnchor anchor = new DirectAnchor(stack.secuconnect.baseUrl())) {
                ClosedLoop.Call pay = i -> anchor.pay("A-" + i);
                print("anchor warm-up", ClosedLoop.run("anchor-loop", threads, Duration.ofSeconds(warmup), 0, pay));
                long clientCpu = anchor.clientThreadsCpuNanos();
                a = ClosedLoop.run("anchor-loop", threads, Duration.ofSeconds(seconds), ClosedLoop.MEASURED, pay);
                anchorCpuNanos = a.driverCpuNanos() + anchor.clientThreadsCpuNanos() - clientCpu;
                print("anchor", a);
            }

            // the bridge
            ClosedLoop.Call bridgePay = ClosedLoop.bridgePayments(bridge, "P");
            print("bridge warm-up", ClosedLoop.run("bridge-loop", threads, Duration.ofSeconds(warmup), 0, bridgePay));
            Meter meter = Meter.start(stack, bridge);
            ClosedLoop.Outcome b =
                    ClosedLoop.run("bridge-loop", threads, Duration.ofSeconds(seconds), ClosedLoop.MEASURED, bridgePay);
            Meter.Reading metered = meter.stop();
            print("bridge", b);

            double throughputRatio = a.throughput() <= 0 ? 0 : b.throughput() / a.throughput();
            double p50Ratio = a.ms(50) <= 0 ? 0 : b.ms(50) / a.ms(50);
            boolean ratioTarget = latency == 20 && threads == 32;
            boolean p50Target = latency == 20 && threads == 1;
            boolean rateTarget = latency == 0 && threads == 32;
            result.figure(
                    "bridge throughput",
                    b.throughput(),
                    "payments/s",
                    rateTarget ? ">= 600" : null,
                    rateTarget ? b.throughput() >= 600 : null);
            result.figure("anchor throughput", a.throughput(), "payments/s");
            result.figure(
                    "throughput ratio bridge / anchor",
                    throughputRatio,
                    "x",
                    ratioTarget ? ">= 0.8" : null,
                    ratioTarget ? throughputRatio >= 0.8 : null);
            result.figure("bridge latency p50", b.ms(50), "ms");
            result.figure("anchor latency p50", a.ms(50), "ms");
            result.figure(
                    "p50 ratio bridge / anchor",
                    p50Ratio,
                    "x",
                    p50Target ? "<= 1.10" : null,
                    p50Target ? p50Ratio <= 1.10 : null);
            result.figure("bridge latency p95", b.ms(95), "ms");
            result.figure("anchor latency p95", a.ms(95), "ms");
            result.figure("bridge latency p99", b.ms(99), "ms");
            result.figure("anchor latency p99", a.ms(99), "ms");
            long bridgeNot200 = b.statuses().entrySet().stream()
                    .filter(e -> !e.getKey().equals("200"))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            result.figure("bridge answers other than 200", bridgeNot200, "answers");
            metered.report(result);
            if (a.ok() > 0) {
                result.figure(
                        "anchor CPU per payment (its threads in the harness JVM)", anchorCpuNanos / 1e6 / a.ok(), "ms");
            }
            StandInServer.Counts counts = stack.secuconnect.counts();
            result.figure(
                    "orders booked twice at secuconnect",
                    counts.ordersBookedTwice(),
                    "orders",
                    "0",
                    counts.ordersBookedTwice() == 0);
            boolean same = sameRequests(stack.secuconnect.sampleRequests("A"), stack.secuconnect.sampleRequests("P"));
            result.figure(
                    "anchor sends the bridge's requests (paths, headers, bodies but order, ref and card)",
                    same ? 1 : 0,
                    "yes=1",
                    "1",
                    same);
            result.detail("bridge", b.summary());
            result.detail("anchor", a.summary());
            result.detail("anchorCpuMs", anchorCpuNanos / 1e6);
            result.detail("requestsAnchor", stack.secuconnect.sampleRequests("A"));
            result.detail("requestsBridge", stack.secuconnect.sampleRequests("P"));
            result.detail("secuconnectRequests", counts.requests());
            result.detail("bridgeLog", bridge.log().toString());
        }
        return result;
    }

    private static void print(String what, ClosedLoop.Outcome o) {
        System.out.printf(
                "  %-15s %8.1f payments/s, p50 %.1f ms, p99 %.1f ms, %s%n",
                what, o.throughput(), o.ms(50), o.ms(99), o.statuses());
    }

    /** Same create and start/cash requests but for the order's own values (merchantRef, transactionRef, card). */
    static boolean sameRequests(Map<String, String> anchor, Map<String, String> bridge) {
        if (!anchor.keySet().equals(bridge.keySet()) || anchor.isEmpty()) {
            return false;
        }
        for (String kind : anchor.keySet()) {
            if (!normalised(anchor.get(kind)).equals(normalised(bridge.get(kind)))) {
                return false;
            }
        }
        return true;
    }

    private static String normalised(String request) {
        int blank = request.indexOf("\n\n");
        String head = request.substring(0, blank);
        String body = request.substring(blank + 2);
        try {
            JsonNode json = JSON.readTree(body.isEmpty() ? "null" : body);
            if (json instanceof ObjectNode o && o.has("merchantRef")) {
                if (!o.path("merchantRef").asText().matches("erpb-[0-9a-f]{32}")) {
                    return "bad merchantRef " + o.path("merchantRef");
                }
                o.remove("merchantRef");
                o.remove("transactionRef");
                o.path("idents").forEach(i -> ((ObjectNode) i).put("value", "<card>"));
            }
            return head + "\n\n" + json;
        } catch (java.io.IOException e) {
            return request;
        }
    }
}
