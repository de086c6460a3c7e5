package io.camelarena.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.execution.LedgerMath.Cause;
import io.camelarena.execution.LedgerMath.Funding;
import io.camelarena.execution.LedgerMath.Liquidation;
import io.camelarena.execution.LedgerMath.Trigger;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LedgerMathTest {

    @Nested
    class MaintenanceMarginRate {

        @Test
        void isHalfTheInverseOfTheVenuesMaxLeverage() {
            assertThat(LedgerMath.maintenanceMarginRate(null, 40)).isEqualTo(m("0.0125"));
            assertThat(LedgerMath.maintenanceMarginRate(null, 3)).isEqualTo(m("0.16666667"));
        }

        @Test
        void theConfiguredRateWinsOverTheVenue() {
            assertThat(LedgerMath.maintenanceMarginRate(new BigDecimal("0.004"), 40)).isEqualTo(m("0.004"));
        }

        @Test
        void isFivePercentWhenTheVenueGivesNone() {
            assertThat(LedgerMath.maintenanceMarginRate(null, null)).isEqualTo(m("0.05"));
        }
    }

    @Test
    void leverageIsClampedToTheVenuesMaximumWhenKnown() {
        assertThat(LedgerMath.leverage(20, 10)).isEqualTo(10);
        assertThat(LedgerMath.leverage(5, 10)).isEqualTo(5);
        assertThat(LedgerMath.leverage(20, null)).isEqualTo(20);
    }

    @Test
    void aOneXLongHasNoLiquidationPriceAndAOneXShortOneNearTwiceTheEntry() {
        assertThat(LedgerMath.liquidationPrice(Side.LONG, d("100"), d("1"), d("100"), m("0.05"))).isEmpty();
        // (100 + 100) / 1.05
        assertThat(LedgerMath.liquidationPrice(Side.SHORT, d("100"), d("1"), d("100"), m("0.05")))
                .contains(m("190.47619048"));
    }

    @Test
    void aLiquidationLosesExactlyTheMarginAndPaysNoFee() {
        Position position = position(Side.SHORT, null, null, m("110"));
        Liquidation liquidation = LedgerMath.liquidate(position, m("110"), m("110"));
        // pnl (100 - 110) x 1 = -10; margin 20; penalty 20 - 10 = 10; cash gets 20 - 10 - 10 = 0
        assertThat(liquidation.realizedPnl()).isEqualTo(m("-10"));
        assertThat(liquidation.penalty()).isEqualTo(m("10"));
        assertThat(liquidation.releasedMargin().add(liquidation.realizedPnl()).subtract(liquidation.penalty()))
                .isZero();
    }

    @Nested
    class Triggers {

        // long from 100, liquidation 80, stop 90, take-profit 120
        private final Position longWithExits = position(Side.LONG, m("120"), m("90"), m("80"));
        // short from 100, liquidation 120, stop 110, take-profit 80
        private final Position shortWithExits = position(Side.SHORT, m("80"), m("110"), m("120"));

        @Test
        void aCandleSpanningStopAndTakeProfitCountsAsTheStop() {
            assertThat(LedgerMath.trigger(longWithExits, d("100"), d("125"), d("85")))
                    .contains(new Trigger(Cause.STOP_LOSS, m("90")));
            assertThat(LedgerMath.trigger(shortWithExits, d("100"), d("115"), d("75")))
                    .contains(new Trigger(Cause.STOP_LOSS, m("110")));
        }

        @Test
        void aGapThroughTheStopFillsAtTheOpen() {
            assertThat(LedgerMath.trigger(longWithExits, d("88"), d("89"), d("85")))
                    .contains(new Trigger(Cause.STOP_LOSS, d("88")));
            assertThat(LedgerMath.trigger(shortWithExits, d("113"), d("115"), d("112")))
                    .contains(new Trigger(Cause.STOP_LOSS, d("113")));
        }

        @Test
        void aGapThroughTheLiquidationPriceLiquidatesAtTheLiquidationPrice() {
            assertThat(LedgerMath.trigger(longWithExits, d("70"), d("75"), d("60")))
                    .contains(new Trigger(Cause.LIQUIDATION, m("80")));
            assertThat(LedgerMath.trigger(shortWithExits, d("130"), d("140"), d("125")))
                    .contains(new Trigger(Cause.LIQUIDATION, m("120")));
        }

        @Test
        void aStopBeyondTheLiquidationPriceIsNeverReachedFirst() {
            Position stopTooFar = position(Side.LONG, null, m("70"), m("80"));
            assertThat(LedgerMath.trigger(stopTooFar, d("95"), d("96"), d("65")))
                    .contains(new Trigger(Cause.LIQUIDATION, m("80")));
        }

        @Test
        void liquidationComesBeforeTakeProfit() {
            Position noStop = position(Side.LONG, m("120"), null, m("80"));
            assertThat(LedgerMath.trigger(noStop, d("100"), d("130"), d("79")))
                    .contains(new Trigger(Cause.LIQUIDATION, m("80")));
        }

        @Test
        void takeProfitAtItsPriceOrAtTheOpenOfAGap() {
            assertThat(LedgerMath.trigger(longWithExits, d("110"), d("121"), d("105")))
                    .contains(new Trigger(Cause.TAKE_PROFIT, m("120")));
            assertThat(LedgerMath.trigger(longWithExits, d("125"), d("130"), d("124")))
                    .contains(new Trigger(Cause.TAKE_PROFIT, d("125")));
            assertThat(LedgerMath.trigger(shortWithExits, d("78"), d("79"), d("70")))
                    .contains(new Trigger(Cause.TAKE_PROFIT, d("78")));
        }

        @Test
        void aCandleInsideEveryLevelTriggersNothing() {
            assertThat(LedgerMath.trigger(longWithExits, d("100"), d("119.99"), d("90.01"))).isEqualTo(Optional.empty());
            assertThat(LedgerMath.trigger(shortWithExits, d("100"), d("109.99"), d("80.01"))).isEmpty();
        }
    }

    @Nested
    class Fundings {

        @Test
        void longsPayAPositiveRateAndShortsReceiveIt() {
            // 2 x 100 x 0.0001 x 1.5 h = 0.03
            Funding paid = LedgerMath.funding(position(Side.LONG, null, null, null), d("100"), d("0.0001"),
                    5_400_000L);
            Funding received = LedgerMath.funding(position(Side.SHORT, null, null, null), d("100"), d("0.0001"),
                    5_400_000L);
            assertThat(paid.hours()).isEqualTo(m("1.5"));
            assertThat(paid.amount()).isEqualTo(m("0.03"));
            assertThat(received.amount()).isEqualTo(m("-0.03"));
        }

        @Test
        void aNegativeRateIsPaidByShorts() {
            Funding funding = LedgerMath.funding(position(Side.SHORT, null, null, null), d("100"), d("-0.0001"),
                    3_600_000L);
            assertThat(funding.amount()).isEqualTo(m("0.02"));
        }

        @Test
        void aPaymentNeverExceedsTheMargin() {
            // 2 x 100 x 0.01 x 100 h = 200 > margin 20
            Funding funding = LedgerMath.funding(position(Side.LONG, null, null, null), d("100"), d("0.01"),
                    360_000_000L);
            assertThat(funding.amount()).isEqualTo(m("20"));
        }
    }

    /** 2 units (1 for the trigger cases) at 100, margin 20. */
    private static Position position(Side side, BigDecimal takeProfit, BigDecimal stopLoss, BigDecimal liquidation) {
        BigDecimal quantity = liquidation == null ? m("2") : m("1");
        return new Position("X", side, quantity, m("100"), 5, m("20"), new Position.Ledger(1, takeProfit, stopLoss,
                liquidation, m("0.05"), null, null, null));
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    private static BigDecimal m(String value) {
        return PaperTradingMath.money(new BigDecimal(value));
    }
}
