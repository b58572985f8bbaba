package org.erpbridge.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Which loyalty card a payment carries. By default one of a pool of 10,000 cards drawn with a Zipf-like
 * distribution (the card of rank k with weight 1 / k^s, s = 1.0: a few regulars pay very often, most customers
 * rarely), so payments for the same card meet as they do at a till; {@code hot-card=true} gives every payment the
 * same card. The draw is a function of the seed and the order id alone: the same order always carries the same card
 * (identical copies stay identical), whichever thread builds it, and a run can be repeated.
 * Options: {@code card-pool=10000}, {@code zipf-s=1.0}, {@code card-seed=1}, {@code hot-card=false}.
 */
final class Cards {
    private static final long FIRST_CARD = 100_000;

    private final int pool;
    private final double s;
    private final long seed;
    private final boolean hot;
    /** cdf[k] = P(rank <= k), ranks 0..pool-1. */
    private final double[] cdf;

    Cards(int pool, double s, long seed, boolean hot) {
        if (pool < 1) {
            throw new IllegalArgumentException("card pool must hold at least one card");
        }
        this.pool = pool;
        this.s = s;
        this.seed = seed;
        this.hot = hot;
        this.cdf = new double[pool];
        double sum = 0;
        for (int k = 0; k < pool; k++) {
            sum += 1 / Math.pow(k + 1, s);
            cdf[k] = sum;
        }
        for (int k = 0; k < pool; k++) {
            cdf[k] /= sum;
        }
    }

    static Cards from(Env env) {
        return new Cards(
                env.integer("card-pool", 10_000),
                Double.parseDouble(env.get("zipf-s", "1.0")),
                env.number("card-seed", 1),
                env.flag("hot-card"));
    }

    boolean hot() {
        return hot;
    }

    /** The card number of the order: 16 digits, prefix 9276, as secucards are. */
    String forOrder(String orderId) {
        return number(hot ? 0 : rank(orderId));
    }

    int rank(String orderId) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ fnv(orderId));
        int k = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(pool - 1, k >= 0 ? k : -k - 1);
    }

    static String number(int rank) {
        return String.format("9276%012d", FIRST_CARD + rank);
    }

    /** How the cards were drawn, for the result's configuration. */
    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        if (hot) {
            d.put("distribution", "one hot card: every payment carries " + number(0));
            return d;
        }
        d.put("distribution", "Zipf-like over a pool of cards, weight 1/rank^s");
        d.put("pool", pool);
        d.put("s", s);
        d.put("seed", seed);
        d.put("shareOfTheMostUsedCard", Math.round(cdf[0] * 10_000) / 10_000.0);
        d.put("shareOfTheTop100Cards", Math.round(cdf[Math.min(pool, 100) - 1] * 10_000) / 10_000.0);
        return d;
    }

    /** 64-bit FNV-1a of the order id: spreads ids that differ in one digit over the whole seed space. */
    private static long fnv(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
