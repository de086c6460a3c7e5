package io.camelarena.score;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * The scoreboard's metrics of one account (or baseline) over a period, from its equity series and its closed trades;
 * the one place they are computed, for the API, the CSV export and the page. Every definition is in
 * docs/scoreboard.md; in short:
 *
 * <ul>
 * <li>returns: r_i = E_i / E_(i-1) - 1 between consecutive points of the series (a point after an equity of 0 or
 * less gives none);</li>
 * <li>periods per year = 365.25 days / the MEDIAN spacing of consecutive points (positive spacings only): robust to
 * the gap between an account's creation and its first tick and to the "now" point;</li>
 * <li>sharpe = mean(r) / sd(r) x √(periods per year), sd with n - 1, risk-free 0; null with fewer than 2 returns or
 * no spread;</li>
 * <li>sortino = mean(r) / downside deviation x √(periods per year), downside deviation = √(Σ min(r_i, 0)² / n) over
 * all n returns; null when no return is negative;</li>
 * <li>max_drawdown_pct = the largest (peak - later trough) / peak x 100 of the series;</li>
 * <li>calmar = annualized return / (max_drawdown_pct / 100), annualized return = (E_last / E_first - 1) x (1 year /
 * (t_last - t_first)) (simple, not compounded); null when there was no drawdown;</li>
 * <li>sharpe_ci95 and p_beats_buy_and_hold: {@link BlockBootstrap}.</li>
 * </ul>
 * Trade metrics are over the closed trades: win_rate = share with net PnL &gt; 0, profit_factor = Σ net gains / |Σ net
 * losses| (null when no trade lost: infinite or undefined), expectancy = mean net PnL, avg_hold_minutes = mean time
 * from open to close.
 */
public final class ScoreMetrics {

    static final double SECONDS_PER_YEAR = 365.25 * 24 * 3600;

    private final int resamples;
    private final long seed;

    /** @param resamples bootstrap resamples (arena.score.bootstrap-resamples); seed: arena.score.bootstrap-seed */
    public ScoreMetrics(int resamples, long seed) {
        if (resamples < 100) {
            throw new IllegalArgumentException("arena.score.bootstrap-resamples must be at least 100, was "
                    + resamples);
        }
        this.resamples = resamples;
        this.seed = seed;
    }

    /**
     * @param series        the equity over the period, oldest first
     * @param trades        the trades closed in the period
     * @param activity      realized PnL, fees and ledger totals of the period
     * @param unrealizedNow the open positions' unrealized PnL now, when the period runs to now; otherwise null and
     *                      unrealized_pnl is the part of the period's equity change that was not realized
     * @param benchmark     the BTC buy-and-hold equity at each of the series' times (cents), or null
     */
    public Map<String, Object> score(EquitySeries series, List<ClosedTrade> trades, Activity activity,
            BigDecimal unrealizedNow, long[] benchmark) {
        Map<String, Object> f = new LinkedHashMap<>();
        int n = series.size();
        BigDecimal first = n == 0 ? null : series.equity(0);
        BigDecimal last = n == 0 ? null : series.equity(n - 1);
        f.put("start_equity", first);
        f.put("end_equity", last);
        f.put("return_pct", n == 0 || first.signum() <= 0 ? null
                : last.subtract(first).multiply(BigDecimal.valueOf(100)).divide(first, 2, RoundingMode.HALF_EVEN));
        f.put("realized_pnl", money(activity.realizedPnl()));
        BigDecimal unrealized = unrealizedNow != null ? unrealizedNow : n == 0 ? BigDecimal.ZERO
                : last.subtract(first).subtract(activity.realizedPnl()).add(activity.fees()).add(activity.funding())
                        .add(activity.penalties()).add(activity.waived());
        f.put("unrealized_pnl", money(unrealized));
        f.put("fees", money(activity.fees()));
        f.put("orders", activity.orders());
        f.put("funding", money(activity.funding()));
        f.put("liquidations", activity.liquidations());
        f.put("liquidation_penalties", money(activity.penalties()));
        f.put("stops", activity.stops());
        f.put("take_profits", activity.takeProfits());
        trades(f, trades);

        BigDecimal drawdown = maxDrawdownPct(series);
        f.put("max_drawdown_pct", drawdown);
        Returns r = returns(series, benchmark);
        Double periodsPerYear = periodsPerYear(series);
        double annualization = periodsPerYear == null ? Double.NaN : Math.sqrt(periodsPerYear);
        Double sharpe = null;
        Double sortino = null;
        if (r.account.length >= 2 && periodsPerYear != null) {
            double mean = new Mean().evaluate(r.account);
            double sd = new StandardDeviation().evaluate(r.account);
            sharpe = sd > 1e-12 ? mean / sd * annualization : null;
            double downside = 0;
            for (double v : r.account) {
                downside += v < 0 ? v * v : 0;
            }
            downside = Math.sqrt(downside / r.account.length);
            sortino = downside > 1e-12 ? mean / downside * annualization : null;
        }
        f.put("sharpe", ratio(sharpe));
        f.put("sortino", ratio(sortino));
        Double calmar = null;
        if (n >= 2 && drawdown.signum() > 0 && series.times()[n - 1] > series.times()[0] && first.signum() > 0) {
            double years = (series.times()[n - 1] - series.times()[0]) / 1000.0 / SECONDS_PER_YEAR;
            double annualReturn = (last.doubleValue() / first.doubleValue() - 1) / years;
            calmar = annualReturn / (drawdown.doubleValue() / 100);
        }
        f.put("calmar", ratio(calmar));
        List<BigDecimal> interval = null;
        Double beats = null;
        if (r.account.length >= 2 && periodsPerYear != null) {
            BlockBootstrap.Result boot = BlockBootstrap.run(r.account, r.benchmark, annualization, resamples, seed);
            if (!Double.isNaN(boot.sharpeLow())) {
                interval = List.of(ratio(boot.sharpeLow()), ratio(boot.sharpeHigh()));
            }
            beats = Double.isNaN(boot.pBeatsBenchmark()) ? null : boot.pBeatsBenchmark();
        }
        f.put("sharpe_ci95", interval);
        f.put("p_beats_buy_and_hold", ratio(beats));
        f.put("periods_per_year", periodsPerYear == null ? null
                : BigDecimal.valueOf(periodsPerYear).setScale(1, RoundingMode.HALF_EVEN));
        f.put("returns", r.account.length);
        return f;
    }

    private static void trades(Map<String, Object> f, List<ClosedTrade> trades) {
        int count = trades.size();
        int wins = 0;
        BigDecimal gains = BigDecimal.ZERO;
        BigDecimal losses = BigDecimal.ZERO;
        long heldMillis = 0;
        for (ClosedTrade t : trades) {
            if (t.netPnl().signum() > 0) {
                wins++;
                gains = gains.add(t.netPnl());
            } else {
                losses = losses.add(t.netPnl().negate());
            }
            heldMillis += Duration.between(t.openedAt(), t.closedAt()).toMillis();
        }
        f.put("trades", count);
        f.put("win_rate", count == 0 ? null
                : BigDecimal.valueOf(wins).divide(BigDecimal.valueOf(count), 4, RoundingMode.HALF_EVEN));
        f.put("profit_factor", losses.signum() == 0 ? null : gains.divide(losses, 4, RoundingMode.HALF_EVEN));
        f.put("expectancy", count == 0 ? null
                : gains.subtract(losses).divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_EVEN));
        f.put("avg_hold_minutes", count == 0 ? null
                : BigDecimal.valueOf(heldMillis).divide(BigDecimal.valueOf(60_000L * count), 1, RoundingMode.HALF_EVEN));
    }

    /** Largest peak-to-trough fall in percent of the peak: to 4 decimals, HALF_EVEN, then to 2. */
    static BigDecimal maxDrawdownPct(EquitySeries series) {
        long[] c = series.cents();
        long peak = 0;
        long worstPeak = 0;
        long worstTrough = 0;
        double worst = 0;
        for (int i = 0; i < c.length; i++) {
            if (i == 0 || c[i] > peak) {
                peak = c[i];
            } else if (peak > 0) {
                double dd = (peak - c[i]) / (double) peak;
                if (dd > worst) {
                    worst = dd;
                    worstPeak = peak;
                    worstTrough = c[i];
                }
            }
        }
        if (worstPeak == 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        return BigDecimal.valueOf(worstPeak - worstTrough).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(worstPeak), 4, RoundingMode.HALF_EVEN).setScale(2, RoundingMode.HALF_EVEN);
    }

    /** 365.25 days / the median positive spacing of consecutive points; null when no two points differ in time. */
    static Double periodsPerYear(EquitySeries series) {
        long[] t = series.times();
        double[] spacings = new double[Math.max(0, t.length - 1)];
        int k = 0;
        for (int i = 1; i < t.length; i++) {
            if (t[i] > t[i - 1]) {
                spacings[k++] = (t[i] - t[i - 1]) / 1000.0;
            }
        }
        if (k == 0) {
            return null;
        }
        double median = new Median().evaluate(spacings, 0, k);
        return SECONDS_PER_YEAR / median;
    }

    record Returns(double[] account, double[] benchmark) {
    }

    /** Per-tick simple returns; intervals that start at an equity of 0 or less are left out (of both). */
    static Returns returns(EquitySeries series, long[] benchmark) {
        long[] c = series.cents();
        List<double[]> pairs = new ArrayList<>();
        for (int i = 1; i < c.length; i++) {
            if (c[i - 1] <= 0 || (benchmark != null && benchmark[i - 1] <= 0)) {
                continue;
            }
            pairs.add(new double[] {c[i] / (double) c[i - 1] - 1,
                    benchmark == null ? 0 : benchmark[i] / (double) benchmark[i - 1] - 1});
        }
        double[] account = new double[pairs.size()];
        double[] bench = benchmark == null ? null : new double[pairs.size()];
        for (int i = 0; i < account.length; i++) {
            account[i] = pairs.get(i)[0];
            if (bench != null) {
                bench[i] = pairs.get(i)[1];
            }
        }
        return new Returns(account, bench);
    }

    private static BigDecimal money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_EVEN);
    }

    /** A ratio to 4 decimals; null when undefined or not finite. */
    private static BigDecimal ratio(Double v) {
        return v == null || v.isNaN() || v.isInfinite() ? null
                : BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_EVEN);
    }
}
