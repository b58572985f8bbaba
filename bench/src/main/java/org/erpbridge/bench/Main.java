package org.erpbridge.bench;

import java.nio.file.Path;

/**
 * Entry point of the harness: {@code Main <scenario> [key=value ...]} (see bench/README.md). Each scenario writes
 * {@code bench/results/<date>-<scenario>.json} and refreshes {@code bench/results/latest.md}; the exit code is 0
 * when the scenario ran, whether or not its targets were met (the table says which).
 */
public final class Main {
    private Main() {}

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println(
                    "usage: Main payments|ratio|overload|cardsync|startup|r1|r2|r3|r5|r10|r11|db-down|table|jfr-top"
                            + " [key=value ...]");
            System.exit(2);
        }
        Env env = Env.of(argv, 1);
        Orders.useCards(Cards.from(env));
        try {
            run(argv[0], env);
        } finally {
            PgCluster.closeShared();
        }
        System.exit(0);
    }

    private static void run(String command, Env env) throws Exception {
        Result result = switch (command) {
            case "payments" -> PaymentsBench.run(env);
            case "ratio" -> RatioBench.run(env);
            case "overload" -> OverloadBench.run(env);
            case "db-down" -> DbOutage.run(env);
            case "cardsync" -> CardSyncBench.run(env);
            case "startup" -> StartupBench.run(env);
            case "r1" -> Reliability.r1(env);
            case "r2" -> Reliability.r2(env);
            case "r3" -> Reliability.r3(env);
            case "r5" -> PaymentsBench.run(withDefault(env, "scenario", "r5-sustained-load"));
            case "r10" -> Reliability.r10(env);
            case "r11" -> Reliability.r11(env);
            case "table" -> {
                Result.writeLatestTable(env.results());
                yield null;
            }
            case "jfr-top" -> {
                JfrTop.print(Path.of(env.get("file", "bench/target/work/payments-0ms.jfr")), env.integer("top", 25));
                yield null;
            }
            default -> throw new IllegalArgumentException("unknown scenario " + command);
        };
        if (result != null && !env.flag("dry")) {
            result.write(env);
        }
    }

    private static Env withDefault(Env env, String key, String value) {
        java.util.Map<String, String> args = new java.util.LinkedHashMap<>(env.args());
        args.putIfAbsent(key, value);
        return new Env(env.root(), args);
    }
}
