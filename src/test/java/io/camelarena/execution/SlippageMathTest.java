package io.camelarena.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camelarena.market.OrderBook;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fixed model and the book walk with hand-computed numbers (docs/slippage.md's worked example is the first two
 * tests'). The book is the top of test resource stubs/hyperliquid-l2Book-BTC.json.
 */
class SlippageMathTest {

    private static final BigDecimal TWO_BPS = new BigDecimal("2");
    static final List<OrderBook.Level> ASKS = List.of(level("95236", "0.5"), level("95237", "1.2"),
            level("95240", "3"));
    static final List<OrderBook.Level> BIDS = List.of(level("95235", "0.8"), level("95234", "0.7"),
            level("95230", "2"));

    static OrderBook.Level level(String price, String size) {
        return new OrderBook.Level(new BigDecimal(price), new BigDecimal(size));
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    @Test
    void aBuyOf2Point1SpansThreeAskLevelsAndRoundsUp() {
        // 0.5 x 95236 + 1.2 x 95237 + 0.4 x 95240 = 47618 + 114284.4 + 38096 = 199998.4; / 2.1 = 95237.333333...
        SlippageMath.BookWalk walk = SlippageMath.walk(ASKS, true, d("2.1"), TWO_BPS);

        assertThat(walk.price()).isEqualTo(d("95237.33333334"));
        assertThat(walk.best()).isEqualTo(d("95236"));
        assertThat(walk.worst()).isEqualTo(d("95240"));
        assertThat(walk.levels()).isEqualTo(3);
        assertThat(walk.fromBook()).isEqualByComparingTo("2.1");
        assertThat(walk.thin()).isFalse();
        // the mid price 95235.5 as the reference: the walk is worse, so it stands
        assertThat(SlippageMath.notBetterThan(true, walk.price(), d("95235.5"))).isEqualTo(d("95237.33333334"));
    }

    @Test
    void aSellOf2Point1SpansThreeBidLevelsAndRoundsDown() {
        // 0.8 x 95235 + 0.7 x 95234 + 0.6 x 95230 = 76188 + 66663.8 + 57138 = 199989.8; / 2.1 = 95233.238095238...
        SlippageMath.BookWalk walk = SlippageMath.walk(BIDS, false, d("2.1"), TWO_BPS);

        assertThat(walk.price()).isEqualTo(d("95233.23809523"));
        assertThat(walk.best()).isEqualTo(d("95235"));
        assertThat(walk.worst()).isEqualTo(d("95230"));
        assertThat(SlippageMath.notBetterThan(false, walk.price(), d("95235.5"))).isEqualTo(d("95233.23809523"));
    }

    @Test
    void aBuyWithinTheFirstLevelFillsAtThatLevel() {
        SlippageMath.BookWalk walk = SlippageMath.walk(ASKS, true, d("0.3"), TWO_BPS);

        assertThat(walk.price()).isEqualTo(d("95236.00000000"));
        assertThat(walk.levels()).isEqualTo(1);
        assertThat(walk.worst()).isEqualTo(d("95236"));
    }

    @Test
    void aBuyLargerThanTheBookFillsTheRemainderAtTheLastLevelMovedByTheFixedBps() {
        List<OrderBook.Level> thin = ASKS.subList(0, 2);
        // the book holds 1.7; the remaining 0.3 at 95237 x 1.0002 = 95256.0474
        // 47618 + 114284.4 + 0.3 x 95256.0474 = 190479.21422; / 2 = 95239.60711
        SlippageMath.BookWalk walk = SlippageMath.walk(thin, true, d("2"), TWO_BPS);

        assertThat(walk.thin()).isTrue();
        assertThat(walk.fromBook()).isEqualByComparingTo("1.7");
        assertThat(walk.beyondBook()).isEqualByComparingTo("0.3");
        assertThat(walk.beyondPrice()).isEqualByComparingTo("95256.0474");
        assertThat(walk.price()).isEqualTo(d("95239.60711000"));
    }

    @Test
    void aSellLargerThanTheBookFillsTheRemainderAtTheLastLevelMovedByTheFixedBps() {
        List<OrderBook.Level> thin = BIDS.subList(0, 2);
        // the book holds 1.5; the remaining 0.5 at 95234 x 0.9998 = 95214.9532
        // 76188 + 66663.8 + 0.5 x 95214.9532 = 190459.2766; / 2 = 95229.6383
        SlippageMath.BookWalk walk = SlippageMath.walk(thin, false, d("2"), TWO_BPS);

        assertThat(walk.beyondBook()).isEqualByComparingTo("0.5");
        assertThat(walk.beyondPrice()).isEqualByComparingTo("95214.9532");
        assertThat(walk.price()).isEqualTo(d("95229.63830000"));
    }

    @Test
    void aBookBetterThanTheReferenceFillsAtTheReference() {
        BigDecimal buy = SlippageMath.walk(ASKS, true, d("0.1"), TWO_BPS).price();
        assertThat(SlippageMath.notBetterThan(true, buy, d("95240.5"))).isEqualTo(d("95240.50000000"));
        BigDecimal sell = SlippageMath.walk(BIDS, false, d("0.1"), TWO_BPS).price();
        assertThat(SlippageMath.notBetterThan(false, sell, d("95230.25"))).isEqualTo(d("95230.25000000"));
        // a reference with more than 8 decimals is rounded against the trader too
        assertThat(SlippageMath.notBetterThan(true, d("1"), d("1.000000001"))).isEqualTo(d("1.00000001"));
        assertThat(SlippageMath.notBetterThan(false, d("2"), d("1.999999999"))).isEqualTo(d("1.99999999"));
    }

    @Test
    void fixedMovesTheReferenceByTheBpsAgainstTheTraderBuyUpSellDown() {
        assertThat(SlippageMath.fixed(true, d("95236.5"), TWO_BPS)).isEqualTo(d("95255.54730000"));
        assertThat(SlippageMath.fixed(false, d("95236.5"), TWO_BPS)).isEqualTo(d("95217.45270000"));
        // 0.16234567 x 1.0002 = 0.162378139134 (UP), x 0.9998 = 0.162313200866 (DOWN)
        assertThat(SlippageMath.fixed(true, d("0.16234567"), TWO_BPS)).isEqualTo(d("0.16237814"));
        assertThat(SlippageMath.fixed(false, d("0.16234567"), TWO_BPS)).isEqualTo(d("0.16231320"));
        assertThat(SlippageMath.fixed(true, d("0.16234567"), d("0"))).isEqualTo(d("0.16234567"));
        assertThat(SlippageMath.fixed(true, d("100"), d("2.5"))).isEqualTo(d("100.02500000"));
    }

    @Test
    void anEmptySideANonPositiveQuantityOrBpsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> SlippageMath.walk(List.of(), true, d("1"), TWO_BPS))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the book has no asks to walk");
        assertThatThrownBy(() -> SlippageMath.walk(BIDS, false, d("0"), TWO_BPS))
                .hasMessage("quantity must be positive, was 0");
        assertThatThrownBy(() -> SlippageMath.fixed(true, d("100"), d("10000")))
                .hasMessage("slippage bps must be at least 0 and below 10000, was 10000");
        assertThatThrownBy(() -> SlippageMath.fixed(true, d("100"), d("-1")))
                .hasMessage("slippage bps must be at least 0 and below 10000, was -1");
        assertThatThrownBy(() -> SlippageMath.fixed(false, d("0"), TWO_BPS))
                .hasMessage("reference price must be positive, was 0");
    }
}
