package org.erpbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Reads a process's CPU time and memory from Linux's /proc (the bridge's own figures, not the harness's). */
final class Proc {
    /** USER_HZ on Linux is 100: one clock tick is 10 ms. */
    private static final long MILLIS_PER_TICK = 10;

    private Proc() {}

    /** utime + stime of the process in milliseconds; -1 once it is gone. */
    static long cpuMillis(long pid) {
        long[] f = statFields(pid);
        return f == null ? -1 : (f[STAT_UTIME] + f[STAT_STIME]) * MILLIS_PER_TICK;
    }

    /** utime + stime + cutime + cstime (its reaped children included) in milliseconds; -1 once it is gone. */
    static long cpuMillisWithChildren(long pid) {
        long[] f = statFields(pid);
        return f == null ? -1 : (f[STAT_UTIME] + f[STAT_STIME] + f[STAT_CUTIME] + f[STAT_CSTIME]) * MILLIS_PER_TICK;
    }

    /** The parent's pid; -1 once the process is gone. */
    static long parentPid(long pid) {
        long[] f = statFields(pid);
        return f == null ? -1 : f[STAT_PPID];
    }

    // indexes into the fields after the command name: field 4 of proc(5) (ppid) is index 1, utime (14) index 11
    private static final int STAT_PPID = 1;
    private static final int STAT_UTIME = 11;
    private static final int STAT_STIME = 12;
    private static final int STAT_CUTIME = 13;
    private static final int STAT_CSTIME = 14;

    /** The numeric fields 4 to 18 of /proc/pid/stat (ppid .. cstime) at indexes 1 to 15; null once it is gone. */
    private static long[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long[] values = new long[STAT_CSTIME + 1];
            for (int i = 1; i <= STAT_CSTIME; i++) {
                values[i] = Long.parseLong(f[i]);
            }
            return values;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * CPU milliseconds of each live thread of the process by thread id, with the thread's name (the JVM gives the
     * kernel the first 15 characters of a Java thread's name); empty once the process is gone.
     */
    static Map<Long, ThreadCpu> threadCpu(long pid) {
        Map<Long, ThreadCpu> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long millis = (Long.parseLong(f[STAT_UTIME]) + Long.parseLong(f[STAT_STIME])) * MILLIS_PER_TICK;
                    threads.put(Long.parseLong(task.getFileName().toString()), new ThreadCpu(name, millis));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        return threads;
    }

    /** One thread's name and CPU time so far. */
    record ThreadCpu(String name, long millis) {
        /** The pool a thread belongs to: its name without numbers ("checkout-worker-12" -> "checkout-worker-"). */
        String group() {
            return name.replaceAll("[0-9]+", "#");
        }
    }

    /** A kB value from /proc/pid/status (VmRSS, VmHWM); -1 once the process is gone. */
    static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(
                            line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The machine for the results: CPU model, cores, memory, kernel. */
    static String machine() {
        String model = "unknown CPU";
        long memKb = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // keep the defaults
        }
        return String.format(
                "%s, %d cores, %d GiB RAM, Linux %s, Java %s",
                model,
                Runtime.getRuntime().availableProcessors(),
                Math.round(memKb / 1024.0 / 1024.0),
                System.getProperty("os.version"),
                System.getProperty("java.version"));
    }

    /** The 1-minute load average when the run started (other work on the machine skews the figures). */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
