package org.erpbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's CPU time and memory from Linux's /proc (the bridge's own figures, not the harness's). */
final class Proc {
    /** USER_HZ on Linux is 100: one clock tick is 10 ms. */
    private static final long MILLIS_PER_TICK = 10;

    private Proc() {
    }

    /** utime + stime of the process in milliseconds; -1 once it is gone. */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MILLIS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A kB value from /proc/pid/status (VmRSS, VmHWM); -1 once the process is gone. */
    static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
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
        return String.format("%s, %d cores, %d GiB RAM, Linux %s, Java %s", model,
                Runtime.getRuntime().availableProcessors(), Math.round(memKb / 1024.0 / 1024.0),
                System.getProperty("os.version"), System.getProperty("java.version"));
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
