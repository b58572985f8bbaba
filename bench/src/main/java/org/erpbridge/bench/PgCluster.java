package org.erpbridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The harness's own PostgreSQL cluster: {@code initdb} into a temporary directory, started on a free port of
 * 127.0.0.1 with its unix socket in that directory and trust authentication, and otherwise PostgreSQL's own defaults
 * (autovacuum on). The shared PostgreSQL of the machine is never used: its settings are a test box's
 * ({@code autovacuum = off}), and a benchmark may stop the database. As root the PostgreSQL programs run as the
 * {@code postgres} OS user (they refuse root), in a directory it owns. One cluster serves one harness invocation:
 * {@link #shared} starts it when a scenario first needs a database, {@link #closeShared} stops it and deletes the
 * directory ({@code keep-db=true} keeps both running and says where).
 */
final class PgCluster implements AutoCloseable {
    /** The settings each result records; the rest are listed when they differ from PostgreSQL's defaults. */
    private static final List<String> RECORDED = List.of(
            "server_version",
            "autovacuum",
            "shared_buffers",
            "max_connections",
            "work_mem",
            "effective_cache_size",
            "synchronous_commit",
            "fsync",
            "wal_level",
            "max_wal_size",
            "checkpoint_timeout",
            "jit",
            "track_counts",
            "lc_collate");

    private static PgCluster shared;

    private final Path dir;
    private final Path bin;
    private final String osUser;
    private final int port;
    private final boolean keep;
    /** {@code pg-options=...}: extra server settings for diagnosis runs (e.g. pg_stat_statements); results list them. */
    private String extraOptions = "";

    private Map<String, Object> settings = Map.of();
    private boolean running;

    private PgCluster(Path dir, Path bin, String osUser, int port, boolean keep) {
        this.dir = dir;
        this.bin = bin;
        this.osUser = osUser;
        this.port = port;
        this.keep = keep;
    }

    /** The invocation's cluster, started on first use. */
    static synchronized PgCluster shared(Env env) {
        if (shared == null) {
            try {
                shared = create(env);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            PgCluster cluster = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::closeQuietly, "pg-cluster-stop"));
        }
        return shared;
    }

    /** The settings of the invocation's cluster as recorded at its start; empty when no scenario used one. */
    static synchronized Map<String, Object> sharedSettings() {
        return shared == null ? Map.of() : shared.settings;
    }

    static synchronized void closeShared() {
        if (shared != null) {
            shared.closeQuietly();
        }
    }

    private static PgCluster create(Env env) throws IOException, InterruptedException {
        Path bin = Path.of(env.get("pg-bin", "/usr/lib/postgresql/15/bin"));
        if (!Files.isExecutable(bin.resolve("initdb"))) {
            throw new IllegalStateException("no PostgreSQL programs in " + bin + " (pg-bin=...)");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        String osUser = root ? env.get("pg-os-user", "postgres") : null;
        Path dir = Files.createTempDirectory("erpbridge-bench-pg-");
        if (osUser != null) {
            run(List.of("chown", osUser, dir.toString()), dir);
        }
        PgCluster cluster = new PgCluster(dir, bin, osUser, Stack.freePort(), env.flag("keep-db"));
        cluster.extraOptions = env.get("pg-options", "");
        long began = System.nanoTime();
        cluster.pg(
                "initdb",
                "-D",
                cluster.data().toString(),
                "-U",
                env.dbUser(),
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8");
        cluster.start();
        cluster.settings = cluster.readSettings();
        System.out.printf(
                "  own PostgreSQL %s on 127.0.0.1:%d (autovacuum %s, shared_buffers %s) in %s, ready in %d ms%n",
                cluster.settings.get("server_version"),
                cluster.port,
                cluster.settings.get("autovacuum"),
                cluster.settings.get("shared_buffers"),
                dir,
                (System.nanoTime() - began) / 1_000_000);
        if (!"on".equals(cluster.settings.get("autovacuum"))) {
            throw new IllegalStateException(
                    "the bench cluster runs with autovacuum " + cluster.settings.get("autovacuum"));
        }
        return cluster;
    }

    private Path data() {
        return dir.resolve("data");
    }

    int port() {
        return port;
    }

    /** JDBC URL of a database of this cluster, over TCP on loopback (as the bridge reaches its database). */
    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Starts the cluster and waits until it accepts connections. Only port, address and socket directory are set. */
    void start() throws IOException, InterruptedException {
        pg(
                "pg_ctl",
                "-D",
                data().toString(),
                "-l",
                dir.resolve("postgres.log").toString(),
                "-w",
                "-t",
                "120",
                "-o",
                "-c port=" + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir + " "
                        + extraOptions,
                "start");
        running = true;
    }

    /** {@code pg_ctl stop -m fast}: open sessions are ended, the cluster shuts down cleanly. */
    void stopFast() throws IOException, InterruptedException {
        running = false;
        pg("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "-t", "120", "stop");
    }

    /** What each result records: version and the settings that shape performance, plus every non-default one. */
    Map<String, Object> settings() {
        return settings;
    }

    private Map<String, Object> readSettings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("cluster", "own (initdb per harness run), 127.0.0.1:" + port + ", data in " + data());
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select name, current_setting(name) from unnest('{"
                    + String.join(",", RECORDED) + "}'::text[]) name")) {
                while (rs.next()) {
                    s.put(rs.getString(1), rs.getString(2));
                }
            }
            Map<String, String> nonDefault = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("select name, current_setting(name), source from pg_settings "
                    + "where source not in ('default', 'override', 'client', 'session') order by name")) {
                while (rs.next()) {
                    nonDefault.put(rs.getString(1), rs.getString(2) + " (" + rs.getString(3) + ")");
                }
            }
            s.put("notDefault", nonDefault);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the settings of the bench cluster", e);
        }
        return s;
    }

    /**
     * CPU time (user + system, ms) of the whole cluster so far: the postmaster and every process it started, and
     * through the postmaster's cutime/cstime the children it has already reaped (backends of closed connections).
     * -1 when the cluster is not running.
     */
    long cpuMillis() {
        long postmaster = postmasterPid();
        if (postmaster < 0) {
            return -1;
        }
        long total = Proc.cpuMillisWithChildren(postmaster);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.isEmpty()
                        && Character.isDigit(name.charAt(0))
                        && Proc.parentPid(Long.parseLong(name)) == postmaster) {
                    long child = Proc.cpuMillisWithChildren(Long.parseLong(name));
                    total += Math.max(0, child);
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    /** The postmaster's pid (first line of postmaster.pid), -1 when it is not running. */
    long postmasterPid() {
        try {
            return Long.parseLong(
                    Files.readAllLines(data().resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Runs a PostgreSQL program (as the postgres OS user when the harness runs as root), failing on a non-zero exit. */
    private void pg(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (osUser != null) {
            command.addAll(List.of("runuser", "-u", osUser, "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        run(command, dir);
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("erpbridge-bench-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 180 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + Files.readString(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private synchronized void closeQuietly() {
        try {
            close();
        } catch (Exception e) {
            System.err.println("  could not stop the bench cluster in " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (keep) {
            if (running) {
                System.out.printf(
                        "  keep-db: the bench cluster keeps running on 127.0.0.1:%d (user postgres), data in %s;"
                                + " stop it with: %spg_ctl -D %s stop%n",
                        port, data(), osUser == null ? "" : "runuser -u " + osUser + " -- " + bin + "/", data());
            }
            running = false;
            return;
        }
        if (!Files.exists(dir)) {
            return;
        }
        if (postmasterPid() > 0) {
            running = false;
            pg("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "-t", "60", "stop");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
