package io.camelarena.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camelarena.decision.Operation;
import io.camelarena.decision.TradeDecision;
import io.camelarena.execution.H2TestDatabase;
import io.camelarena.execution.OrderExecutor;
import java.math.BigDecimal;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PortfolioRepositoryTest {

    private H2TestDatabase db;
    private PortfolioRepository repository;

    @BeforeEach
    void setUp() {
        db = new H2TestDatabase();
        repository = new PortfolioRepository(db.dataSource());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static BigDecimal m(String value) {
        return new BigDecimal(value).setScale(8);
    }

    @Test
    void loadsCashMarginAndPositionsOrderedBySymbol() {
        long accountId = db.insertAccount("loader", m("10000"));
        OrderExecutor executor = new OrderExecutor(db.dataSource(), new BigDecimal("0.0007"));
        // ETH short 1x: 1.2 at 2500, margin 3000, fee 2.1; BTC long 10x: 6997.9 x 0.5 / 100000 -> 0.03498950,
        // notional 3498.95, margin 349.895, fee 2.449265; cash 6997.9 - 349.895 - 2.449265 = 6645.555735
        executor.execute(accountId, new TradeDecision(Operation.OPEN, "ETH", Side.SHORT, new BigDecimal("0.3"), 1,
                "r"), new BigDecimal("2500"), "t1");
        executor.execute(accountId, new TradeDecision(Operation.OPEN, "BTC", Side.LONG, new BigDecimal("0.5"), 10,
                "r"), new BigDecimal("100000"), "t2");

        Portfolio portfolio = repository.load(accountId);

        assertThat(portfolio.accountId()).isEqualTo(accountId);
        assertThat(portfolio.cash()).isEqualTo(m("6645.555735"));
        assertThat(portfolio.frozenCash()).isEqualByComparingTo("0");
        assertThat(portfolio.marginInUse()).isEqualTo(m("3349.895"));
        assertThat(portfolio.positions()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("ledger")
                .containsExactly(new Position("BTC", Side.LONG, m("0.0349895"), m("100000"), 10, m("349.895")),
                new Position("ETH", Side.SHORT, m("1.2"), m("2500"), 1, m("3000")));
        // equity at BTC 101000 (+34.9895) and ETH 2400 (+120): 6645.555735 + 3349.895 + 154.9895
        assertThat(portfolio.totalAssets(Map.of("BTC", new BigDecimal("101000"), "ETH", new BigDecimal("2400"))))
                .isEqualByComparingTo("10150.440235");
    }

    @Test
    void unknownAccountIsReported() {
        assertThatThrownBy(() -> repository.load(42)).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("42");
    }

    @Test
    void loadsManyPortfoliosAtOnceLikeOneByOne() {
        OrderExecutor executor = new OrderExecutor(db.dataSource(), new BigDecimal("0.0007"));
        long flat = db.insertAccount("flat", m("5000"));
        long trader = db.insertAccount("trader", m("10000"));
        long other = db.insertAccount("other", m("20000"));
        executor.execute(trader, new TradeDecision(Operation.OPEN, "ETH", Side.SHORT, new BigDecimal("0.3"), 1,
                "r"), new BigDecimal("2500"), "t1");
        executor.execute(trader, new TradeDecision(Operation.OPEN, "BTC", Side.LONG, new BigDecimal("0.5"), 10,
                "r"), new BigDecimal("100000"), "t2");
        executor.execute(other, new TradeDecision(Operation.OPEN, "SOL", Side.LONG, new BigDecimal("0.1"), 2,
                "r"), new BigDecimal("150"), "t3");

        Map<Long, Portfolio> all = repository.loadAll(java.util.List.of(flat, trader, other, trader, 4242L));

        assertThat(all).containsOnlyKeys(flat, trader, other);
        assertThat(all.get(flat)).isEqualTo(repository.load(flat));
        assertThat(all.get(trader)).isEqualTo(repository.load(trader));
        assertThat(all.get(other)).isEqualTo(repository.load(other));
        assertThat(all.get(trader).positions()).extracting(Position::symbol).containsExactly("BTC", "ETH");
        assertThat(all.get(flat).positions()).isEmpty();
        assertThat(repository.loadAll(java.util.List.of())).isEmpty();
    }
}
