package org.erpbridge.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The geometry of the payments-per-hour bar chart, drawn as inline SVG by the template (no script, no library). */
final class HourlyChart {
    static final int WIDTH = 744;
    static final int HEIGHT = 220;
    static final int LEFT = 36;
    static final int TOP = 12;
    static final int PLOT_HEIGHT = 170;
    static final int SLOT = 29;
    static final int BAR = 21;

    @RegisterForReflection
    record Chart(
            int width,
            int height,
            int baseline,
            int plotRight,
            int maxCount,
            int total,
            List<Bar> bars,
            List<Tick> ticks) {}

    /** One hour of the day; {@code title} is the tooltip. */
    @RegisterForReflection
    record Bar(
            int hour,
            int count,
            long totalMinor,
            int x,
            int y,
            int width,
            int height,
            int labelX,
            int labelY,
            String title) {}

    @RegisterForReflection
    record Tick(int y, int value) {}

    private HourlyChart() {}

    /** {@code counts[h]} payments with {@code totals[h]} minor units in hour {@code h} (0-23) of the merchant's day. */
    static Chart of(int[] counts, long[] totals, LongFunction<String> money) {
        int max = 0;
        int sum = 0;
        for (int c : counts) {
            max = Math.max(max, c);
            sum += c;
        }
        int scaleMax = Math.max(max, 1);
        int baseline = TOP + PLOT_HEIGHT;
        List<Bar> bars = new ArrayList<>(24);
        for (int h = 0; h < 24; h++) {
            int height =
                    counts[h] == 0 ? 0 : Math.max(2, (int) Math.round((double) counts[h] * PLOT_HEIGHT / scaleMax));
            int x = LEFT + h * SLOT + (SLOT - BAR) / 2;
            bars.add(new Bar(
                    h,
                    counts[h],
                    totals[h],
                    x,
                    baseline - height,
                    BAR,
                    height,
                    x + BAR / 2,
                    baseline + 16,
                    String.format(
                            "%02d:00-%02d:59: %d payment%s, %s",
                            h, h, counts[h], counts[h] == 1 ? "" : "s", money.apply(totals[h]))));
        }
        List<Tick> ticks = new ArrayList<>();
        int step = Math.max(1, (int) Math.ceil(scaleMax / 4.0));
        for (int v = 0; v <= scaleMax; v += step) {
            ticks.add(new Tick(baseline - (int) Math.round((double) v * PLOT_HEIGHT / scaleMax), v));
        }
        return new Chart(WIDTH, HEIGHT, baseline, LEFT + 24 * SLOT, max, sum, List.copyOf(bars), List.copyOf(ticks));
    }
}
