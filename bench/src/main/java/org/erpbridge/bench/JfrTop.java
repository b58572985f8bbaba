package org.erpbridge.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hot spots of a JFR recording: execution samples counted by their top frame, by the first frame of the bridge's
 * own code ({@code org.erpbridge}) on the stack, and by top package; plus allocation totals by class.
 */
final class JfrTop {
    private JfrTop() {}

    static void print(Path file, int top) throws IOException {
        Map<String, Integer> byTop = new HashMap<>();
        Map<String, Integer> byBridge = new HashMap<>();
        Map<String, Integer> byPackage = new HashMap<>();
        Map<String, Long> allocations = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Long> waits = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample") && e.getStackTrace() != null) {
                samples++;
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                String topFrame = name(frames.get(0));
                byTop.merge(topFrame, 1, Integer::sum);
                byPackage.merge(pkg(frames.get(0)), 1, Integer::sum);
                frames.stream()
                        .filter(f -> f.getMethod().getType().getName().startsWith("org.erpbridge"))
                        .findFirst()
                        .ifPresent(f -> byBridge.merge(name(f), 1, Integer::sum));
                String thread = e.getThread("sampledThread") == null
                        ? "?"
                        : e.getThread("sampledThread").getJavaName();
                threads.merge(thread == null ? "?" : thread.replaceAll("[-#]?\\d+$", ""), 1, Integer::sum);
            } else if (type.equals("jdk.SocketRead")
                    || type.equals("jdk.ThreadPark")
                    || type.equals("jdk.JavaMonitorEnter")) {
                String where = e.getStackTrace() == null
                        ? "?"
                        : e.getStackTrace().getFrames().stream()
                                .filter(f -> f.getMethod().getType().getName().startsWith("org.erpbridge"))
                                .findFirst()
                                .map(JfrTop::name)
                                .orElse("(no bridge frame)");
                String port = type.equals("jdk.SocketRead") ? " port " + e.getInt("port") : "";
                waits.merge(
                        type.substring(4) + port + "  " + where, e.getDuration().toMillis(), Long::sum);
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                allocations.merge(e.getClass("objectClass").getName(), e.getLong("weight"), Long::sum);
            }
        }
        System.out.printf("%d execution samples in %s%n", samples, file);
        print("top frames", byTop, top, samples);
        print("top packages", byPackage, top, samples);
        print("first bridge frame on the stack", byBridge, top, samples);
        print("threads", threads, top, samples);
        System.out.println(
                "\n== waiting (socket reads, parks, monitor enters above JFR's threshold), total ms by bridge frame");
        waits.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(en -> System.out.printf("  %10d  %s%n", en.getValue(), en.getKey()));
        System.out.println("\n== allocations by class (sampled weight, MB)");
        allocations.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(en -> System.out.printf("  %10.1f  %s%n", en.getValue() / 1e6, en.getKey()));
    }

    private static void print(String title, Map<String, Integer> counts, int top, int samples) {
        System.out.println("\n== " + title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(en -> System.out.printf(
                        "  %6d  %5.1f%%  %s%n", en.getValue(), 100.0 * en.getValue() / samples, en.getKey()));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static String pkg(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        String[] parts = type.split("\\.");
        return String.join(".", java.util.Arrays.copyOf(parts, Math.min(3, parts.length - 1)));
    }
}
