package io.camelarena.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.camelarena.account.Side;
import io.camelarena.config.ArenaDataSource;
import io.camelarena.decision.Operation;
import io.camelarena.decision.TradeDecision;
import io.camelarena.execution.OrderExecutor.OrderMarket;
import io.camelarena.execution.PositionWatcher.FundingQuote;
import io.camelarena.execution.PositionWatcher.Outcome;
import io.camelarena.execution.PositionWatcher.RoundMarket;
import io.camelarena.flow.MariaDbDatabases;
import io.camelarena.market.Candle;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The position watcher on the real MySQL-compatible server (MariaDB at 127.0.0.1:3306, InnoDB): the golden
 * liquidation's numbers (docs/ledger.md) come out the same, and watcher runs over the same candles at once (a tick's
 * check on one runtime, the group's watcher on another) apply them once, beside orders of the same accounts, without
 * deadlock. With CI=true it must run; elsewhere it skips when no server answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PositionWatcherMariaDbTest {

    private static final BigDecimal FEE_RATE = new BigDecimal("0.0007");
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-25T13:00:00Z");

    private String database;
    private HikariDataSource dataSource;
    private OrderExecutor executor;
    private PositionWatcher watcher;

    @BeforeAll
    void createDatabase() {
        database = MariaDbDatabases.create("arena_ledger");
        dataSource = ArenaDataSource.create(MariaDbDatabases.url(database), MariaDbDatabases.USER, "", 12, 10_000);
        ArenaDataSource.migrate(dataSource);
        executor = new OrderExecutor(dataSource, FEE_RATE, Map.of(), Clock.fixed(T0, ZoneOffset.UTC));
        watcher = new PositionWatcher(dataSource, FEE_RATE);
    }

    @AfterAll
    void dropDatabase() throws Exception {
        if (dataSource != null) {
            dataSource.close();
        }
        MariaDbDatabases.drop(database);
    }

    @Test
    void theGoldenLiquidationComesOutTheSame() throws Exception {
        long alpha = insertAccount("alpha");
        openBtcLong(alpha);
        watcher.apply(List.of(alpha), Map.of(), new RoundMarket(Map.of("BTC", d("99000")),
                Map.of("BTC", new FundingQuote(d("99000"), d("0.0000125"))), "t2"), T1, FillPricer.NONE);

        Outcome outcome = watcher.apply(List.of(alpha), Map.of("BTC", List.of(candle(0, "98600", "90000"),
                candle(1, "90500", "90000"))), RoundMarket.BETWEEN_TICKS, T1.plusSeconds(300), FillPricer.NONE);

        assertThat(outcome.liquidations()).isEqualTo(1);
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT price, margin, realized_pnl, penalty, fee FROM orders WHERE account_id = ?"
                        + " AND cause = 'LIQUIDATION'")) {
            st.setLong(1, alpha);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBigDecimal("price")).isEqualTo(m("90910.34090909"));
                // funding for the minute to the end of the crossing candle (13:01): 0.01666667 h
                assertThat(rs.getBigDecimal("margin")).isEqualTo(m("499.938125").subtract(m("0.00094698")));
                assertThat(rs.getBigDecimal("realized_pnl")).isEqualTo(m("-454.48295455"));
                assertThat(rs.getBigDecimal("fee")).isEqualTo(m("0"));
                assertThat(rs.getBigDecimal("realized_pnl").subtract(rs.getBigDecimal("penalty")))
                        .isEqualTo(rs.getBigDecimal("margin").negate());
            }
        }
        assertThat(money("SELECT current_cash FROM accounts WHERE id = " + alpha)).isEqualTo(m("9496.5"));
        assertBooksBalance(alpha);
    }

    @Test
    void watcherRunsOverTheSameCandlesAtOnceApplyThemOnceBesideOrders() throws Exception {
        List<Long> accounts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long account = insertAccount("crowd-" + i);
            openBtcLong(account);
            accounts.add(account);
        }
        Map<String, List<Candle>> crash = Map.of("BTC", List.of(candle(0, "99000", "99000"),
                candle(1, "98000", "80000")));
        int threads = 6;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Outcome>> runs = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                int n = i;
                runs.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    if (n % 2 == 0) {
                        // an order of one account at the same moment (it finds the position or not)
                        executor.execute(accounts.get(n), new TradeDecision(Operation.CLOSE, "BTC", Side.LONG,
                                new BigDecimal("0.5"), 1, "race"), d("98000"), "race", null, OrderMarket.NONE);
                    }
                    return watcher.apply(accounts, crash, RoundMarket.BETWEEN_TICKS, T1.plusSeconds(300),
                            FillPricer.NONE);
                }));
            }
            int liquidations = 0;
            for (Future<Outcome> run : runs) {
                liquidations += run.get(60, TimeUnit.SECONDS).liquidations();
            }
            assertThat(liquidations).isEqualTo(accounts.size());
        } finally {
            pool.shutdownNow();
        }
        for (long account : accounts) {
            assertThat(count("SELECT COUNT(*) FROM orders WHERE cause = 'LIQUIDATION' AND account_id = " + account))
                    .isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM positions WHERE account_id = " + account)).isZero();
            assertBooksBalance(account);
        }
    }

    private void openBtcLong(long account) {
        ExecutionResult opened = executor.execute(account, new TradeDecision(Operation.OPEN, "BTC", Side.LONG,
                new BigDecimal("0.5"), 10, "golden"), d("100000"), "t1", null,
                new OrderMarket(FillPricer.NONE, 50, d("0.0000125")));
        assertThat(opened.executed()).as(String.valueOf(opened.error())).isTrue();
    }

    /** cash + margin_in_use = initial − fees − funding + realized PnL − penalties, and margin_in_use = the margins. */
    private void assertBooksBalance(long account) throws SQLException {
        BigDecimal books = money("SELECT a.initial_cash - (SELECT COALESCE(SUM(fee), 0) FROM orders WHERE account_id"
                + " = a.id) - (SELECT COALESCE(SUM(amount), 0) FROM funding_payments WHERE account_id = a.id)"
                + " + (SELECT COALESCE(SUM(realized_pnl - penalty), 0) FROM orders WHERE account_id = a.id)"
                + " - a.current_cash - a.margin_in_use FROM accounts a WHERE a.id = " + account);
        assertThat(books).isZero();
        assertThat(money("SELECT a.margin_in_use - (SELECT COALESCE(SUM(margin), 0) FROM positions"
                + " WHERE account_id = a.id) FROM accounts a WHERE a.id = " + account)).isZero();
    }

    private static Candle candle(int minute, String open, String low) {
        Instant start = T1.plusSeconds(60L * minute);
        BigDecimal o = d(open);
        return new Candle(start, start.plusSeconds(60).minusMillis(1), o, o, d(low), d(low), d("1"));
    }

    private long insertAccount(String name) {
        return H2TestDatabase.insertAccount(dataSource, name, new BigDecimal("10000"));
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private BigDecimal money(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    private static BigDecimal m(String value) {
        return PaperTradingMath.money(new BigDecimal(value));
    }
}
