package org.erpbridge.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One read of {@code /q/metrics} on the management port (Prometheus text format), by series: the metric name with its labels exactly as
 * printed, e.g. {@code bridge_payments_total{merchant="acme",outcome="completed"}} (Micrometer sorts labels by name).
 */
public final class PrometheusScrape {
    private final Map<String, Double> series = new LinkedHashMap<>();

    private PrometheusScrape(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
    }

    public static PrometheusScrape now() {
        return new PrometheusScrape(Management.request()
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    public OptionalDouble value(String seriesWithLabels) {
        Double v = series.get(seriesWithLabels);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** The series' value, 0 when it is not there yet (a counter not yet created). */
    public double valueOrZero(String seriesWithLabels) {
        return value(seriesWithLabels).orElse(0);
    }

    /** How much the series grew since {@code before}. */
    public double increaseSince(PrometheusScrape before, String seriesWithLabels) {
        return valueOrZero(seriesWithLabels) - before.valueOrZero(seriesWithLabels);
    }

    public boolean has(String seriesWithLabels) {
        return series.containsKey(seriesWithLabels);
    }

    @Override
    public String toString() {
        return series.toString();
    }
}
