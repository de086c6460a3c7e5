package io.camelarena.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camelarena.execution.H2TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecisionHistoryRepositoryTest {

    private final H2TestDatabase db = new H2TestDatabase();
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @AfterEach
    void close() {
        db.close();
    }

    private long order(long account, String operation, String realizedPnl, String fee) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO orders (account_id, symbol, operation, side, quantity, price, notional, leverage, margin, "
                        + "fee, realized_pnl, status) VALUES (?, 'BTC', ?, 'long', 0.1, 95000, 9500, 2, 4750, ?, ?, "
                        + "'FILLED')", java.sql.Statement.RETURN_GENERATED_KEYS)) {
            st.setLong(1, account);
            st.setString(2, operation);
            st.setBigDecimal(3, new BigDecimal(fee));
            st.setBigDecimal(4, new BigDecimal(realizedPnl));
            st.executeUpdate();
            try (var keys = st.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private void decision(long account, Instant time, String operation, String symbol, String status, String code,
            Long orderId, Integer replayOf, String reason) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO ai_decision_logs (account_id, decision_time, tick_id, reason, operation, symbol, "
                        + "direction, target_portion, total_balance, status, error_code, order_id, replay_of) "
                        + "VALUES (?, ?, 't', ?, ?, ?, 'long', 0.5, 10000, ?, ?, ?, ?)")) {
            st.setLong(1, account);
            st.setString(2, io.camelarena.support.IsoTimes.sqlDateTime(time));
            st.setString(3, reason);
            st.setString(4, operation);
            st.setString(5, symbol);
            st.setString(6, status);
            st.setString(7, code);
            st.setObject(8, orderId);
            st.setObject(9, replayOf);
            st.executeUpdate();
        }
    }

    @Test
    void theLastDecisionsBeforeTheTimeOldestFirstWithTheOrdersOutcome() throws Exception {
        long alpha = db.insertAccount("alpha", new BigDecimal("10000"));
        long beta = db.insertAccount("beta", new BigDecimal("10000"));
        long open = order(alpha, "open", "0", "6.65");
        long close = order(alpha, "close", "-12.5", "1.39");
        decision(alpha, T0.minusSeconds(900), "hold", null, "HOLD", null, null, null, "wait");
        decision(alpha, T0.minusSeconds(600), "open", "BTC", "EXECUTED", null, open, null, "breakout");
        decision(alpha, T0.minusSeconds(300), "close", "BTC", "EXECUTED", null, close, null, "stop");
        decision(alpha, T0.minusSeconds(250), "open", "ETH", "REJECTED", "INSUFFICIENT_CASH", null, null, "all in");
        // a replay of alpha's decision and a later decision are not alpha's history as of T0
        decision(alpha, T0.minusSeconds(200), "open", "SOL", "VALID", null, null, 2, "replayed");
        decision(alpha, T0.plusSeconds(1), "open", "DOGE", "EXECUTED", null, null, null, "future");

        Map<Long, DecisionHistory> h = new DecisionHistoryRepository(db.dataSource(), 3)
                .loadAll(List.of(alpha, beta), T0);

        assertThat(h.get(beta).entries()).isEmpty();
        assertThat(h.get(beta).available()).isTrue();
        assertThat(h.get(alpha).entries()).containsExactly(
                new DecisionHistory.Entry(T0.minusSeconds(600), "open", "BTC", "long", "EXECUTED", null, null,
                        new BigDecimal("6.65000000"), "breakout"),
                new DecisionHistory.Entry(T0.minusSeconds(300), "close", "BTC", "long", "EXECUTED", null,
                        new BigDecimal("-12.50000000"), new BigDecimal("1.39000000"), "stop"),
                new DecisionHistory.Entry(T0.minusSeconds(250), "open", "ETH", "long", "REJECTED",
                        "INSUFFICIENT_CASH", null, null, "all in"));
    }

    @Test
    void theLedgersClosesBetweenDecisionsAreEntriesInTimeOrderWithinTheLastN() throws Exception {
        long alpha = db.insertAccount("alpha", new BigDecimal("10000"));
        long open = order(alpha, "open", "0", "6.65");
        decision(alpha, T0.minusSeconds(900), "hold", null, "HOLD", null, null, null, "wait");
        decision(alpha, T0.minusSeconds(600), "open", "BTC", "EXECUTED", null, open, null, "breakout");
        exit(alpha, T0.minusSeconds(400), "LIQUIDATION", "-454.48", "0");
        decision(alpha, T0.minusSeconds(300), "hold", null, "HOLD", null, null, null, "wait");
        exit(alpha, T0.plusSeconds(10), "STOP_LOSS", "-1", "0.5"); // after the decision time: not yet

        DecisionHistory history = new DecisionHistoryRepository(db.dataSource(), 3).load(alpha, T0);

        assertThat(history.entries()).extracting(DecisionHistory.Entry::operation, DecisionHistory.Entry::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("open", "EXECUTED"),
                        org.assertj.core.groups.Tuple.tuple("close", "LIQUIDATION"),
                        org.assertj.core.groups.Tuple.tuple("hold", "HOLD"));
        DecisionHistory.Entry liquidation = history.entries().get(1);
        assertThat(liquidation.symbol()).isEqualTo("BTC");
        assertThat(liquidation.direction()).isEqualTo("long");
        assertThat(liquidation.realizedPnl()).isEqualByComparingTo("-454.48");
        assertThat(liquidation.fee()).isEqualByComparingTo("0");
        assertThat(liquidation.reason()).isNull();
    }

    /** An order the ledger made between decisions, created at {@code time}. */
    private void exit(long account, Instant time, String cause, String realizedPnl, String fee) throws Exception {
        long id = order(account, "close", realizedPnl, fee);
        try (Connection c = db.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(
                "UPDATE orders SET cause = ?, created_at = ? WHERE id = ?")) {
            st.setString(1, cause);
            st.setString(2, io.camelarena.support.IsoTimes.sqlDateTime(time));
            st.setLong(3, id);
            st.executeUpdate();
        }
    }

    @Test
    void manyAccountsAreReadInChunksOfOneStatement() throws Exception {
        List<Long> ids = LongStream.range(0, 230).map(i -> {
            try {
                long id = db.insertAccount("a" + i, BigDecimal.TEN);
                decision(id, T0.minusSeconds(60), "hold", null, "HOLD", null, null, null, "r" + i);
                return id;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).boxed().toList();

        Map<Long, DecisionHistory> h = new DecisionHistoryRepository(db.dataSource(), 5).loadAll(ids, T0);

        assertThat(h).hasSize(230);
        assertThat(h.get(ids.get(229)).entries()).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("r229"));
    }

    @Test
    void aDatabaseFailureIsAnExceptionTheDecisionStepTurnsIntoUnavailable() {
        javax.sql.DataSource down = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    throw new java.sql.SQLTransientConnectionException("pool exhausted");
                });
        assertThatThrownBy(() -> new DecisionHistoryRepository(down, 5)
                .loadAll(List.of(1L), T0)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("could not read the decision history of 1 account(s)");
        assertThat(new DecisionHistoryRepository(db.dataSource(), 0).loadAll(List.of(1L), T0).get(1L).entries())
                .isEmpty();
    }
}
