package org.erpbridge.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged bridge ({@code target/quarkus-app/quarkus-run.jar}) as a child process on a loopback port, configured
 * with system properties for one bench merchant. Knows its start-to-ready time and reads its CPU time and memory
 * from /proc.
 */
public final class Bridge implements AutoCloseable {
    public static final String MERCHANT = "bench";
    public static final String API_KEY = "bench-erp-api-key-0123456789abcdef";
    public static final String SIGNING_SECRET = "bench-signing-secret-0123456789abcdef";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final int managementPort;
    private final long spawnedAt;
    private final Path log;
    private Duration startToReady;

    private Bridge(Process process, int port, int managementPort, long spawnedAt, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.spawnedAt = spawnedAt;
        this.log = log;
    }

    /** What differs between runs: JVM options and extra {@code -D} settings on top of the bench merchant's. */
    public record Options(List<String> jvm, Map<String, String> settings) {
        public static Options defaults() {
            return new Options(new ArrayList<>(List.of("-Xmx256m")), new LinkedHashMap<>());
        }

        public Options with(String key, String value) {
            settings.put(key, value);
            return this;
        }

        public Options jvm(String option) {
            jvm.add(option);
            return this;
        }
    }

    /**
     * Starts the bridge and waits until {@code /q/health/ready} answers 200 on its management port (at most
     * {@code timeout}).
     */
    public static Bridge start(
            Env env, String jdbcUrl, String secuconnectUrl, int port, Options options, String name, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.jvm());
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.http.port", Integer.toString(port));
        props.put("quarkus.http.host", "127.0.0.1");
        // health and metrics are served on the management interface, a port of its own
        int managementPort = freePort();
        props.put("quarkus.management.port", Integer.toString(managementPort));
        props.put("quarkus.management.host", "127.0.0.1");
        props.put("quarkus.datasource.jdbc.url", jdbcUrl);
        props.put("quarkus.datasource.username", env.dbUser());
        props.put("quarkus.datasource.password", "");
        props.put("quarkus.log.console.json.enabled", "false");
        // card-data keys have no default in production: fixed, plainly fake ones (32 bytes of 0x20 and of 0x10)
        props.put("bridge.card-data.keys.bench", "ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICA=");
        props.put("bridge.card-data.active-key", "bench");
        props.put("bridge.card-data.lookup-key", "EBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBA=");
        String m = "bridge.merchants." + MERCHANT + ".";
        props.put(m + "secuconnect.base-url", secuconnectUrl);
        props.put(m + "secuconnect.client-id", "bench-client");
        props.put(m + "secuconnect.client-secret", "bench-client-secret");
        props.put(m + "secuconnect.connect-timeout", "2s");
        props.put(m + "secuconnect.read-timeout", "10s");
        props.put(m + "erp.api-key", API_KEY);
        props.put(m + "erp.signing-secret", SIGNING_SECRET);
        props.put(m + "erp.callback-url", secuconnectUrl + "/erp/" + MERCHANT + "/events");
        props.put(m + "card-sync.cron", "off");
        props.put(m + "card-sync.page-size", "100");
        props.putAll(options.settings());
        props.putAll(env.bridgeSettings()); // e.g. bench/run.sh payments-20ms bridge.checkout.workers=64
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        // the class-data archive the build made (quarkus.package.jar.appcds.enabled), used as the image uses it: the
        // JVM accepts it only with the class path it was made with, so run from the application's folder
        Path appDir = env.jar().getParent();
        if (Files.isRegularFile(appDir.resolve("app-cds.jsa")) && !env.flag("no-appcds")) {
            command.add("-XX:SharedArchiveFile=app-cds.jsa");
        }
        command.add("-jar");
        command.add(env.jar().getFileName().toString());
        Path log = env.work().resolve(name + ".log");
        Files.createDirectories(log.getParent());
        long spawned = System.nanoTime();
        // the application's folder has no config/application.properties, so only these settings apply
        Process p = new ProcessBuilder(command)
                .directory(appDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        Bridge bridge = new Bridge(p, port, managementPort, spawned, log);
        bridge.awaitReady(timeout);
        return bridge;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl("/q/health/ready")))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the bridge exited at start-up with code " + process.exitValue() + "; see " + log);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    startToReady = Duration.ofNanos(System.nanoTime() - spawnedAt);
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(25);
        }
        kill();
        throw new IllegalStateException("the bridge was not ready within " + timeout + "; see " + log);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** A URL on the management interface ({@code /q/health}, {@code /q/metrics}). */
    public String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public Duration startToReady() {
        return startToReady;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** User + system CPU time of the process so far, in milliseconds (from /proc/pid/stat, clock ticks of 10 ms). */
    public long cpuMillis() {
        return Proc.cpuMillis(pid());
    }

    public long rssKb() {
        return Proc.status(pid(), "VmRSS");
    }

    public long peakRssKb() {
        return Proc.status(pid(), "VmHWM");
    }

    /** SIGTERM, then waits for the process to end (graceful stop); SIGKILL if it has not ended in time. */
    public int stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hooks, like a crashed node. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public Process process() {
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(25));
        }
    }
}
