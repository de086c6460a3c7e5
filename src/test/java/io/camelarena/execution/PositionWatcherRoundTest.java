package io.camelarena.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.account.Side;
import io.camelarena.decision.Operation;
import io.camelarena.decision.TradeDecision;
import io.camelarena.execution.OrderExecutor.OrderMarket;
import io.camelarena.execution.PositionWatcher.RoundMarket;
import io.camelarena.market.Candle;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a round of the watcher meets what is outside it: an exit that needs an order book fetches it with no transaction
 * open, and a round the database chose as a deadlock victim runs again; either way the exit is applied once.
 */
class PositionWatcherRoundTest {

    private static final BigDecimal FEE_RATE = new BigDecimal("0.0007");
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private H2TestDatabase db;
    private long alpha;

    /** A book pricer: not ready until prefetched; records what happened in which order. */
    private static final class RecordingPricer implements FillPricer {
        final List<String> calls = new ArrayList<>();
        boolean fetched;

        @Override
        public BigDecimal fillPrice(String symbol, boolean buy, BigDecimal quantity, BigDecimal reference) {
            calls.add("fill " + symbol);
            return reference;
        }

        @Override
        public void prefetch(String symbol) {
            calls.add("prefetch " + symbol);
            fetched = true;
        }

        @Override
        public boolean ready(String symbol) {
            return fetched;
        }
    }

    @BeforeEach
    void setUp() {
        db = new H2TestDatabase();
        alpha = db.insertAccount("alpha", new BigDecimal("10000"));
        OrderExecutor executor = new OrderExecutor(db.dataSource(), FEE_RATE, Map.of(),
                Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(executor.execute(alpha, new TradeDecision(Operation.OPEN, "BTC", Side.LONG,
                new BigDecimal("0.5"), 10, "test", null, null), new BigDecimal("100000"), "t1", "a1",
                new OrderMarket(FillPricer.NONE, 50, null)).executed()).isTrue();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void theLiquidationWaitsForItsBookFetchedOutsideTheTransaction() {
        RecordingPricer pricer = new RecordingPricer();
        Instant open = T0.plusSeconds(60);
        Candle crash = new Candle(open, open.plusSeconds(60).minusMillis(1), new BigDecimal("99000"),
                new BigDecimal("99100"), new BigDecimal("90000"), new BigDecimal("90500"), BigDecimal.ONE);

        PositionWatcher.Outcome outcome = new PositionWatcher(db.dataSource(), FEE_RATE).apply(List.of(alpha),
                Map.of("BTC", List.of(crash)), RoundMarket.BETWEEN_TICKS, open.plusSeconds(61), pricer);

        assertThat(outcome.liquidations()).isEqualTo(1);
        assertThat(pricer.calls).containsExactly("prefetch BTC", "fill BTC");
        assertThat(db.rows("SELECT id FROM orders WHERE cause = 'LIQUIDATION'")).hasSize(1);
        assertThat(db.rows("SELECT id FROM positions")).isEmpty();
    }

    @Test
    void aRoundTheDatabaseChoseAsADeadlockVictimRunsAgain() {
        Instant open = T0.plusSeconds(60);
        Candle crash = new Candle(open, open.plusSeconds(60).minusMillis(1), new BigDecimal("99000"),
                new BigDecimal("99100"), new BigDecimal("90000"), new BigDecimal("90500"), BigDecimal.ONE);
        PositionWatcher watcher = new PositionWatcher(FailingDataSource.deadlockVictims(db.dataSource(), 1),
                FEE_RATE);

        PositionWatcher.Outcome outcome = watcher.apply(List.of(alpha), Map.of("BTC", List.of(crash)),
                RoundMarket.BETWEEN_TICKS, open.plusSeconds(61), FillPricer.NONE);

        assertThat(outcome.liquidations()).isEqualTo(1);
        assertThat(db.rows("SELECT id FROM orders WHERE cause = 'LIQUIDATION'")).hasSize(1);
        assertThat(db.rows("SELECT id FROM positions")).isEmpty();

        // a round chosen every time gives up after its attempts, nothing applied
        opensAlphasLongAgain();
        PositionWatcher unlucky = new PositionWatcher(FailingDataSource.deadlockVictims(db.dataSource(),
                DeadlockRetry.ATTEMPTS), FEE_RATE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> unlucky.apply(List.of(alpha),
                Map.of("BTC", List.of(crash)), RoundMarket.BETWEEN_TICKS, open.plusSeconds(61), FillPricer.NONE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Deadlock found");
        assertThat(db.rows("SELECT id FROM orders WHERE cause = 'LIQUIDATION'")).hasSize(1);
        assertThat(db.rows("SELECT id FROM positions")).hasSize(1);
    }

    /** alpha's 10x long again (after the first part liquidated it). */
    private void opensAlphasLongAgain() {
        OrderExecutor executor = new OrderExecutor(db.dataSource(), FEE_RATE, Map.of(),
                Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(executor.execute(alpha, new TradeDecision(Operation.OPEN, "BTC", Side.LONG,
                new BigDecimal("0.5"), 10, "test", null, null), new BigDecimal("100000"), "t2", "a2",
                new OrderMarket(FillPricer.NONE, 50, null)).executed()).isTrue();
    }
}
