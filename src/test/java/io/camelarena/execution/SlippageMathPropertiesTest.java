package io.camelarena.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.camelarena.market.OrderBook;
import io.camelarena.support.PropertyRuns;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The book walk over random books (1 to 20 levels, 0.01 to 5 coins each, steps of up to 0.5% between levels, best
 * prices from 1 to 200000), quantities up to 20 coins (so both deep and thin books), references within ±1% of the
 * best price, fixed bps 0 to 100, both sides:
 * <ul>
 *   <li>the fill is never better for the trader than the reference (a buy at or above it, a sell at or below it), and
 *       never better than the walk;</li>
 *   <li>the walk's VWAP lies between the best and the worst consumed level (when the book is thinner than the
 *       quantity: between the best level and the price of the remainder beyond the book);</li>
 *   <li>the book's quantity and the remainder add up to the quantity; every price has 8 decimals;</li>
 *   <li>the fixed model's fill is never better than the reference either.</li>
 * </ul>
 */
class SlippageMathPropertiesTest {

    /** One random fill: the book side as prices and sizes, best first. */
    record Case(boolean buy, List<OrderBook.Level> side, BigDecimal quantity, BigDecimal reference, BigDecimal bps) {
    }

    @Test
    void theFillIsNeverBetterThanTheReferenceAndTheVwapLiesBetweenTheConsumedLevels() {
        PropertyRuns.qt(2_000, 200).forAll(cases()).checkAssert(c -> {
            SlippageMath.BookWalk walk = SlippageMath.walk(c.side(), c.buy(), c.quantity(), c.bps());
            BigDecimal fill = SlippageMath.notBetterThan(c.buy(), walk.price(), c.reference());
            BigDecimal fixed = SlippageMath.fixed(c.buy(), c.reference(), c.bps());

            assertThat(List.of(walk.price(), fill, fixed)).allSatisfy(p -> assertThat(p.scale()).isEqualTo(8));
            assertThat(walk.fromBook().add(walk.beyondBook())).isEqualByComparingTo(c.quantity());
            BigDecimal far = walk.thin() ? walk.beyondPrice().setScale(8, c.buy() ? RoundingMode.UP
                    : RoundingMode.DOWN) : walk.worst();
            if (c.buy()) {
                assertThat(fill).isGreaterThanOrEqualTo(c.reference()).isGreaterThanOrEqualTo(walk.price());
                assertThat(fixed).isGreaterThanOrEqualTo(c.reference());
                assertThat(walk.price()).isBetween(walk.best(), far);
            } else {
                assertThat(fill).isLessThanOrEqualTo(c.reference()).isLessThanOrEqualTo(walk.price());
                assertThat(fixed).isLessThanOrEqualTo(c.reference());
                assertThat(walk.price()).isBetween(far, walk.best());
            }
        });
    }

    private static Gen<Case> cases() {
        Gen<long[]> levels = longs().between(0, 5_000).zip(longs().between(1_000_000, 500_000_000),
                (step, size) -> new long[] {step, size});
        Gen<List<long[]>> sides = lists().of(levels).ofSizeBetween(1, 20);
        Gen<Long> bestCents = longs().between(100, 20_000_000);
        Gen<Long> quantityUnits = longs().between(1, 2_000_000_000);
        Gen<Integer> referenceOffset = integers().between(-100, 100);
        Gen<Long> bpsHundredths = longs().between(0, 10_000);
        Gen<Boolean> buy = booleans().all();
        return sides.zip(bestCents, buy, (side, best, isBuy) -> new Object[] {side, best, isBuy})
                .zip(quantityUnits, referenceOffset, bpsHundredths, (a, q, r, b) -> build(a, q, r, b));
    }

    @SuppressWarnings("unchecked")
    private static Case build(Object[] a, long quantityUnits, int referenceOffset, long bpsHundredths) {
        List<long[]> raw = (List<long[]>) a[0];
        BigDecimal best = BigDecimal.valueOf((Long) a[1], 2);
        boolean buy = (Boolean) a[2];
        List<OrderBook.Level> side = new ArrayList<>();
        BigDecimal price = best;
        for (long[] level : raw) {
            // each level a step of up to 0.5% further from the best: up for asks, down for bids
            BigDecimal step = BigDecimal.valueOf(level[0], 6);
            price = price.multiply(buy ? BigDecimal.ONE.add(step) : BigDecimal.ONE.subtract(step))
                    .setScale(8, RoundingMode.HALF_EVEN);
            side.add(new OrderBook.Level(side.isEmpty() ? best : price, BigDecimal.valueOf(level[1], 8)));
        }
        BigDecimal reference = best.multiply(BigDecimal.ONE.add(BigDecimal.valueOf(referenceOffset, 4)))
                .setScale(8, RoundingMode.HALF_EVEN);
        return new Case(buy, List.copyOf(side), BigDecimal.valueOf(quantityUnits, 8), reference,
                BigDecimal.valueOf(bpsHundredths, 2));
    }
}
