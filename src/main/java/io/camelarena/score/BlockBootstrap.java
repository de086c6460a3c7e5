package io.camelarena.score;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * The stationary block bootstrap (Politis and Romano, 1994) of a series of per-tick returns: each resample is as long
 * as the series and made of blocks that start at a uniformly drawn tick and run on (wrapping round the end) for a
 * geometrically distributed number of ticks with mean {@link #blockLength(int)}, so that the serial dependence of
 * returns within a block is kept.
 *
 * <p>Every resample draws its blocks once and applies the same indices to the account's returns and to the
 * benchmark's, so their comparison is paired. The blocks depend only on the number of returns, the number of
 * resamples and the seed: they are drawn once per length into a {@link Plan} that every account of that length
 * shares (accounts that decided at every tick all have the same length). Block sums come from prefix sums over the
 * doubled series, so a resample costs one step per block, not per tick (10,000 ticks, mean block 22: about 460 steps).
 */
final class BlockBootstrap {

    /** What the resamples say. {@code sharpeLow/High} are NaN when fewer than two resamples had a spread. */
    record Result(double sharpeLow, double sharpeHigh, double pBeatsBenchmark, int resamplesWithSpread) {
    }

    /** The blocks of every resample of a series of {@code n} returns: resample b is blocks first[b] .. first[b+1]-1. */
    record Plan(int n, int[] first, int[] starts, int[] lengths) {
    }

    private static final int PLANS_KEPT = 4;
    private static final Map<String, Plan> PLANS = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Plan> eldest) {
            return size() > PLANS_KEPT;
        }
    };

    private BlockBootstrap() {
    }

    /**
     * Mean block length: the cube root of the number of returns, rounded, at least 1 (the rate n^(1/3) that Politis
     * and White (2004) show is optimal for the stationary bootstrap's variance estimates; their constant needs the
     * autocorrelations, which a few hundred ticks estimate poorly, so it is taken as 1).
     */
    static int blockLength(int n) {
        return Math.max(1, (int) Math.round(Math.cbrt(n)));
    }

    /** The blocks for {@code n} returns: drawn with {@link SplittableRandom} from the seed, kept for reuse. */
    static Plan plan(int n, int resamples, long seed) {
        String key = n + "/" + resamples + "/" + seed;
        synchronized (PLANS) {
            Plan plan = PLANS.get(key);
            if (plan != null) {
                return plan;
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        double p = 1.0 / blockLength(n);
        double logQ = p >= 1 ? 0 : Math.log(1 - p);
        int capacity = resamples * (int) Math.ceil(n * p * 1.2 + 4);
        int[] starts = new int[capacity];
        int[] lengths = new int[capacity];
        int[] first = new int[resamples + 1];
        int k = 0;
        for (int b = 0; b < resamples; b++) {
            first[b] = k;
            int filled = 0;
            while (filled < n) {
                if (k == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, k * 2);
                    lengths = java.util.Arrays.copyOf(lengths, k * 2);
                }
                starts[k] = random.nextInt(n);
                // geometric on 1, 2, ... with success probability p, by inversion
                double drawn = p >= 1 ? 1 : 1 + Math.floor(Math.log(1.0 - random.nextDouble()) / logQ);
                int length = (int) Math.min(n - filled, drawn);
                lengths[k++] = length;
                filled += length;
            }
        }
        first[resamples] = k;
        Plan plan = new Plan(n, first, starts, lengths);
        synchronized (PLANS) {
            PLANS.put(key, plan);
        }
        return plan;
    }

    /**
     * @param returns          per-tick simple returns of the account (at least 2)
     * @param benchmarkReturns the benchmark's returns over the same intervals, or null
     * @param annualization    √(periods per year)
     */
    static Result run(double[] returns, double[] benchmarkReturns, double annualization, int resamples, long seed) {
        int n = returns.length;
        Plan plan = plan(n, resamples, seed);
        // per index k of the doubled series: [sum r, sum r², sum log(1+r) - log(1+benchmark r)] of the first k
        double[] prefix = new double[3 * (2 * n + 1)];
        for (int k = 0; k < 2 * n; k++) {
            double r = returns[k % n];
            double b = benchmarkReturns == null ? 0 : benchmarkReturns[k % n];
            int at = 3 * k;
            prefix[at + 3] = prefix[at] + r;
            prefix[at + 4] = prefix[at + 1] + r * r;
            prefix[at + 5] = prefix[at + 2] + logGrowth(r) - logGrowth(b);
        }
        int[] first = plan.first();
        int[] starts = plan.starts();
        int[] lengths = plan.lengths();
        double[] sharpes = new double[resamples];
        int withSpread = 0;
        int beats = 0;
        for (int b = 0; b < resamples; b++) {
            double s1 = 0;
            double s2 = 0;
            double excessGrowth = 0;
            for (int i = first[b]; i < first[b + 1]; i++) {
                int from = 3 * starts[i];
                int to = from + 3 * lengths[i];
                s1 += prefix[to] - prefix[from];
                s2 += prefix[to + 1] - prefix[from + 1];
                excessGrowth += prefix[to + 2] - prefix[from + 2];
            }
            double mean = s1 / n;
            double variance = (s2 - s1 * s1 / n) / (n - 1);
            if (variance > 1e-24) {
                sharpes[withSpread++] = mean / Math.sqrt(variance) * annualization;
            }
            // the account's compounded growth over the resample exceeds the benchmark's
            if (excessGrowth > 0) {
                beats++;
            }
        }
        double low = Double.NaN;
        double high = Double.NaN;
        if (withSpread >= 2) {
            Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
            percentile.setData(sharpes, 0, withSpread);
            low = percentile.evaluate(2.5);
            high = percentile.evaluate(97.5);
        }
        return new Result(low, high, benchmarkReturns == null ? Double.NaN : beats / (double) resamples, withSpread);
    }

    /** log(1 + r); an equity wiped out (-100%) would make the sums -Infinity and their differences NaN. */
    private static double logGrowth(double r) {
        return Math.log1p(Math.max(r, -0.999999999));
    }
}
