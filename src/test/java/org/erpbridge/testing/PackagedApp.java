package org.erpbridge.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}, built by the package phase before
 * Failsafe runs) as a child process on a database of its own, for tests of what only a real process shows
 * (shutdown, several replicas), and for the bench. Its console output goes to a file. Plain JDK, so the bench compiles
 * it too.
 */
public final class PackagedApp implements AutoCloseable {
    /** The test profile's card-data keys: production has no defaults, and a test may override them. */
    public static final List<String> CARD_DATA_KEYS = List.of(
            "bridge.card-data.keys.cur=ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICA=",
            "bridge.card-data.active-key=cur",
            "bridge.card-data.lookup-key=EBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBA=");

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final long spawnedAt;
    private Duration startToReady;

    private PackagedApp(Process process, int port, int managementPort, Path log, long spawnedAt) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.spawnedAt = spawnedAt;
    }

    /** Starts the jar for a test: these system properties (plus port, database and card-data keys) in {@code workDir}. */
    public static PackagedApp start(String name, Path workDir, String jdbcUrl, List<String> properties)
            throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.datasource.jdbc.url", jdbcUrl);
        settings.put("quarkus.datasource.username", PostgresAdmin.LOCAL.user());
        settings.put("quarkus.datasource.password", PostgresAdmin.LOCAL.password());
        CARD_DATA_KEYS.forEach(p -> put(settings, p));
        properties.forEach(p -> put(settings, p)); // after the keys: a test may override them
        Files.createDirectories(workDir);
        return launch(
                jar(),
                workDir,
                List.of("-Xmx192m", "-XX:TieredStopAtLevel=1"),
                settings,
                workDir.resolve(name + ".log"),
                0);
    }

    /**
     * Starts {@code jar} in {@code directory} with these JVM options and system properties, on {@code port} (0: a free
     * one) and a free management port, both on loopback; its console output goes to {@code log}. The one launcher of
     * the tests and the bench.
     */
    public static PackagedApp launch(
            Path jar, Path directory, List<String> jvmOptions, Map<String, String> settings, Path log, int port)
            throws IOException {
        int httpPort = port == 0 ? freePort() : port;
        int managementPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("quarkus.http.port", Integer.toString(httpPort));
        all.put("quarkus.http.host", "127.0.0.1");
        all.put("quarkus.management.port", Integer.toString(managementPort));
        all.put("quarkus.management.host", "127.0.0.1");
        all.putAll(settings);
        all.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(
                List.of("-jar", directory.relativize(jar.toAbsolutePath()).toString()));
        Files.createDirectories(log.toAbsolutePath().getParent());
        long spawned = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new PackagedApp(process, httpPort, managementPort, log, spawned);
    }

    private static void put(Map<String, String> settings, String keyValue) {
        int eq = keyValue.indexOf('=');
        settings.put(keyValue.substring(0, eq), keyValue.substring(eq + 1));
    }

    public static Path jar() {
        for (String candidate : List.of("target/quarkus-app/quarkus-run.jar", "quarkus-app/quarkus-run.jar")) {
            Path jar = Paths.get(candidate).toAbsolutePath();
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException("target/quarkus-app/quarkus-run.jar not found: run through 'mvnw verify' "
                + "(the package phase builds it before the integration tests)");
    }

    /** A directory under target/ for the processes' logs. */
    public static Path workDir(String name) throws IOException {
        return Files.createDirectories(jar().getParent().getParent().resolve(name));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The management interface (health, metrics). */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Process process() {
        return process;
    }

    public Path log() {
        return log;
    }

    public List<String> logLines() throws IOException {
        return Files.readAllLines(log);
    }

    /**
     * Waits until /q/health/ready answers 200 on the management port and returns the time from spawn to ready; fails
     * at once when the process exits.
     */
    public Duration awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the application exited at start-up with code " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    startToReady = Duration.ofNanos(System.nanoTime() - spawnedAt);
                    return startToReady;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(25); // fine-grained: the bench reports start-to-ready from it
        }
        throw new IllegalStateException("the application was not ready within " + timeout + "; see " + log);
    }

    /** Spawn to ready, once {@link #awaitReady} has seen it. */
    public Duration startToReady() {
        return startToReady;
    }

    public int port() {
        return port;
    }

    /** SIGTERM, as Kubernetes sends it; returns the exit code, or fails when the process outlives {@code timeout}. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the application did not exit within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
