package io.camelarena.score;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * The stationary block bootstrap (Politis and Romano, 1994) of a series of per-tick returns: each resample is as long
 * as the series and made of blocks that start at a uniformly drawn tick and run on (wrapping round the end) for a
 * geometrically distributed number of ticks with mean {@link #blockLength(int)}, so that the serial dependence of
 * returns within a block is kept.
 *
 * <p>Every resample draws its blocks once and applies the same indices to the account's returns and to the
 * benchmark's, so their comparison is paired. Block sums come from prefix sums over the doubled series, so a resample
 * costs one step per block, not per tick (10,000 ticks, mean block 22: about 460 steps).
 */
final class BlockBootstrap {

    /** What the resamples say. {@code sharpeLow/High} are NaN when fewer than two resamples had a spread. */
    record Result(double sharpeLow, double sharpeHigh, double pBeatsBenchmark, int resamplesWithSpread) {
    }

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

    /**
     * @param returns          per-tick simple returns of the account (at least 2)
     * @param benchmarkReturns the benchmark's returns over the same intervals, or null
     * @param annualization    √(periods per year)
     */
    static Result run(double[] returns, double[] benchmarkReturns, double annualization, int resamples, long seed) {
        int n = returns.length;
        double[] sum = prefix(returns, false);
        double[] squares = prefix(returns, true);
        double[] growth = logGrowthPrefix(returns);
        double[] benchmarkGrowth = benchmarkReturns == null ? null : logGrowthPrefix(benchmarkReturns);
        RandomGenerator random = new Well19937c(seed);
        double p = 1.0 / blockLength(n);
        double[] sharpes = new double[resamples];
        int withSpread = 0;
        int beats = 0;
        for (int b = 0; b < resamples; b++) {
            double s1 = 0;
            double s2 = 0;
            double g = 0;
            double bg = 0;
            int filled = 0;
            while (filled < n) {
                int start = random.nextInt(n);
                int length = Math.min(n - filled, geometric(random, p, n));
                s1 += sum[start + length] - sum[start];
                s2 += squares[start + length] - squares[start];
                g += growth[start + length] - growth[start];
                if (benchmarkGrowth != null) {
                    bg += benchmarkGrowth[start + length] - benchmarkGrowth[start];
                }
                filled += length;
            }
            double mean = s1 / n;
            double variance = (s2 - s1 * s1 / n) / (n - 1);
            if (variance > 1e-24) {
                sharpes[withSpread++] = mean / Math.sqrt(variance) * annualization;
            }
            if (benchmarkGrowth != null && g > bg) {
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
        return new Result(low, high, benchmarkGrowth == null ? Double.NaN : beats / (double) resamples, withSpread);
    }

    /** A block length drawn from the geometric distribution on 1, 2, ... with success probability {@code p}. */
    private static int geometric(RandomGenerator random, double p, int cap) {
        if (p >= 1) {
            return 1;
        }
        double u = 1.0 - random.nextDouble(); // (0, 1]
        double length = 1 + Math.floor(Math.log(u) / Math.log(1 - p));
        return length >= cap ? cap : (int) length;
    }

    /** Prefix sums over the series twice over (index k holds the sum of the first k values of the doubled series). */
    private static double[] prefix(double[] values, boolean squared) {
        int n = values.length;
        double[] prefix = new double[2 * n + 1];
        for (int k = 0; k < 2 * n; k++) {
            double v = values[k % n];
            prefix[k + 1] = prefix[k] + (squared ? v * v : v);
        }
        return prefix;
    }

    /** Prefix sums of log(1 + r): a block's compounded growth is the exponential of its sum. */
    private static double[] logGrowthPrefix(double[] returns) {
        double[] logs = new double[returns.length];
        for (int i = 0; i < logs.length; i++) {
            // an equity wiped out (-100%) would make the sums -Infinity and their differences NaN
            logs[i] = Math.log1p(Math.max(returns[i], -0.999999999));
        }
        return prefix(logs, false);
    }
}
