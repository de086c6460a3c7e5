package io.camelarena.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.replay.HorizonPrices.TickPrices;
import io.camelarena.replay.HypotheticalOutcome.Outcome;
import io.camelarena.replay.HypotheticalOutcome.Status;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HorizonPricesTest {

    private static final BigDecimal FEE = new BigDecimal("0.0007");

    /** t0 .. t4; ETH has no price in t2. */
    private final HorizonPrices prices = new HorizonPrices(List.of(
            new TickPrices("t0", Map.of("BTC", new BigDecimal("100000"), "ETH", new BigDecimal("4000"))),
            new TickPrices("t1", Map.of("BTC", new BigDecimal("101000"), "ETH", new BigDecimal("4100"))),
            new TickPrices("t2", Map.of("BTC", new BigDecimal("102000"))),
            new TickPrices("t3", Map.of("BTC", new BigDecimal("103000"), "ETH", new BigDecimal("3900"))),
            new TickPrices("t4", Map.of("BTC", new BigDecimal("104000"), "ETH", new BigDecimal("3800")))),
            2, FEE);

    private static Map<String, Object> row(String tick, String status, String operation, String symbol,
            String direction, int leverage) {
        Map<String, Object> r = new HashMap<>();
        r.put("tick_id", tick);
        r.put("status", status);
        r.put("operation", operation);
        r.put("symbol", symbol);
        r.put("direction", direction);
        r.put("leverage", leverage);
        return r;
    }

    @Test
    void anOpenIsScoredAtTheKthLaterTick() {
        Outcome o = prices.score(row("t0", "EXECUTED", "open", "BTC", "long", 5));

        // K = 2: t2 at 102,000, the long-open example of docs/replay-outcomes.md
        assertThat(o.status()).isEqualTo(Status.SCORED);
        assertThat(o.horizonTickId()).isEqualTo("t2");
        assertThat(o.hypotheticalReturn()).isEqualTo(new BigDecimal("0.01858600"));
    }

    @Test
    void onlyTicksPricingTheSymbolCount() {
        Outcome o = prices.score(row("t0", "VALID", "open", "ETH", "short", 1));

        // t1, then t3 (t2 has no ETH price): -(3,900 - 4,000) - 0.0007 x 7,900 = 100 - 5.53 = 94.47; / 4,000
        assertThat(o.horizonTickId()).isEqualTo("t3");
        assertThat(o.hypotheticalReturn()).isEqualTo(new BigDecimal("0.02361750"));
    }

    @Test
    void fewerThanKLaterTicksLeaveTheOutcomePending() {
        Outcome o = prices.score(row("t3", "EXECUTED", "open", "BTC", "long", 1));

        assertThat(o.status()).isEqualTo(Status.PENDING);
        assertThat(o.hypotheticalReturn()).isNull();
        assertThat(o.priceAtDecision()).isEqualByComparingTo("103000");
        assertThat(prices.score(row("t3", "HOLD", "hold", null, null, 1)).status()).isEqualTo(Status.PENDING);
    }

    @Test
    void aHoldScoresZeroOnceTheHorizonIsThere() {
        Outcome o = prices.score(row("t1", "HOLD", "hold", null, null, 1));

        assertThat(o.status()).isEqualTo(Status.SCORED);
        assertThat(o.hypotheticalReturn()).isEqualByComparingTo("0");
        assertThat(o.horizonTickId()).isEqualTo("t3");
    }

    @Test
    void aDecisionWithoutAPriceAtItsTickIsUnpriced() {
        assertThat(prices.score(row("t2", "EXECUTED", "close", "ETH", "long", 1)).status())
                .isEqualTo(Status.UNPRICED);
        assertThat(prices.score(row("unknown-tick", "HOLD", "hold", null, null, 1)).status())
                .isEqualTo(Status.UNPRICED);
    }
}
