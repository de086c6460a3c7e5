package io.camelarena.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.account.Portfolio;
import io.camelarena.account.PortfolioRepository;
import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.decision.ErrorCode;
import io.camelarena.decision.Operation;
import io.camelarena.decision.TradeDecision;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderExecutorTest {

    private static final BigDecimal FEE_RATE = new BigDecimal("0.0007");
    private static final BigDecimal INITIAL_CASH = m("10000");

    private H2TestDatabase db;
    private OrderExecutor executor;
    private PortfolioRepository portfolios;
    private long accountId;

    @BeforeEach
    void setUp() {
        db = new H2TestDatabase();
        executor = new OrderExecutor(db.dataSource(), FEE_RATE);
        portfolios = new PortfolioRepository(db.dataSource());
        accountId = db.insertAccount("gpt-test", INITIAL_CASH);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static BigDecimal m(String value) {
        return new BigDecimal(value).setScale(8);
    }

    private static TradeDecision open(String symbol, Side side, String portion, int leverage) {
        return new TradeDecision(Operation.OPEN, symbol, side, new BigDecimal(portion), leverage, "test");
    }

    private static TradeDecision close(String symbol, String portion) {
        return new TradeDecision(Operation.CLOSE, symbol, null, new BigDecimal(portion), 1, "test");
    }

    @Test
    void anOrderTheDatabaseChoseAsADeadlockVictimIsAppliedAgainOnce() {
        OrderExecutor victim = new OrderExecutor(FailingDataSource.deadlockVictims(db.dataSource(), 2), FEE_RATE);

        ExecutionResult result = victim.execute(accountId, open("BTC", Side.LONG, "0.5", 2), new BigDecimal("100000"),
                "tick-1", "d-1");

        assertThat(result.executed()).isTrue();
        assertThat(db.rows("SELECT id FROM orders")).hasSize(1);
        assertThat(db.rows("SELECT id FROM positions")).hasSize(1);
        // 5,000 notional at 2x: margin 2,500 and fee 3.5 taken once
        assertThat(account()).containsEntry("current_cash", m("7496.5"));
    }

    @Test
    void anOrderChosenAsADeadlockVictimEveryTimeFailsWithNothingApplied() {
        OrderExecutor victim = new OrderExecutor(FailingDataSource.deadlockVictims(db.dataSource(),
                DeadlockRetry.ATTEMPTS), FEE_RATE);

        ExecutionResult result = victim.execute(accountId, open("BTC", Side.LONG, "0.5", 2), new BigDecimal("100000"),
                "tick-1", "d-1");

        assertThat(result.executed()).isFalse();
        assertThat(result.error().code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
        assertThat(result.error().message()).contains("deadlock victim " + DeadlockRetry.ATTEMPTS + " times");
        assertThat(db.rows("SELECT id FROM orders")).isEmpty();
        assertThat(account()).containsEntry("current_cash", m("10000"));
    }

    @Test
    void aTakeProfitThatSlippagePutsBelowTheEntryIsRefusedAndNothingIsApplied() {
        // valid against the tick's 100,000, but 10 bps of slippage fill the long at 100,100
        TradeDecision decision = new TradeDecision(Operation.OPEN, "BTC", Side.LONG, new BigDecimal("0.5"), 2,
                "test", new BigDecimal("100050"), null);
        FillPricer tenBps = (symbol, buy, quantity, reference) -> new BigDecimal("100100");
        ExecutionResult result = executor.execute(accountId, decision, new BigDecimal("100000"), "tick-1", "d-1",
                new OrderExecutor.OrderMarket(tenBps, null, null));

        assertThat(result.executed()).isFalse();
        assertThat(result.error().code()).isEqualTo(ErrorCode.INVALID_EXIT_PRICE);
        assertThat(result.error().message()).isEqualTo("take_profit 100050 of a long must be above the entry"
                + " 100100 (the fill price, after slippage)");
        assertThat(db.rows("SELECT id FROM orders")).isEmpty();
        assertThat(account()).containsEntry("current_cash", m("10000"));
    }

    private ExecutionResult execute(TradeDecision decision, String price) {
        return executor.execute(accountId, decision, new BigDecimal(price), "tick-1");
    }

    private Map<String, Object> account() {
        return db.row("SELECT current_cash, margin_in_use FROM accounts WHERE id = ?", accountId);
    }

    @Test
    void openLongWritesOrderTradeAndPositionAndDebitsMarginPlusFee() {
        // 10000 x 0.5 / 100000 = 0.05 BTC; notional 5000; margin 500 at 10x; fee 3.5; cash 9496.5
        ExecutionResult result = execute(open("BTC", Side.LONG, "0.5", 10), "100000");

        assertThat(result.executed()).isTrue();
        assertThat(result.error()).isNull();
        assertThat(result.quantity()).isEqualTo(m("0.05"));
        assertThat(result.fee()).isEqualTo(m("3.5"));
        assertThat(result.realizedPnl()).isEqualTo(m("0"));

        Map<String, Object> order = db.row("SELECT * FROM orders");
        assertThat(((Number) order.get("id")).longValue()).isEqualTo(result.orderId());
        assertThat(order).containsEntry("account_id", (int) accountId).containsEntry("tick_id", "tick-1")
                .containsEntry("symbol", "BTC").containsEntry("operation", "open").containsEntry("side", "long")
                .containsEntry("quantity", m("0.05")).containsEntry("price", m("100000"))
                .containsEntry("notional", m("5000")).containsEntry("leverage", 10)
                .containsEntry("margin", m("500")).containsEntry("fee", m("3.5"))
                .containsEntry("realized_pnl", m("0")).containsEntry("status", "FILLED");

        Map<String, Object> trade = db.row("SELECT * FROM trades");
        assertThat(trade).containsEntry("order_id", (int) (long) result.orderId())
                .containsEntry("account_id", (int) accountId).containsEntry("symbol", "BTC")
                .containsEntry("side", "long").containsEntry("quantity", m("0.05"))
                .containsEntry("price", m("100000")).containsEntry("fee", m("3.5"))
                .containsEntry("realized_pnl", m("0"));

        assertThat(portfolios.load(accountId).positions()).usingRecursiveFieldByFieldElementComparatorIgnoringFields(
                "ledger").containsExactly(new Position("BTC", Side.LONG, m("0.05"), m("100000"), 10, m("500")));
        // (e·q − M) / (q·(1 − mmr)) = (5000 − 500) / (0.05 × 0.95), mmr 0.05 when the venue gives no max leverage
        assertThat(portfolios.load(accountId).positions().get(0).liquidationPrice()).isEqualTo(m("94736.84210526"));
        assertThat(account()).containsEntry("current_cash", m("9496.5")).containsEntry("margin_in_use", m("500"));
    }

    @Test
    void closeLongDeletesPositionReleasesMarginAndCreditsPnlMinusFee() {
        execute(open("BTC", Side.LONG, "0.5", 10), "100000");

        // pnl (110000 - 100000) x 0.05 = 500; fee 5500 x 0.0007 = 3.85; cash 9496.5 + 500 + 500 - 3.85 = 10492.65
        ExecutionResult result = execute(close("BTC", "1"), "110000");

        assertThat(result.executed()).isTrue();
        assertThat(result.realizedPnl()).isEqualTo(m("500"));
        assertThat(result.fee()).isEqualTo(m("3.85"));
        assertThat(result.quantity()).isEqualTo(m("0.05"));
        assertThat(db.rows("SELECT * FROM positions")).isEmpty();
        assertThat(account()).containsEntry("current_cash", m("10492.65")).containsEntry("margin_in_use", m("0"));

        Map<String, Object> order = db.row("SELECT * FROM orders WHERE id = ?", result.orderId());
        assertThat(order).containsEntry("operation", "close").containsEntry("side", "long")
                .containsEntry("quantity", m("0.05")).containsEntry("price", m("110000"))
                .containsEntry("notional", m("5500")).containsEntry("leverage", 10)
                .containsEntry("margin", m("500")).containsEntry("fee", m("3.85"))
                .containsEntry("realized_pnl", m("500")).containsEntry("status", "FILLED");
        assertThat(db.row("SELECT * FROM trades WHERE order_id = ?", result.orderId()))
                .containsEntry("realized_pnl", m("500")).containsEntry("fee", m("3.85"));
    }

    @Test
    void shortAt1xOpensAndClosesLikeAnyOtherPosition() {
        // 10000 x 0.3 / 2500 = 1.2 ETH; margin 3000 at 1x; fee 2.1; cash 6997.9
        ExecutionResult opened = execute(open("ETH", Side.SHORT, "0.3", 1), "2500");
        assertThat(opened.executed()).isTrue();
        assertThat(account()).containsEntry("current_cash", m("6997.9")).containsEntry("margin_in_use", m("3000"));

        // pnl (2500 - 2000) x 1.2 = 600; fee 2400 x 0.0007 = 1.68; cash 6997.9 + 3000 + 600 - 1.68 = 10596.22
        ExecutionResult closed = executor.execute(accountId,
                new TradeDecision(Operation.CLOSE, "ETH", Side.SHORT, BigDecimal.ONE, 1, "take profit"),
                new BigDecimal("2000"), "tick-2");

        assertThat(closed.executed()).isTrue();
        assertThat(closed.realizedPnl()).isEqualTo(m("600"));
        assertThat(db.rows("SELECT * FROM positions")).isEmpty();
        assertThat(account()).containsEntry("current_cash", m("10596.22")).containsEntry("margin_in_use", m("0"));
        assertThat(db.row("SELECT side, tick_id, leverage FROM orders WHERE id = ?", closed.orderId()))
                .containsEntry("side", "short").containsEntry("tick_id", "tick-2").containsEntry("leverage", 1);
    }

    @Test
    void partialCloseReducesQuantityAndMargin() {
        execute(open("BTC", Side.LONG, "0.5", 10), "100000");

        // 0.025 BTC closed, 250 margin released, pnl 500, fee 2.1; cash 9496.5 + 250 + 500 - 2.1 = 10244.4
        ExecutionResult result = execute(close("BTC", "0.5"), "120000");

        assertThat(result.executed()).isTrue();
        assertThat(portfolios.load(accountId).positions()).usingRecursiveFieldByFieldElementComparatorIgnoringFields(
                "ledger").containsExactly(new Position("BTC", Side.LONG, m("0.025"), m("100000"), 10, m("250")));
        assertThat(account()).containsEntry("current_cash", m("10244.4")).containsEntry("margin_in_use", m("250"));
    }

    @Test
    void holdTouchesNothing() {
        Map<String, List<Map<String, Object>>> before = db.snapshot();

        ExecutionResult result = execute(new TradeDecision(Operation.HOLD, null, null, null, 1, "wait"), "1");

        assertThat(result.isHold()).isTrue();
        assertThat(result.executed()).isFalse();
        assertThat(result.error()).isNull();
        assertThat(db.snapshot()).isEqualTo(before);
    }

    @Test
    void refusalsLeaveEveryTableUnchanged() {
        execute(open("BTC", Side.LONG, "0.1", 10), "100000");
        Map<String, List<Map<String, Object>>> before = db.snapshot();

        assertRefused(open("ETH", Side.LONG, "0.000000000001", 1), "2500", ErrorCode.QUANTITY_TOO_SMALL);
        assertRefused(open("BTC", Side.SHORT, "0.1", 2), "100000", ErrorCode.POSITION_EXISTS);
        assertRefused(close("ETH", "1"), "2500", ErrorCode.NO_POSITION);
        assertRefused(new TradeDecision(Operation.CLOSE, "BTC", Side.SHORT, BigDecimal.ONE, 1, "x"), "100000",
                ErrorCode.INVALID_DIRECTION);
        assertRefused(open("ETH", null, "0.1", 1), "2500", ErrorCode.INVALID_DIRECTION);
        assertRefused(open("ETH", Side.LONG, "1.5", 1), "2500", ErrorCode.PORTION_OUT_OF_RANGE);
        // in (0, 1] but not arithmetic to do under the account lock (1E-5000 would still take milliseconds)
        assertRefused(open("ETH", Side.LONG, "1E-5000", 1), "2500", ErrorCode.PORTION_OUT_OF_RANGE);
        assertRefused(open("ETH", Side.LONG, "1E-600000000", 1), "2500", ErrorCode.PORTION_OUT_OF_RANGE);
        assertRefused(open(null, Side.LONG, "0.1", 1), "2500", ErrorCode.MISSING_SYMBOL);
        assertRefused(open("ETH", Side.LONG, "0.1", 1), "0", ErrorCode.NO_PRICE);
        assertRefused(open("ETH", Side.LONG, "0.1", 1), "0.000000004", ErrorCode.NO_PRICE);

        assertThat(db.snapshot()).isEqualTo(before);
    }

    @Test
    void portionOneAt1xIsScaledDownToFitTheCashAndSaysSo() {
        // asked: 10000 / 2500 = 4 ETH, margin 10000 + fee 7 > cash 10000; scaled: 3.99720195 ETH (docs/trading.md)
        ExecutionResult result = execute(open("ETH", Side.LONG, "1", 1), "2500");

        assertThat(result.executed()).isTrue();
        assertThat(result.error()).isNull();
        assertThat(result.quantity()).isEqualTo(m("3.99720195"));
        assertThat(result.note()).contains("scaled down", "3.99720195 instead of 4");
        assertThat(db.row("SELECT quantity, notional, margin, fee FROM orders WHERE id = ?", result.orderId()))
                .containsEntry("quantity", m("3.99720195")).containsEntry("notional", m("9993.004875"))
                .containsEntry("margin", m("9993.004875")).containsEntry("fee", m("6.99510341"));
        assertThat(account()).containsEntry("current_cash", m("0.00002159"))
                .containsEntry("margin_in_use", m("9993.004875"));
        assertInvariants();
    }

    @Test
    void theOrderCarriesTheDecisionThatProducedIt() {
        ExecutionResult result = executor.execute(accountId, open("BTC", Side.LONG, "0.5", 10),
                new BigDecimal("100000"), "tick-1", "6f1c1f0e-7d4b-4a57-9a3e-5d0c1f7b2a10");

        assertThat(db.row("SELECT decision_id FROM orders WHERE id = ?", result.orderId()))
                .containsEntry("decision_id", "6f1c1f0e-7d4b-4a57-9a3e-5d0c1f7b2a10");
    }

    @Test
    void aFillCommittedBeforeTheConnectionFailsToCloseIsReportedFilled() {
        // The pool resets auto-commit when the connection is closed, after the commit; that can fail.
        OrderExecutor closeFails = new OrderExecutor(FailingDataSource.failingClose(db.dataSource()), FEE_RATE);

        ExecutionResult result = closeFails.execute(accountId, open("BTC", Side.LONG, "0.5", 10),
                new BigDecimal("100000"), "tick-1", "decision-close-fails");

        Map<String, Object> order = db.row("SELECT * FROM orders WHERE decision_id = 'decision-close-fails'");
        assertThat(result.executed()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.orderId()).isEqualTo(((Number) order.get("id")).longValue());
        assertThat(result.quantity()).isEqualTo(m("0.05"));
        assertThat(result.fee()).isEqualTo(m("3.5"));
        assertThat(result.realizedPnl()).isEqualTo(m("0"));
        assertThat(account()).containsEntry("current_cash", m("9496.5"));
    }

    @Test
    void aFillWhoseCommitAnswerWasLostIsReportedAsTheDatabaseHoldsIt() {
        OrderExecutor answerLost = new OrderExecutor(FailingDataSource.failingAfterCommit(db.dataSource()), FEE_RATE);

        ExecutionResult result = answerLost.execute(accountId, open("BTC", Side.LONG, "0.5", 10),
                new BigDecimal("100000"), "tick-1", "decision-answer-lost");

        assertThat(result.executed()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.orderId()).isEqualTo(((Number) db.row("SELECT id FROM orders WHERE decision_id = "
                + "'decision-answer-lost'").get("id")).longValue());
    }

    @Test
    void aFillThatDidNotCommitIsReportedFailedWithNothingApplied() {
        OrderExecutor commitFails = new OrderExecutor(FailingDataSource.failingCommit(db.dataSource()), FEE_RATE);
        Map<String, List<Map<String, Object>>> before = db.snapshot();

        ExecutionResult result = commitFails.execute(accountId, open("BTC", Side.LONG, "0.5", 10),
                new BigDecimal("100000"), "tick-1", "decision-commit-fails");

        assertThat(result.executed()).isFalse();
        assertThat(result.error().code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
        assertThat(result.error().message()).contains("commit refused", "nothing was applied");
        assertThat(db.snapshot()).isEqualTo(before);
    }

    @Test
    void closingALossBiggerThanTheMarginIsFilledAndTakesOnlyTheMargin() {
        // Isolated margin (docs/ledger.md): a close is never refused for cash. Portion 1 at 10x: 0.1 BTC, margin 1000,
        // fee 7, cash 8993.
        execute(open("BTC", Side.LONG, "1", 10), "100000");

        // at 1: pnl (1 - 100000) x 0.1 = -9999.9, fee 0.1 x 1 x 0.0007 = 0.00007; the close credits
        // 1000 - 9999.9 - 0.00007 = -8999.90007, so that much is waived (penalty -8999.90007) and cash stays 8993
        ExecutionResult result = execute(close("BTC", "1"), "1");

        assertThat(result.executed()).isTrue();
        assertThat(result.realizedPnl()).isEqualTo(m("-9999.9"));
        assertThat(result.note()).contains("8999.90007 waived");
        assertThat(db.row("SELECT penalty, cause, reference_price FROM orders WHERE id = ?", result.orderId()))
                .containsEntry("penalty", m("-8999.90007")).containsEntry("cause", "DECISION")
                .containsEntry("reference_price", m("1"));
        assertThat(portfolios.load(accountId).cash()).isEqualTo(m("8993"));
        assertThat(portfolios.load(accountId).positions()).isEmpty();
    }

    @Test
    void databaseFailureHalfwayRollsBackEverything() {
        // The UPDATE of accounts is the last statement of a fill: make it fail after order, trade and position rows
        db.execute("ALTER TABLE accounts ADD CONSTRAINT ck_test_margin CHECK (margin_in_use < 400)");
        Map<String, List<Map<String, Object>>> before = db.snapshot();

        ExecutionResult result = assertRefused(open("BTC", Side.LONG, "0.5", 10), "100000",
                ErrorCode.EXECUTION_FAILED);

        assertThat(result.error().message()).startsWith("could not execute open BTC for account " + accountId)
                .contains("SQLState").doesNotContain("\tat ").doesNotContain("\n");
        assertThat(db.snapshot()).isEqualTo(before);
    }

    @Test
    void unknownAccountFailsWithoutThrowing() {
        ExecutionResult result = executor.execute(accountId + 99, open("BTC", Side.LONG, "0.5", 10),
                new BigDecimal("100000"), "tick-1");

        assertThat(result.executed()).isFalse();
        assertThat(result.error().code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
        assertThat(result.error().message()).contains("not found");
    }

    @Test
    void positionIsReReadInsideTheTransactionNotTakenFromAStalePortfolio() {
        Portfolio seenByModel = portfolios.load(accountId);
        assertThat(seenByModel.position("BTC")).isEmpty();
        execute(open("BTC", Side.LONG, "0.1", 10), "100000");

        // a second decision made from the same (now stale) view must not open a second BTC position
        assertRefused(open("BTC", Side.LONG, "0.1", 10), "100000", ErrorCode.POSITION_EXISTS);
        assertThat(db.rows("SELECT * FROM positions")).hasSize(1);
    }

    @Test
    void concurrentDecisionsOnOneAccountAreSerializedByTheAccountLock() throws Exception {
        List<String> symbols = List.of("BTC", "ETH", "SOL", "XRP");
        ExecutorService pool = Executors.newFixedThreadPool(symbols.size());
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (String symbol : symbols) {
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        assertThat(execute(open(symbol, Side.SHORT, "0.05", 3), "100").executed()).isTrue();
                        assertThat(execute(close(symbol, "1"), "101").executed()).isTrue();
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(db.rows("SELECT * FROM orders")).hasSize(160);
        assertInvariants();
    }

    @Test
    void randomOpensAndClosesKeepTheBooksExact() {
        Random random = new Random(20240611L);
        Map<String, BigDecimal> prices = new LinkedHashMap<>(Map.of(
                "BTC", new BigDecimal("100000"), "ETH", new BigDecimal("2500"), "DOGE", new BigDecimal("0.12345678")));
        List<String> symbols = new ArrayList<>(prices.keySet());
        String[] portions = {"1", "0.5", "0.25", "0.1", "0.333333", "0.000000001"};
        Map<ErrorCode, Integer> refusals = new EnumMap<>(ErrorCode.class);
        int fills = 0;

        for (int step = 0; step < 400; step++) {
            String symbol = symbols.get(random.nextInt(symbols.size()));
            prices.put(symbol, movePrice(prices.get(symbol), random));
            String portion = portions[random.nextInt(portions.length)];
            // closes a bit more often than opens, so fewer steps are spent on POSITION_EXISTS
            TradeDecision decision = random.nextInt(10) < 4
                    ? open(symbol, random.nextBoolean() ? Side.LONG : Side.SHORT, portion, 1 + random.nextInt(10))
                    : close(symbol, portion);
            Map<String, List<Map<String, Object>>> before = db.snapshot();

            ExecutionResult result = executor.execute(accountId, decision, prices.get(symbol), "tick-" + step);

            if (result.executed()) {
                fills++;
                assertFillMatchesOrderRow(result);
            } else {
                assertThat(result.error()).as("step %d", step).isNotNull();
                assertThat(result.error().code()).isNotEqualTo(ErrorCode.EXECUTION_FAILED);
                refusals.merge(result.error().code(), 1, Integer::sum);
                assertThat(db.snapshot()).as("step %d refused with %s", step, result.error()).isEqualTo(before);
            }
            assertInvariants();
        }

        assertThat(fills).isGreaterThan(100);
        // with this seed every kind of refusal the executor can decide on its own turns up
        assertThat(refusals).containsKeys(ErrorCode.POSITION_EXISTS, ErrorCode.NO_POSITION,
                ErrorCode.QUANTITY_TOO_SMALL).doesNotContainKey(ErrorCode.INSUFFICIENT_CASH);
        assertThat(db.rows("SELECT * FROM orders WHERE operation = 'close' AND margin > 0")).isNotEmpty();
    }

    /** A random walk of at most 30% a step, kept at 8 decimals and above zero. */
    private static BigDecimal movePrice(BigDecimal price, Random random) {
        BigDecimal factor = BigDecimal.valueOf(0.7 + 0.6 * random.nextDouble());
        BigDecimal moved = price.multiply(factor).setScale(8, RoundingMode.HALF_EVEN);
        return moved.signum() > 0 ? moved : new BigDecimal("0.00000001");
    }

    private void assertFillMatchesOrderRow(ExecutionResult result) {
        Map<String, Object> order = db.row("SELECT quantity, fee, realized_pnl FROM orders WHERE id = ?",
                result.orderId());
        assertThat(order).containsEntry("quantity", result.quantity()).containsEntry("fee", result.fee())
                .containsEntry("realized_pnl", result.realizedPnl());
    }

    private ExecutionResult assertRefused(TradeDecision decision, String price, ErrorCode expected) {
        ExecutionResult result = execute(decision, price);
        assertThat(result.executed()).as("%s executed", decision).isFalse();
        assertThat(result.orderId()).isNull();
        assertThat(result.error()).isNotNull();
        assertThat(result.error().code()).as(result.error().message()).isEqualTo(expected);
        assertThat(result.error().message()).isNotBlank();
        return result;
    }

    /**
     * cash >= 0; margin_in_use = sum of positions.margin; cash + margin_in_use = initial cash - fees + realized PnL
     * - penalties (exactly: nothing is lost to rounding between order rows and the account); each position's quantity is the
     * sum of its fills since it was opened, and a symbol without a position has none left; every order has one
     * matching trade.
     */
    private void assertInvariants() {
        Portfolio portfolio = portfolios.load(accountId);
        assertThat(portfolio.cash()).isNotNegative();
        BigDecimal positionMargins = portfolio.positions().stream().map(Position::margin)
                .reduce(m("0"), BigDecimal::add);
        assertThat(portfolio.marginInUse()).isEqualTo(positionMargins);

        Map<String, Object> totals = db.row("SELECT COALESCE(SUM(fee), 0) AS fees,"
                + " COALESCE(SUM(realized_pnl), 0) AS pnl, COALESCE(SUM(penalty), 0) AS penalties FROM orders"
                + " WHERE account_id = ?", accountId);
        BigDecimal expectedBooks = INITIAL_CASH.subtract((BigDecimal) totals.get("fees"))
                .add((BigDecimal) totals.get("pnl")).subtract((BigDecimal) totals.get("penalties"));
        assertThat(portfolio.cash().add(portfolio.marginInUse())).isEqualByComparingTo(expectedBooks);

        Map<String, BigDecimal> quantityFromFills = quantitiesSinceOpen();
        for (Position position : portfolio.positions()) {
            assertThat(position.quantity()).isPositive();
            assertThat(position.margin()).isNotNegative();
            assertThat(quantityFromFills.remove(position.symbol())).as(position.symbol())
                    .isEqualByComparingTo(position.quantity());
        }
        assertThat(quantityFromFills.values()).allSatisfy(left -> assertThat(left).isZero());

        assertThat(db.rows("SELECT o.id FROM orders o LEFT JOIN trades t ON t.order_id = o.id"
                + " AND t.quantity = o.quantity AND t.price = o.price AND t.fee = o.fee"
                + " AND t.realized_pnl = o.realized_pnl AND t.side = o.side WHERE t.id IS NULL")).isEmpty();
        assertThat(db.rows("SELECT * FROM trades")).hasSameSizeAs(db.rows("SELECT * FROM orders"));
    }

    /** Replays the orders: an open sets the symbol's quantity, a close takes its quantity off. */
    private Map<String, BigDecimal> quantitiesSinceOpen() {
        Map<String, BigDecimal> quantities = new LinkedHashMap<>();
        for (Map<String, Object> order : db.rows(
                "SELECT symbol, operation, quantity FROM orders WHERE account_id = ? ORDER BY id", accountId)) {
            String symbol = (String) order.get("symbol");
            BigDecimal quantity = (BigDecimal) order.get("quantity");
            if ("open".equals(order.get("operation"))) {
                assertThat(quantities.getOrDefault(symbol, BigDecimal.ZERO)).as("open over open " + symbol).isZero();
                quantities.put(symbol, quantity);
            } else {
                quantities.merge(symbol, quantity.negate(), BigDecimal::add);
            }
        }
        return quantities;
    }
}
