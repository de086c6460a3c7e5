package io.camelarena.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.decision.ErrorCode;
import io.camelarena.execution.PaperTradingMath.CloseFill;
import io.camelarena.execution.PaperTradingMath.OpenFill;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PaperTradingMathTest {

    private static final BigDecimal FEE_RATE = new BigDecimal("0.0007");

    /** An amount at the stored scale of 8, so assertions check scale as well as value. */
    private static BigDecimal m(String value) {
        return new BigDecimal(value).setScale(8);
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    @Nested
    class Open {

        @Test
        void longAt10x() throws Exception {
            // budget 10000 x 0.5 = 5000; qty 5000 / 100000 = 0.05; notional 0.05 x 100000 = 5000
            // margin 5000 / 10 = 500; fee 5000 x 0.0007 = 3.5; cash 10000 - 500 - 3.5 = 9496.5
            OpenFill fill = PaperTradingMath.open(m("10000"), d("0.5"), d("100000"), 10, FEE_RATE);

            assertThat(fill.quantity()).isEqualTo(m("0.05"));
            assertThat(fill.notional()).isEqualTo(m("5000"));
            assertThat(fill.margin()).isEqualTo(m("500"));
            assertThat(fill.fee()).isEqualTo(m("3.5"));
            assertThat(fill.cashAfter()).isEqualTo(m("9496.5"));
            assertThat(fill.position("BTC", Side.LONG))
                    .isEqualTo(new Position("BTC", Side.LONG, m("0.05"), m("100000"), 10, m("500")));
        }

        @Test
        void shortAt1xLocksTheWholeNotional() throws Exception {
            // budget 10000 x 0.3 = 3000; qty 3000 / 2500 = 1.2; notional 3000; margin 3000 / 1 = 3000
            // fee 3000 x 0.0007 = 2.1; cash 10000 - 3000 - 2.1 = 6997.9
            OpenFill fill = PaperTradingMath.open(m("10000"), d("0.3"), d("2500"), 1, FEE_RATE);

            assertThat(fill.quantity()).isEqualTo(m("1.2"));
            assertThat(fill.notional()).isEqualTo(m("3000"));
            assertThat(fill.margin()).isEqualTo(m("3000"));
            assertThat(fill.fee()).isEqualTo(m("2.1"));
            assertThat(fill.cashAfter()).isEqualTo(m("6997.9"));
        }

        @Test
        void quantityIsRoundedDownAndMoneyFollowsTheRoundedQuantity() throws Exception {
            // budget 1000 x 0.5 = 500; 500 / 30000 = 0.0166666666... -> DOWN 0.01666666 (HALF_EVEN would give ...67)
            // notional 0.01666666 x 30000 = 499.9998; margin / 5 = 99.99996
            // fee 499.9998 x 0.0007 = 0.34999986; cash 1000 - 99.99996 - 0.34999986 = 899.65004014
            OpenFill fill = PaperTradingMath.open(m("1000"), d("0.5"), d("30000"), 5, FEE_RATE);

            assertThat(fill.quantity()).isEqualTo(m("0.01666666"));
            assertThat(fill.notional()).isEqualTo(m("499.9998"));
            assertThat(fill.margin()).isEqualTo(m("99.99996"));
            assertThat(fill.fee()).isEqualTo(m("0.34999986"));
            assertThat(fill.cashAfter()).isEqualTo(m("899.65004014"));
        }

        @Test
        void marginIsRoundedHalfEven() throws Exception {
            // budget 100 x 1 = 100; qty 100 / 3 = 33.33333333 (DOWN); notional 99.99999999
            // margin 99.99999999 / 7 = 14.285714284285... -> 14.28571428; fee 0.06999999999... -> 0.07000000
            OpenFill fill = PaperTradingMath.open(m("100"), d("1"), d("3"), 7, FEE_RATE);

            assertThat(fill.quantity()).isEqualTo(m("33.33333333"));
            assertThat(fill.notional()).isEqualTo(m("99.99999999"));
            assertThat(fill.margin()).isEqualTo(m("14.28571428"));
            assertThat(fill.fee()).isEqualTo(m("0.07"));
            assertThat(fill.cashAfter()).isEqualTo(m("85.64428572"));
        }

        @Test
        void priceIsNormalizedToEightDecimalsBeforeUse() throws Exception {
            // 0.123456785 -> HALF_EVEN 0.12345678 (tie, 8 is even); budget 10; qty 10 / 0.12345678 = 81.00000664...
            OpenFill fill = PaperTradingMath.open(m("10"), d("1"), d("0.123456785"), 2, FEE_RATE);

            assertThat(fill.price()).isEqualTo(m("0.12345678"));
            assertThat(fill.quantity()).isEqualTo(m("81.00000664"));
            // 81.00000664 x 0.12345678 = 9.9999999997530192 -> 10.00000000
            assertThat(fill.notional()).isEqualTo(m("10"));
        }

        @Test
        void quantityThatRoundsToZeroIsRefused() {
            // 0.0001 x 0.5 / 100000 = 0.0000000005 -> DOWN 0
            OrderRefusedException refusal = catchThrowableOfType(OrderRefusedException.class,
                    () -> PaperTradingMath.open(m("0.0001"), d("0.5"), d("100000"), 10, FEE_RATE));

            assertThat(refusal.error().code()).isEqualTo(ErrorCode.QUANTITY_TOO_SMALL);
            assertThat(refusal.error().message()).contains("0.00005", "100000");
        }

        @Test
        void wholeCashAt1xIsScaledDownSoMarginAndFeeFitTheCash() throws Exception {
            // asked: qty 10000 / 100000 = 0.1; margin 10000 + fee 7 = 10007 > cash 10000
            // scaled: cap (10000 - 0.00000001) x 1 / (1 + 1 x 0.0007) = 9993.00489656 (DOWN); qty 0.09993004 (DOWN)
            // notional 9993.004; margin 9993.004; fee 6.9951028; cash 10000 - 9999.9991028 = 0.0008972
            OpenFill fill = PaperTradingMath.open(m("10000"), d("1"), d("100000"), 1, FEE_RATE);

            assertThat(fill.quantity()).isEqualTo(m("0.09993004"));
            assertThat(fill.notional()).isEqualTo(m("9993.004"));
            assertThat(fill.margin()).isEqualTo(m("9993.004"));
            assertThat(fill.fee()).isEqualTo(m("6.9951028"));
            assertThat(fill.cashAfter()).isEqualTo(m("0.0008972"));
            assertThat(fill.scaledDown()).contains("scaled down", "margin 10000 + fee 7 = 10007",
                    "cash is 10000", "opened 0.09993004 instead of 0.1");
        }

        @Test
        void anOpenThatFitsIsNotScaled() throws Exception {
            assertThat(PaperTradingMath.open(m("10000"), d("0.5"), d("100000"), 10, FEE_RATE).scaledDown()).isNull();
            // 1 / (1 + 0.0007) = 0.99930049...: a portion of 0.9993 still fits at 1x
            assertThat(PaperTradingMath.open(m("10000"), d("0.9993"), d("100000"), 1, FEE_RATE).scaledDown()).isNull();
        }

        @Test
        void aScaledOpenNeverSpendsMoreThanTheCashWhateverThePrice() throws Exception {
            java.util.Random random = new java.util.Random(20);
            for (int i = 0; i < 2_000; i++) {
                BigDecimal cash = BigDecimal.valueOf(random.nextLong(1, 10_000_000_000_000L), 8);
                BigDecimal price = BigDecimal.valueOf(random.nextLong(1, 10_000_000_000_000L), 8 - random.nextInt(5));
                BigDecimal feeRate = BigDecimal.valueOf(random.nextInt(0, 100), 4);
                OpenFill fill;
                try {
                    fill = PaperTradingMath.open(cash, BigDecimal.ONE, price, 1, feeRate);
                } catch (OrderRefusedException refused) {
                    assertThat(refused.error().code()).as("cash %s price %s", cash, price)
                            .isEqualTo(ErrorCode.QUANTITY_TOO_SMALL);
                    continue;
                }
                assertThat(fill.margin().add(fill.fee())).as("cash %s price %s fee rate %s", cash, price, feeRate)
                        .isLessThanOrEqualTo(cash);
                assertThat(fill.cashAfter()).isEqualTo(cash.subtract(fill.margin()).subtract(fill.fee()));
                if (fill.scaledDown() != null) {
                    // the most that fits: what is left is less than about one quantity unit's worth
                    assertThat(fill.cashAfter()).as("cash %s price %s fee rate %s", cash, price, feeRate)
                            .isLessThanOrEqualTo(fill.price().add(BigDecimal.valueOf(3))
                                    .multiply(new BigDecimal("0.00000002")));
                }
            }
        }

        @Test
        void wholeCashAt1xWithoutFeeUsesEverything() throws Exception {
            OpenFill fill = PaperTradingMath.open(m("10000"), d("1"), d("100000"), 1, BigDecimal.ZERO);

            assertThat(fill.cashAfter()).isEqualTo(m("0"));
            assertThat(fill.margin()).isEqualTo(m("10000"));
        }

        @Test
        void portionLeverageOrPriceOutOfRangeIsAProgrammingError() {
            assertThatThrownBy(() -> PaperTradingMath.open(m("100"), d("1.01"), d("10"), 1, FEE_RATE))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> PaperTradingMath.open(m("100"), d("0"), d("10"), 1, FEE_RATE))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> PaperTradingMath.open(m("100"), d("0.5"), d("10"), 0, FEE_RATE))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> PaperTradingMath.open(m("100"), d("0.5"), d("0.000000004"), 1, FEE_RATE))
                    .as("a price that rounds to zero").isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Close {

        /** 0.05 BTC long at 100000, 10x, margin 500, after which cash was 9496.5 (see Open.longAt10x). */
        private final Position btcLong10x = new Position("BTC", Side.LONG, m("0.05"), m("100000"), 10, m("500"));
        private final Position btcShort10x = new Position("BTC", Side.SHORT, m("0.05"), m("100000"), 10, m("500"));
        /** 1.2 ETH short at 2500, 1x, margin 3000, after which cash was 6997.9 (see Open.shortAt1x...). */
        private final Position ethShort1x = new Position("ETH", Side.SHORT, m("1.2"), m("2500"), 1, m("3000"));

        @Test
        void longAt10xInProfit() throws Exception {
            // pnl (110000 - 100000) x 0.05 = 500; notional 5500; fee 5500 x 0.0007 = 3.85
            // cash 9496.5 + 500 (margin) + 500 (pnl) - 3.85 = 10492.65
            CloseFill fill = PaperTradingMath.close(m("9496.5"), btcLong10x, d("1"), d("110000"), FEE_RATE);

            assertThat(fill.quantity()).isEqualTo(m("0.05"));
            assertThat(fill.notional()).isEqualTo(m("5500"));
            assertThat(fill.releasedMargin()).isEqualTo(m("500"));
            assertThat(fill.realizedPnl()).isEqualTo(m("500"));
            assertThat(fill.fee()).isEqualTo(m("3.85"));
            assertThat(fill.cashAfter()).isEqualTo(m("10492.65"));
            assertThat(fill.closesWholePosition()).isTrue();
            assertThat(fill.remainingMargin()).isEqualTo(m("0"));
        }

        @Test
        void shortAt10xInLoss() throws Exception {
            // pnl (100000 - 105000) x 0.05 = -250; notional 5250, fee 3.675; cash 9496.5 + 500 - 250 - 3.675
            CloseFill fill = PaperTradingMath.close(m("9496.5"), btcShort10x, d("1"), d("105000"), FEE_RATE);

            assertThat(fill.realizedPnl()).isEqualTo(m("-250"));
            assertThat(fill.fee()).isEqualTo(m("3.675"));
            assertThat(fill.penalty()).isEqualTo(m("0"));
            assertThat(fill.cashAfter()).isEqualTo(m("9742.825"));
        }

        @Test
        void shortAt10xLosingItsWholeMarginPlusTheFeeTakesOnlyTheMargin() throws Exception {
            // pnl (100000 - 110000) x 0.05 = -500 = the whole margin; fee 3.85 is beyond it: waived (penalty -3.85),
            // cash stays 9496.5 (isolated margin)
            CloseFill fill = PaperTradingMath.close(m("9496.5"), btcShort10x, d("1"), d("110000"), FEE_RATE);

            assertThat(fill.realizedPnl()).isEqualTo(m("-500"));
            assertThat(fill.fee()).isEqualTo(m("3.85"));
            assertThat(fill.penalty()).isEqualTo(m("-3.85"));
            assertThat(fill.cashAfter()).isEqualTo(m("9496.5"));
        }

        @Test
        void shortAt10xInProfit() throws Exception {
            // pnl (100000 - 90000) x 0.05 = 500; notional 4500; fee 3.15; cash 9496.5 + 500 + 500 - 3.15 = 10493.35
            CloseFill fill = PaperTradingMath.close(m("9496.5"), btcShort10x, d("1"), d("90000"), FEE_RATE);

            assertThat(fill.realizedPnl()).isEqualTo(m("500"));
            assertThat(fill.fee()).isEqualTo(m("3.15"));
            assertThat(fill.cashAfter()).isEqualTo(m("10493.35"));
        }

        @Test
        void shortAt1xInProfit() throws Exception {
            // pnl (2500 - 2000) x 1.2 = 600; notional 2400; fee 1.68
            // cash 6997.9 + 3000 (margin) + 600 - 1.68 = 10596.22
            CloseFill fill = PaperTradingMath.close(m("6997.9"), ethShort1x, d("1"), d("2000"), FEE_RATE);

            assertThat(fill.quantity()).isEqualTo(m("1.2"));
            assertThat(fill.releasedMargin()).isEqualTo(m("3000"));
            assertThat(fill.realizedPnl()).isEqualTo(m("600"));
            assertThat(fill.fee()).isEqualTo(m("1.68"));
            assertThat(fill.cashAfter()).isEqualTo(m("10596.22"));
        }

        @Test
        void shortAt1xInLoss() throws Exception {
            // pnl (2500 - 3000) x 1.2 = -600; notional 3600; fee 2.52; cash 6997.9 + 3000 - 600 - 2.52 = 9395.38
            CloseFill fill = PaperTradingMath.close(m("6997.9"), ethShort1x, d("1"), d("3000"), FEE_RATE);

            assertThat(fill.realizedPnl()).isEqualTo(m("-600"));
            assertThat(fill.fee()).isEqualTo(m("2.52"));
            assertThat(fill.cashAfter()).isEqualTo(m("9395.38"));
        }

        @Test
        void halfOfALong() throws Exception {
            // qty 0.05 x 0.5 = 0.025; released 500 x 0.025 / 0.05 = 250; pnl (120000 - 100000) x 0.025 = 500
            // notional 3000; fee 2.1; cash 9496.5 + 250 + 500 - 2.1 = 10244.4; left 0.025 BTC with margin 250
            CloseFill fill = PaperTradingMath.close(m("9496.5"), btcLong10x, d("0.5"), d("120000"), FEE_RATE);

            assertThat(fill.quantity()).isEqualTo(m("0.025"));
            assertThat(fill.releasedMargin()).isEqualTo(m("250"));
            assertThat(fill.realizedPnl()).isEqualTo(m("500"));
            assertThat(fill.fee()).isEqualTo(m("2.1"));
            assertThat(fill.cashAfter()).isEqualTo(m("10244.4"));
            assertThat(fill.closesWholePosition()).isFalse();
            assertThat(fill.remainingQuantity()).isEqualTo(m("0.025"));
            assertThat(fill.remainingMargin()).isEqualTo(m("250"));
        }

        @Test
        void partialQuantityRoundsDownAndReleasedMarginHalfEven() throws Exception {
            // qty 3 x 0.333333333 = 0.999999999 -> DOWN 0.99999999
            // released 100.00000001 x 0.99999999 / 3 = 33.33333300333... -> 33.33333300; 66.66666701 stays locked
            // notional 0.99999999 x 150 = 149.9999985; fee x 0.0007 = 0.10499999895 -> 0.10500000
            Position sol = new Position("SOL", Side.LONG, m("3"), m("150"), 3, m("100.00000001"));

            CloseFill fill = PaperTradingMath.close(m("0"), sol, d("0.333333333"), d("150"), FEE_RATE);

            assertThat(fill.quantity()).isEqualTo(m("0.99999999"));
            assertThat(fill.releasedMargin()).isEqualTo(m("33.333333"));
            assertThat(fill.remainingQuantity()).isEqualTo(m("2.00000001"));
            assertThat(fill.remainingMargin()).isEqualTo(m("66.66666701"));
            assertThat(fill.notional()).isEqualTo(m("149.9999985"));
            assertThat(fill.fee()).isEqualTo(m("0.105"));
            assertThat(fill.cashAfter()).isEqualTo(m("33.228333"));
        }

        @Test
        void portionOneClosesTheWholeQuantityWithoutDust() throws Exception {
            Position odd = new Position("ETH", Side.LONG, m("0.12345679"), m("2000"), 3, m("82.30452667"));

            CloseFill fill = PaperTradingMath.close(m("1"), odd, new BigDecimal("1.000"), d("2000"), FEE_RATE);

            assertThat(fill.quantity()).isEqualTo(m("0.12345679"));
            assertThat(fill.releasedMargin()).isEqualTo(m("82.30452667"));
            assertThat(fill.closesWholePosition()).isTrue();
        }

        @Test
        void closeQuantityThatRoundsToZeroIsRefused() {
            Position dust = new Position("BTC", Side.LONG, m("0.00000001"), m("100000"), 1, m("0.001"));

            OrderRefusedException refusal = catchThrowableOfType(OrderRefusedException.class,
                    () -> PaperTradingMath.close(m("10"), dust, d("0.5"), d("100000"), FEE_RATE));

            assertThat(refusal.error().code()).isEqualTo(ErrorCode.QUANTITY_TOO_SMALL);
        }

        @Test
        void lossBeyondTheReleasedMarginIsWaivedNotTakenFromCash() throws Exception {
            // 0.01 BTC long 10x at 100000, margin 100, cash 899.3; at 1: pnl (1 - 100000) x 0.01 = -999.99
            // fee 0.01 x 1 x 0.0007 = 0.000007; credit 100 - 999.99 - 0.000007 = -899.990007: waived, cash stays
            Position position = new Position("BTC", Side.LONG, m("0.01"), m("100000"), 10, m("100"));

            CloseFill fill = PaperTradingMath.close(m("899.3"), position, d("1"), d("1"), FEE_RATE);

            assertThat(fill.realizedPnl()).isEqualTo(m("-999.99"));
            assertThat(fill.penalty()).isEqualTo(m("-899.990007"));
            assertThat(fill.cashAfter()).isEqualTo(m("899.3"));
        }

        @Test
        void lossThatUsesUpExactlyAllCashIsAllowed() throws Exception {
            // 1 unit long at 100, margin 10, cash 0, no fee: at 90 pnl -10 and cash 0 + 10 - 10 = 0
            Position position = new Position("X", Side.LONG, m("1"), m("100"), 10, m("10"));

            CloseFill fill = PaperTradingMath.close(m("0"), position, d("1"), d("90"), BigDecimal.ZERO);

            assertThat(fill.cashAfter()).isEqualTo(m("0"));
        }
    }

    /**
     * The budget would be divided by the price at a scale of five thousand (or six hundred million) places: such a
     * portion is refused before any arithmetic, under the account lock as much as anywhere.
     */
    @Test
    void aPortionWithAnAbsurdExponentIsAProgrammingErrorNotArithmetic() {
        Position position = new Position("BTC", Side.LONG, m("0.05"), m("100000"), 10, m("500"));
        for (String portion : java.util.List.of("1E-5000", "1E-600000000")) {
            assertThatThrownBy(() -> PaperTradingMath.open(m("10000"), d(portion), d("100000"), 1, FEE_RATE))
                    .as(portion).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(portion);
            assertThatThrownBy(() -> PaperTradingMath.close(m("10000"), position, d(portion), d("100000"), FEE_RATE))
                    .as(portion).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(portion);
        }
    }

    @Test
    void feeIsRoundedHalfEvenToEightDecimals() {
        // 12.34567891 x 0.0007 = 0.008641975237 -> 0.00864198
        assertThat(PaperTradingMath.fee(m("12.34567891"), FEE_RATE)).isEqualTo(m("0.00864198"));
        // exact ties: 0.000000005 -> 0.00000000 (even), 0.000000015 -> 0.00000002 (even)
        assertThat(PaperTradingMath.fee(d("0.00005"), d("0.0001"))).isEqualTo(m("0"));
        assertThat(PaperTradingMath.fee(d("0.00015"), d("0.0001"))).isEqualTo(m("0.00000002"));
    }

    @Test
    void equityIsCashPlusMarginPlusUnrealizedPnl() {
        // after the 10x long of Open.longAt10x, at 105000: unrealized (105000 - 100000) x 0.05 = 250
        Position position = new Position("BTC", Side.LONG, m("0.05"), m("100000"), 10, m("500"));

        BigDecimal equity = PaperTradingMath.equity(m("9496.5"), m("500"), position.unrealizedPnl(d("105000")));

        assertThat(equity).isEqualByComparingTo("10246.5");
    }

    @Nested
    class Slippage {

        @Test
        void theQuantityIsWhatTheBudgetBuysAtTheFillPriceSoTheNotionalStaysWithinIt() throws Exception {
            // budget 5000: 5000 / 100000 = 0.05 at the reference fills at 100100, where 5000 buys 0.04995004 (DOWN);
            // notional 0.04995004 x 100100 = 4999.999004, margin 499.9999004 at 10x, fee 3.4999993
            List<BigDecimal> asked = new java.util.ArrayList<>();
            OpenFill fill = PaperTradingMath.open(m("10000"), d("0.5"), d("100000"), 10, FEE_RATE, q -> {
                asked.add(q);
                return d("100100");
            });

            assertThat(asked).containsExactly(m("0.05"), m("0.04995004"));
            assertThat(fill.referencePrice()).isEqualTo(m("100000"));
            assertThat(fill.price()).isEqualTo(m("100100"));
            assertThat(fill.quantity()).isEqualTo(m("0.04995004"));
            assertThat(fill.notional()).isEqualTo(m("4999.999004"));
            assertThat(fill.margin()).isEqualTo(m("499.9999004"));
            assertThat(fill.fee()).isEqualTo(m("3.4999993"));
        }

        @Test
        void aOneXOpenOfAllTheCashIsScaledDownToFitAtTheFillPrice() throws Exception {
            // 1x, portion 1 at reference 100 slipping to 101: 100 units would cost 10100 + fee; the fitting quantity
            // at 101: (10000 - 0.00000001) / (1 + 0.0007) / 101, DOWN
            OpenFill fill = PaperTradingMath.open(m("10000"), d("1"), d("100"), 1, FEE_RATE, q -> d("101"));

            assertThat(fill.scaledDown()).contains("scaled down to fit the cash");
            assertThat(fill.price()).isEqualTo(m("101"));
            assertThat(fill.margin().add(fill.fee())).isLessThanOrEqualTo(m("10000"));
            assertThat(fill.cashAfter()).isNotNegative();
            assertThat(fill.quantity()).isEqualTo(m("98.94064254"));
        }
    }
}
