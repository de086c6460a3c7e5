package io.camelarena.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreMetricsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    private final ScoreMetrics metrics = new ScoreMetrics(1000, 15);

    /**
     * Ten hourly points. Computed independently (Python, plain floats):
     * <pre>
     * E = [10000,10200,10100,10400,10300,10600,10500,10800,11000,10700]
     * r = [E[i]/E[i-1]-1 for i in 1..9]; mean = 0.0077547928, sd (n-1) = 0.0217083144
     * periods/year = 365.25*24 = 8766; sharpe = mean/sd*sqrt(8766) = 33.4460
     * downside = sqrt(sum(min(r,0)^2)/9) = 0.0106529797; sortino = mean/downside*sqrt(8766) = 68.1553
     * max drawdown = (11000-10700)/11000 = 2.7273% -> 2.73
     * annualized return = 0.07 * 8766/9 = 68.18; calmar = 68.18/0.0273 = 2497.4359
     * </pre>
     */
    @Test
    void aTenPointSeriesHasTheHandComputedRatios() {
        Map<String, Object> f = score(series(10000, 10200, 10100, 10400, 10300, 10600, 10500, 10800, 11000, 10700));
        assertThat((BigDecimal) f.get("return_pct")).isEqualByComparingTo("7.00");
        assertThat((BigDecimal) f.get("max_drawdown_pct")).isEqualByComparingTo("2.73");
        assertThat((BigDecimal) f.get("sharpe")).isEqualByComparingTo("33.4460");
        assertThat((BigDecimal) f.get("sortino")).isEqualByComparingTo("68.1553");
        assertThat((BigDecimal) f.get("calmar")).isEqualByComparingTo("2497.4359");
        assertThat((BigDecimal) f.get("periods_per_year")).isEqualByComparingTo("8766.0");
        assertThat(f.get("returns")).isEqualTo(9);
        @SuppressWarnings("unchecked")
        List<BigDecimal> ci = (List<BigDecimal>) f.get("sharpe_ci95");
        assertThat(ci).hasSize(2);
        assertThat(ci.get(0)).isLessThan(ci.get(1));
        assertThat(ci.get(0)).isLessThan((BigDecimal) f.get("sharpe"));
        assertThat(ci.get(1)).isGreaterThan((BigDecimal) f.get("sharpe"));
    }

    @Test
    void theSpacingIsTheMedianSoOneLongGapDoesNotChangeTheAnnualization() {
        EquitySeries hourly = series(10000, 10100, 10000, 10200, 10100);
        long[] times = hourly.times().clone();
        for (int i = 1; i < times.length; i++) {
            times[i] += 86_400_000L; // a day between creation and the first tick
        }
        EquitySeries gap = new EquitySeries(times, hourly.cents());
        assertThat(score(gap).get("periods_per_year")).isEqualTo(score(hourly).get("periods_per_year"));
        assertThat(score(gap).get("sharpe")).isEqualTo(score(hourly).get("sharpe"));
    }

    @Test
    void aFlatSeriesHasNoRatiosAndNoDrawdown() {
        Map<String, Object> f = score(series(10000, 10000, 10000, 10000));
        assertThat((BigDecimal) f.get("return_pct")).isEqualByComparingTo("0");
        assertThat((BigDecimal) f.get("max_drawdown_pct")).isEqualByComparingTo("0");
        assertThat(f.get("sharpe")).isNull();
        assertThat(f.get("sortino")).isNull();
        assertThat(f.get("calmar")).isNull();
        assertThat(f.get("sharpe_ci95")).isNull();
    }

    @Test
    void onePointOrNoneHasAReturnOfZeroOrNoneAndNoRatios() {
        Map<String, Object> one = score(series(10000));
        assertThat((BigDecimal) one.get("return_pct")).isEqualByComparingTo("0");
        assertThat(one.get("sharpe")).isNull();
        assertThat(one.get("periods_per_year")).isNull();
        assertThat(one.get("returns")).isEqualTo(0);
        Map<String, Object> none = score(EquitySeries.EMPTY);
        assertThat(none.get("return_pct")).isNull();
        assertThat((BigDecimal) none.get("max_drawdown_pct")).isEqualByComparingTo("0");
    }

    @Test
    void aSeriesThatNeverFallsHasNoSortinoAndNoCalmar() {
        Map<String, Object> f = score(series(10000, 10100, 10300, 10400));
        assertThat(f.get("sharpe")).isNotNull();
        assertThat(f.get("sortino")).as("no negative return: downside deviation 0").isNull();
        assertThat(f.get("calmar")).as("no drawdown").isNull();
    }

    @Test
    void tradeMetricsAreOverClosedTradesNetOfFees() {
        List<ClosedTrade> trades = List.of(trade(0, 30, "120.00"), trade(60, 150, "-40.00"), trade(200, 230, "20.00"));
        Map<String, Object> f = metrics.score(series(10000, 10100), trades, Activity.NONE, null, null);
        assertThat(f.get("trades")).isEqualTo(3);
        assertThat((BigDecimal) f.get("win_rate")).isEqualByComparingTo("0.6667");
        // (120 + 20) / 40
        assertThat((BigDecimal) f.get("profit_factor")).isEqualByComparingTo("3.5000");
        // (120 - 40 + 20) / 3
        assertThat((BigDecimal) f.get("expectancy")).isEqualByComparingTo("33.33");
        // (30 + 90 + 30) / 3
        assertThat((BigDecimal) f.get("avg_hold_minutes")).isEqualByComparingTo("50.0");
    }

    @Test
    void noLosingTradeLeavesTheProfitFactorUndefinedAndNoTradesLeavesEveryTradeMetricUndefined() {
        Map<String, Object> wins = metrics.score(series(10000, 10100), List.of(trade(0, 10, "5")), Activity.NONE,
                null, null);
        assertThat(wins.get("profit_factor")).isNull();
        assertThat((BigDecimal) wins.get("win_rate")).isEqualByComparingTo("1");
        Map<String, Object> none = score(series(10000, 10100));
        assertThat(none.get("trades")).isEqualTo(0);
        assertThat(none.get("win_rate")).isNull();
        assertThat(none.get("expectancy")).isNull();
        assertThat(none.get("avg_hold_minutes")).isNull();
    }

    @Test
    void unrealizedPnlIsTheUnrealizedPartOfTheEquityChangeWhenThePeriodEndsBeforeNow() {
        // equity 10000 -> 10300; realized 200, fees 14, funding paid 6: unrealized = 300 - 200 + 14 + 6 = 120
        Activity activity = new Activity(new BigDecimal("200"), new BigDecimal("14"), 2, new BigDecimal("6"),
                BigDecimal.ZERO, 0, 0, 0, BigDecimal.ZERO);
        Map<String, Object> past = metrics.score(series(10000, 10300), List.of(), activity, null, null);
        assertThat((BigDecimal) past.get("unrealized_pnl")).isEqualByComparingTo("120.00");
        Map<String, Object> now = metrics.score(series(10000, 10300), List.of(), activity, new BigDecimal("99.5"),
                null);
        assertThat((BigDecimal) now.get("unrealized_pnl")).isEqualByComparingTo("99.50");
        assertThat((BigDecimal) now.get("funding")).isEqualByComparingTo("6.00");
        assertThat(now.get("orders")).isEqualTo(2L);
    }

    @Test
    void unrealizedPnlOfAPastPeriodCountsPenaltiesChargedAndLossesWaived() {
        // equity 10000 -> 9600; realized -500 (a liquidation -450, a stop -50), fees 10, funding paid 5, the
        // liquidation's penalty 40, 25 of the stop's loss waived (penalty -25):
        // unrealized = -400 - (-500) + 10 + 5 + 40 + (-25) = 130
        Activity activity = new Activity(new BigDecimal("-500"), new BigDecimal("10"), 3, new BigDecimal("5"),
                new BigDecimal("40"), 1, 1, 0, new BigDecimal("-25"));
        Map<String, Object> past = metrics.score(series(10000, 9600), List.of(), activity, null, null);
        assertThat((BigDecimal) past.get("unrealized_pnl")).isEqualByComparingTo("130.00");
        assertThat((BigDecimal) past.get("liquidation_penalties")).isEqualByComparingTo("40.00");
    }

    @Test
    void theBootstrapIsRepeatableWithItsFixedSeed() {
        EquitySeries s = series(10000, 10200, 10100, 10400, 10300, 10600, 10500, 10800, 11000, 10700);
        assertThat(score(s).get("sharpe_ci95")).isEqualTo(score(s).get("sharpe_ci95"));
        assertThat(new ScoreMetrics(1000, 16).score(s, List.of(), Activity.NONE, null, null).get("sharpe_ci95"))
                .as("another seed, another interval").isNotEqualTo(score(s).get("sharpe_ci95"));
    }

    @Test
    void theChanceOfBeatingBuyAndHoldComparesTheSameResampledTicks() {
        EquitySeries account = series(10000, 10200, 10100, 10400, 10300, 10600, 10500, 10800, 11000, 10700);
        // the benchmark itself never beats itself; a benchmark 1% behind at every tick is always beaten
        assertThat((BigDecimal) metrics.score(account, List.of(), Activity.NONE, null, account.cents())
                .get("p_beats_buy_and_hold")).isEqualByComparingTo("0");
        long[] behind = new long[account.size()];
        behind[0] = account.cents()[0];
        for (int i = 1; i < behind.length; i++) {
            double r = account.cents()[i] / (double) account.cents()[i - 1] - 1 - 0.01;
            behind[i] = Math.round(behind[i - 1] * (1 + r));
        }
        assertThat((BigDecimal) metrics.score(account, List.of(), Activity.NONE, null, behind)
                .get("p_beats_buy_and_hold")).isEqualByComparingTo("1");
        assertThat(score(account).get("p_beats_buy_and_hold")).as("no benchmark").isNull();
    }

    @Test
    void theBlockLengthIsTheCubeRootOfTheReturns() {
        assertThat(BlockBootstrap.blockLength(1)).isEqualTo(1);
        assertThat(BlockBootstrap.blockLength(9)).isEqualTo(2);
        assertThat(BlockBootstrap.blockLength(1000)).isEqualTo(10);
        assertThat(BlockBootstrap.blockLength(10_000)).isEqualTo(22);
    }

    @Test
    void fewerThanAHundredResamplesIsRefused() {
        assertThatThrownBy(() -> new ScoreMetrics(99, 1)).hasMessageContaining("arena.score.bootstrap-resamples");
    }

    private Map<String, Object> score(EquitySeries s) {
        return metrics.score(s, List.of(), Activity.NONE, null, null);
    }

    /** Hourly points from T0. */
    static EquitySeries series(long... equity) {
        List<Instant> times = new ArrayList<>();
        List<BigDecimal> values = new ArrayList<>();
        for (int i = 0; i < equity.length; i++) {
            times.add(T0.plusSeconds(3600L * i));
            values.add(BigDecimal.valueOf(equity[i]));
        }
        return EquitySeries.of(times, values);
    }

    private static ClosedTrade trade(long openMinute, long closeMinute, String net) {
        return new ClosedTrade(T0.plusSeconds(60 * openMinute), T0.plusSeconds(60 * closeMinute), new BigDecimal(net));
    }
}
