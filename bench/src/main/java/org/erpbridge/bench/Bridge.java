package org.erpbridge.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.erpbridge.testing.PackagedApp;

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

    private final PackagedApp app;

    private Bridge(PackagedApp app) {
        this.app = app;
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
     * Starts the bridge with the test kit's launcher and waits until {@code /q/health/ready} answers 200 on its
     * management port (at most {@code timeout}).
     */
    public static Bridge start(
            Env env, String jdbcUrl, String secuconnectUrl, int port, Options options, String name, Duration timeout)
            throws IOException, InterruptedException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.datasource.jdbc.url", jdbcUrl);
        props.put("quarkus.datasource.username", env.dbUser());
        props.put("quarkus.datasource.password", "");
        props.put("quarkus.log.console.json.enabled", "false");
        // card-data keys have no default in production: fixed, plainly fake ones (32 bytes of 0x20 and of 0x10);
        // no-card-keys=true for a jar= of a version before them (it refuses unknown bridge.* keys)
        if (!env.flag("no-card-keys")) {
            props.put("bridge.card-data.keys.bench", "ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICA=");
            props.put("bridge.card-data.active-key", "bench");
            props.put("bridge.card-data.lookup-key", "EBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBA=");
        }
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
        List<String> jvm = new ArrayList<>(options.jvm());
        // the class-data archive the build made (quarkus.package.jar.appcds.enabled), used as the image uses it: the
        // JVM accepts it only with the class path it was made with, so run from the application's folder
        Path appDir = env.jar().getParent();
        if (Files.isRegularFile(appDir.resolve("app-cds.jsa")) && !env.flag("no-appcds")) {
            jvm.add("-XX:SharedArchiveFile=app-cds.jsa");
        }
        // the application's folder has no config/application.properties, so only these settings apply
        PackagedApp app =
                PackagedApp.launch(env.jar(), appDir, jvm, props, env.work().resolve(name + ".log"), port);
        try {
            app.awaitReady(timeout);
        } catch (IllegalStateException notReady) {
            app.close();
            throw notReady;
        }
        return new Bridge(app);
    }

    public String url(String path) {
        return app.baseUrl() + path;
    }

    /** A URL on the management interface ({@code /q/health}, {@code /q/metrics}). */
    public String managementUrl(String path) {
        return app.managementUrl() + path;
    }

    public int port() {
        return app.port();
    }

    public long pid() {
        return app.process().pid();
    }

    public Path log() {
        return app.log();
    }

    public Duration startToReady() {
        return app.startToReady();
    }

    public boolean alive() {
        return app.process().isAlive();
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
        Process process = app.process();
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hooks, like a crashed node. */
    public void kill() throws InterruptedException {
        app.process().destroyForcibly();
        app.process().waitFor(10, TimeUnit.SECONDS);
    }

    public Process process() {
        return app.process();
    }

    @Override
    public void close() throws InterruptedException {
        if (alive()) {
            stop(Duration.ofSeconds(25));
        }
    }
}
