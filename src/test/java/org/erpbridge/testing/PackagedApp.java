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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}, built by the package phase before
 * Failsafe runs) as a child process on a database of its own, for tests of what only a real process shows
 * (shutdown, several replicas). Its console output goes to a file in {@code target/}.
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

    private PackagedApp(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** Starts the jar with these system properties (plus port and database) in {@code workDir}. */
    public static PackagedApp start(String name, Path workDir, String jdbcUrl, List<String> properties)
            throws IOException {
        int port = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.datasource.jdbc.url=" + jdbcUrl,
                "-Dquarkus.datasource.username=" + PostgresServer.USER,
                "-Dquarkus.datasource.password=" + PostgresServer.PASSWORD));
        CARD_DATA_KEYS.forEach(p -> command.add("-D" + p));
        properties.forEach(p -> command.add("-D" + p)); // after the keys: the last -D of a name wins
        command.addAll(List.of("-jar", jar().toString()));
        Files.createDirectories(workDir);
        Path log = workDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new PackagedApp(process, port, managementPort, log);
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

    /** Waits until /q/health/ready answers 200 on the management port; fails at once when the process exits. */
    public void awaitReady(Duration timeout) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the application exited at start-up with code " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> ready = http.send(
                        HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the application was not ready within " + timeout + "; see " + log);
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
