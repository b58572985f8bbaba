package org.erpbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where things are and how a run is parameterised: {@code key=value} arguments after the scenario name, falling
 * back to {@code -Dbench.<key>} and defaults.
 */
final class Env {
    private final Path root;
    private final Map<String, String> args;

    Env(Path root, Map<String, String> args) {
        this.root = root;
        this.args = new LinkedHashMap<>(args);
    }

    static Env of(String[] argv, int from) {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = from; i < argv.length; i++) {
            int eq = argv[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments are key=value, got " + argv[i]);
            }
            args.put(argv[i].substring(0, eq), argv[i].substring(eq + 1));
        }
        Path root =
                Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        return new Env(root, args);
    }

    /** Arguments naming bridge or Quarkus settings ({@code bridge.*}, {@code quarkus.*}): passed on to the bridge. */
    Map<String, String> bridgeSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        args.forEach((k, v) -> {
            if (k.startsWith("bridge.") || k.startsWith("quarkus.")) {
                settings.put(k, v);
            }
        });
        return settings;
    }

    String get(String key, String fallback) {
        return args.getOrDefault(key, System.getProperty("bench." + key, fallback));
    }

    int integer(String key, int fallback) {
        return Integer.parseInt(get(key, Integer.toString(fallback)));
    }

    long number(String key, long fallback) {
        return Long.parseLong(get(key, Long.toString(fallback)));
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(get(key, "false"));
    }

    Map<String, String> args() {
        return args;
    }

    Path root() {
        return root;
    }

    Path jar() {
        return root.resolve(get("jar", "target/quarkus-app/quarkus-run.jar"));
    }

    Path results() {
        return root.resolve(get("results", "bench/results"));
    }

    /** Logs, JFR recordings and other scratch files of a run (not committed). */
    Path work() {
        Path work = root.resolve("bench/target/work");
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return work;
    }

    String dbUser() {
        return get("db-user", "postgres");
    }
}
