package io.camelarena.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory histories the scoreboard keeps: trades from orders, the period slice, the baselines. */
class ScoreHistoriesTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    private static final BigDecimal FEE_RATE = new BigDecimal("0.0007");

    @Test
    void aPartialCloseCarriesItsShareOfTheOpenFees() {
        // the worked example of OrderHistory: open 0.2 BTC at 95,000, close 0.1 at 95,500 twice
        OrderHistory orders = new OrderHistory();
        orders.add(1, "BTC", "open", new BigDecimal("0.2"), new BigDecimal("13.30"), BigDecimal.ZERO, T0);
        orders.add(1, "BTC", "close", new BigDecimal("0.1"), new BigDecimal("6.685"), new BigDecimal("50"),
                T0.plusSeconds(600));
        orders.add(1, "BTC", "close", new BigDecimal("0.1"), new BigDecimal("6.685"), new BigDecimal("50"),
                T0.plusSeconds(1200));
        List<ClosedTrade> trades = orders.trades(1, Period.ALL);
        assertThat(trades).extracting(ClosedTrade::netPnl).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("36.665"), new BigDecimal("36.665"));
        assertThat(trades).extracting(ClosedTrade::openedAt).containsOnly(T0);
        Activity activity = orders.activity(1, Period.ALL);
        assertThat(activity.fees()).isEqualByComparingTo("26.67");
        assertThat(activity.realizedPnl()).isEqualByComparingTo("100");
        assertThat(activity.orders()).isEqualTo(3);
        // the period holds the second close only
        Period late = new Period(T0.plusSeconds(900), null);
        assertThat(orders.trades(1, late)).hasSize(1);
        assertThat(orders.activity(1, late).fees()).isEqualByComparingTo("6.685");
    }

    @Test
    void aPeriodStartsWithTheLastEquityBeforeIt() {
        long[] t = {0, 1000, 2000, 3000};
        long[] v = {100, 110, 120, 130};
        EquitySeries s = EquityHistory.slice(t, v, new Period(Instant.ofEpochMilli(1500), Instant.ofEpochMilli(3000)));
        assertThat(s.times()).containsExactly(1500, 2000);
        assertThat(s.cents()).containsExactly(110, 120);
        EquitySeries onAPoint = EquityHistory.slice(t, v, new Period(Instant.ofEpochMilli(1000), null));
        assertThat(onAPoint.times()).containsExactly(1000, 2000, 3000);
        assertThat(EquityHistory.slice(t, v, new Period(null, Instant.ofEpochMilli(0))).size()).isZero();
    }

    @Test
    void aLateRowTakesItsPlaceInTime() {
        TimeSeries s = new TimeSeries();
        s.add(10, 1);
        s.add(30, 3);
        s.add(20, 2);
        s.add(20, 4);
        assertThat(new long[] {s.time(0), s.time(1), s.time(2), s.time(3)}).containsExactly(10, 20, 20, 30);
        assertThat(new long[] {s.value(0), s.value(1), s.value(2), s.value(3)}).containsExactly(1, 2, 4, 3);
    }

    @Test
    void buyAndHoldBtcPaysTheOpenFeeAndFollowsThePrice() {
        // Baselines' worked example: 10,000 cash, BTC 95,000 -> 100,000: 10,518.95
        MarketHistory market = new MarketHistory(List.of("BTC", "ETH"));
        List<MarketHistory.PriceTick> ticks = List.of(
                new MarketHistory.PriceTick(0, market.prices("{\"BTC\":\"95000\",\"ETH\":\"3000\"}")),
                new MarketHistory.PriceTick(1000, market.prices("{\"ETH\":\"3100\"}")),
                new MarketHistory.PriceTick(2000, market.prices("{\"BTC\":100000,\"ETH\":\"3300\"}")));
        Baselines.Baseline btc = Baselines.buyAndHoldBtc(ticks, market.symbols(), new BigDecimal("10000"), FEE_RATE);
        assertThat(btc.series().cents()).containsExactly(1_000_000, 999_300, 1_051_895);
        assertThat(btc.fees()).isEqualByComparingTo("6.99510308");
        // basket: 5,000 each; ETH 3000 -> 3300 (+10%), BTC +5.26%
        Baselines.Baseline basket = Baselines.equalWeightBasket(ticks, market.symbols(), new BigDecimal("10000"),
                FEE_RATE);
        assertThat(basket.symbols()).containsExactly("BTC", "ETH");
        long end = basket.series().cents()[2];
        assertThat(end).isBetween(1_075_500L, 1_076_500L);
    }

    @Test
    void noBtcPriceNoBtcBaseline() {
        MarketHistory market = new MarketHistory(List.of("ETH"));
        List<MarketHistory.PriceTick> ticks = List.of(new MarketHistory.PriceTick(0, market.prices("{\"ETH\":1}")));
        assertThat(Baselines.buyAndHoldBtc(ticks, market.symbols(), BigDecimal.TEN, FEE_RATE)).isNull();
        assertThat(Baselines.equalWeightBasket(List.of(), market.symbols(), BigDecimal.TEN, FEE_RATE)).isNull();
        assertThat(market.prices("not json")).containsOnlyNulls();
    }
}
