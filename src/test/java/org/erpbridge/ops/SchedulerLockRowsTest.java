package org.erpbridge.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.erpbridge.testing.PostgresServer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicas starting together on a fresh database must not race to create Quartz's lock rows (on PostgreSQL the
 * loser's start-up fails on {@code qrtz_locks_pkey}): the migrations create them before any scheduler runs, and a
 * database whose scheduler created them already keeps exactly its two.
 */
class SchedulerLockRowsTest {
    private static final String LOCKS = "select sched_name, lock_name from qrtz_locks order by lock_name";

    @Test
    void theMigrationsCreateQuartzsLockRowsBeforeAnySchedulerRuns() throws Exception {
        String jdbcUrl = PostgresServer.createDatabase("bridge_lock_rows");
        try {
            migrate(jdbcUrl, 1, Integer.MAX_VALUE);
            assertThat(locks(jdbcUrl))
                    .containsExactly("QuarkusQuartzScheduler/STATE_ACCESS", "QuarkusQuartzScheduler/TRIGGER_ACCESS");
        } finally {
            PostgresServer.dropDatabase(jdbcUrl);
        }
    }

    @Test
    void aDatabaseWhoseSchedulerCreatedThemAlreadyKeepsThem() throws Exception {
        String jdbcUrl = PostgresServer.createDatabase("bridge_lock_rows");
        try {
            migrate(jdbcUrl, 1, 12);
            try (var c = PostgresServer.connect(jdbcUrl);
                    var s = c.createStatement()) {
                // what Quartz inserts on first use, as an installation of an earlier version has it
                s.execute("insert into qrtz_locks values ('QuarkusQuartzScheduler', 'STATE_ACCESS')");
                s.execute("insert into qrtz_locks values ('QuarkusQuartzScheduler', 'TRIGGER_ACCESS')");
            }
            migrate(jdbcUrl, 13, Integer.MAX_VALUE);
            assertThat(locks(jdbcUrl)).hasSize(2);
        } finally {
            PostgresServer.dropDatabase(jdbcUrl);
        }
    }

    /** The migration scripts with versions from {@code from} to {@code to}, in order, as plain SQL. */
    private static void migrate(String jdbcUrl, int from, int to) throws Exception {
        Path folder =
                Path.of(SchedulerLockRowsTest.class.getResource("/db/migration").toURI());
        List<Path> scripts;
        try (Stream<Path> files = Files.list(folder)) {
            scripts = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(SchedulerLockRowsTest::version))
                    .toList();
        }
        try (var c = PostgresServer.connect(jdbcUrl);
                var s = c.createStatement()) {
            for (Path script : scripts) {
                if (version(script) >= from && version(script) <= to) {
                    s.execute(Files.readString(script));
                }
            }
        }
    }

    private static int version(Path script) {
        String name = script.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    private static List<String> locks(String jdbcUrl) throws Exception {
        List<Map<String, Object>> rows = PostgresServer.query(jdbcUrl, LOCKS);
        return rows.stream()
                .map(r -> r.get("sched_name") + "/" + r.get("lock_name"))
                .toList();
    }
}
