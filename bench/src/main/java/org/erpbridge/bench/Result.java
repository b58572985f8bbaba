package org.erpbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One scenario's measured figures with their targets, written as {@code bench/results/<date>-<scenario>.json};
 * {@link #writeLatestTable} turns the newest file of every scenario into {@code bench/results/latest.md}.
 */
final class Result {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String scenario;
    private final String title;
    private final ObjectNode root = JSON.createObjectNode();
    private final ArrayNode figures;
    private final ObjectNode details;

    Result(String scenario, String title, Env env, Map<String, ?> config) {
        this.scenario = scenario;
        this.title = title;
        root.put("scenario", scenario);
        root.put("title", title);
        root.put("date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        root.put("commit", commit(env));
        root.put("machine", Proc.machine());
        root.put("loadAverageAtStart", Proc.loadAverage());
        ObjectNode cfg = JSON.valueToTree(config);
        cfg.put("application", env.get("jar", "target/quarkus-app/quarkus-run.jar"));
        cfg.set("paymentCards", JSON.valueToTree(Orders.cards().describe()));
        if (!env.bridgeSettings().isEmpty()) {
            cfg.set("bridgeSettings", JSON.valueToTree(env.bridgeSettings())); // what the run changed from the defaults
        }
        if (env.args().containsKey("note")) {
            cfg.put("note", env.get("note", ""));
        }
        root.set("config", cfg);
        figures = root.putArray("figures");
        details = root.putObject("details");
    }

    /** A figure with a target; {@code met} is null for figures reported without a target. */
    Result figure(String name, double value, String unit, String target, Boolean met) {
        ObjectNode f = figures.addObject();
        f.put("name", name);
        f.put("value", Math.round(value * 100) / 100.0);
        f.put("unit", unit);
        f.put("target", target == null ? "" : target);
        if (met == null) {
            f.putNull("met");
        } else {
            f.put("met", met);
        }
        System.out.printf(
                "  %-48s %12.2f %-8s %-18s %s%n",
                name, value, unit, target == null ? "" : target, met == null ? "" : met ? "met" : "NOT MET");
        return this;
    }

    Result figure(String name, double value, String unit) {
        return figure(name, value, unit, null, null);
    }

    Result detail(String key, Object value) {
        details.set(key, JSON.valueToTree(value));
        return this;
    }

    boolean allMet() {
        for (JsonNode f : figures) {
            if (f.path("met").isBoolean() && !f.path("met").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    Path write(Env env) throws IOException {
        Path dir = env.results();
        Files.createDirectories(dir);
        Path file = dir.resolve(LocalDate.now(ZoneOffset.UTC) + "-" + scenario + ".json");
        root.set("postgres", JSON.valueToTree(PgCluster.sharedSettings()));
        JSON.writeValue(file.toFile(), root);
        writeLatestTable(dir);
        System.out.println("  -> " + file);
        return file;
    }

    private static String commit(Env env) {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD")
                    .directory(env.root().toFile())
                    .redirectErrorStream(true)
                    .start();
            String head = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            Process d = new ProcessBuilder(
                            "git", "status", "--porcelain", "--untracked-files=no", "--", "src", "pom.xml")
                    .directory(env.root().toFile())
                    .redirectErrorStream(true)
                    .start();
            boolean dirty = !new String(d.getInputStream().readAllBytes()).isBlank();
            d.waitFor();
            return dirty ? head + "+local-changes" : head;
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    /** The order scenarios appear in the table. */
    private static final List<String> ORDER = List.of(
            "ratio-20ms-1t",
            "ratio-20ms-32t",
            "ratio-0ms-32t",
            "open-20ms-200",
            "open-20ms-400",
            "overload-20ms",
            "payments-20ms",
            "hot-card-20ms",
            "payments-0ms",
            "payments-100ms",
            "payments-20ms-before-fix",
            "payments-0ms-before-fix",
            "card-sync-10k",
            "card-sync-100k",
            "startup",
            "r1-duplicate-storm",
            "r2-crash-recovery",
            "r3-fault-matrix",
            "r3-db-down",
            "r5-sustained-load",
            "r10-replicas",
            "r11-graceful-stop");

    static void writeLatestTable(Path dir) throws IOException {
        Map<String, JsonNode> newest = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            JsonNode node = JSON.readTree(file.toFile());
            String scenario = node.path("scenario").asText();
            JsonNode seen = newest.get(scenario);
            if (seen == null
                    || seen.path("date").asText().compareTo(node.path("date").asText()) < 0) {
                newest.put(scenario, node.deepCopy());
                ((ObjectNode) newest.get(scenario))
                        .put("file", file.getFileName().toString());
            }
        }
        List<JsonNode> rows = new ArrayList<>(newest.values());
        rows.sort(Comparator.comparingInt((JsonNode n) -> {
                    int i = ORDER.indexOf(n.path("scenario").asText());
                    return i < 0 ? ORDER.size() : i;
                })
                .thenComparing(n -> n.path("scenario").asText()));
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark and reliability results (latest run of each scenario)\n\n");
        md.append("Generated by `bench/run.sh` / `bench/reliability.sh` from the JSON files in this folder; ")
                .append("every figure measured on the machine named in its section, loopback only.\n\n");
        md.append("| Scenario | Figure | Measured | Target | Met |\n|---|---|---|---|---|\n");
        for (JsonNode n : rows) {
            for (JsonNode f : n.path("figures")) {
                String met = f.path("met").isBoolean() ? (f.path("met").asBoolean() ? "yes" : "**no**") : "";
                md.append("| ")
                        .append(n.path("scenario").asText())
                        .append(" | ")
                        .append(f.path("name").asText())
                        .append(" | ")
                        .append(format(f.path("value").asDouble()))
                        .append(' ')
                        .append(f.path("unit").asText())
                        .append(" | ")
                        .append(f.path("target").asText())
                        .append(" | ")
                        .append(met)
                        .append(" |\n");
            }
        }
        md.append("\n## Runs\n\n| Scenario | What | Date (UTC) | Commit | Load avg at start | PostgreSQL | File |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (JsonNode n : rows) {
            md.append("| ")
                    .append(n.path("scenario").asText())
                    .append(" | ")
                    .append(n.path("title").asText())
                    .append(" | ")
                    .append(
                            n.path("date").asText(),
                            0,
                            Math.min(19, n.path("date").asText().length()))
                    .append(" | ")
                    .append(n.path("commit").asText())
                    .append(" | ")
                    .append(n.path("loadAverageAtStart").asText())
                    .append(" | ")
                    .append(postgres(n.path("postgres")))
                    .append(" | [")
                    .append(n.path("file").asText())
                    .append("](")
                    .append(n.path("file").asText())
                    .append(") |\n");
        }
        List<String> missing = ORDER.stream()
                .filter(s -> !newest.containsKey(s) && !s.endsWith("-before-fix"))
                .toList();
        if (!missing.isEmpty()) {
            md.append("\nNo result yet: ")
                    .append(String.join(", ", missing))
                    .append(" (commands and targets in [../README.md](../README.md)).\n");
        }
        List<String> machines =
                rows.stream().map(n -> n.path("machine").asText()).distinct().toList();
        md.append("\nMachine")
                .append(machines.size() == 1 ? ": " : "s: ")
                .append(String.join("; ", machines))
                .append(".\n");
        Files.writeString(dir.resolve("latest.md"), md.toString());
    }

    /** "15.20, own cluster, autovacuum on, shared_buffers 128MB" (older results: the machine's shared server). */
    private static String postgres(JsonNode pg) {
        if (!pg.has("server_version")) {
            return "shared server (127.0.0.1:5432)";
        }
        return pg.path("server_version").asText() + ", own cluster, autovacuum "
                + pg.path("autovacuum").asText() + ", shared_buffers "
                + pg.path("shared_buffers").asText();
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format("%.2f", v);
    }
}
