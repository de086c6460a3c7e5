package io.camelarena.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.camelarena.account.Portfolio;
import io.camelarena.account.PortfolioRepository;
import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.decision.ErrorCode;
import io.camelarena.decision.Operation;
import io.camelarena.decision.TradeDecision;
import io.camelarena.support.PropertyRuns;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The executor over random sequences of open/close decisions (3 symbols, both sides, portions in (0, 1] including 1
 * and dust, leverage 1..10, each step moving the decision's symbol by up to ±30%). After every step:
 * <ul>
 *   <li>cash ≥ 0, and every position has a positive quantity and a non-negative margin;</li>
 *   <li>accounts.margin_in_use = sum of positions.margin;</li>
 *   <li>equity = cash + margin_in_use + unrealized PnL of the positions at the current prices, exactly; and it also
 *       equals initial cash - fees + realized PnL - penalties (a close's loss beyond its margin is waived, never taken
 *       from cash: isolated margin) (from the order rows) + that unrealized PnL, so no amount is lost
 *       to rounding between order rows and the account;</li>
 *   <li>each position's quantity equals the sum of its fills (trades) since it was opened, and a symbol without a
 *       position has nothing left; every fill wrote exactly one order and one matching trade;</li>
 *   <li>a refused order changes nothing (account row, positions, no order or trade row added).</li>
 * </ul>
 * One in-memory H2 database for the class, one fresh account per try (rows are scoped to it), so a try costs no
 * schema migration. Checks read only the rows a step added, so a try is linear in its length.
 */
class OrderExecutorPropertiesTest {

    private static final BigDecimal FEE_RATE = new BigDecimal("0.0007");
    private static final BigDecimal INITIAL_CASH = new BigDecimal("10000.00000000");
    private static final List<String> SYMBOLS = List.of("BTC", "ETH", "DOGE");
    private static final Map<String, BigDecimal> START_PRICES = Map.of("BTC", new BigDecimal("100000"),
            "ETH", new BigDecimal("2500"), "DOGE", new BigDecimal("0.12345678"));
    /** The walk stays within [start / BAND, start x BAND]: a wider band only adds steps stuck at the tick floor. */
    private static final BigDecimal BAND = new BigDecimal("50");

    private static H2TestDatabase db;
    private static OrderExecutor executor;
    private static final AtomicInteger ACCOUNTS = new AtomicInteger();

    @BeforeAll
    static void startDatabase() {
        db = new H2TestDatabase();
        executor = new OrderExecutor(db.dataSource(), FEE_RATE);
    }

    @AfterAll
    static void stopDatabase() {
        db.close();
    }

    /** One decision of the sequence, and the price move of its symbol that comes before it. */
    record Step(boolean open, int symbol, Side side, BigDecimal portion, int leverage, double priceFactor) {

        TradeDecision decision() {
            String name = SYMBOLS.get(symbol);
            return open ? new TradeDecision(Operation.OPEN, name, side, portion, leverage, "property")
                    : new TradeDecision(Operation.CLOSE, name, side, portion, 1, "property");
        }
    }

    /** 60 tries of 1 to 300 steps; a failing sequence is shrunk (fewer, simpler steps) before it is reported. */
    @Test
    void booksStayExactOverRandomSequences() {
        PropertyRuns.qt(60, 1_000).forAll(sequences()).checkAssert(steps -> new Run().play(steps));
    }

    /** 5 tries x 2,000 steps: 10,000 decisions, with fewer tries and no shrinking so the class stays fast. */
    @Test
    void tenThousandDecisions() {
        PropertyRuns.qt(5, 0).forAll(longSequences()).checkAssert(steps -> new Run().play(steps));
    }

    /**
     * Mostly short sequences, one in ten up to 300 steps: about 30 steps a try on average, as jqwik's size
     * distribution gave this property before, so the 60 tries cost about 1,800 decisions.
     */
    static Gen<List<Step>> sequences() {
        Gen<Integer> sizes = Generate.frequency(Pair.of(9, integers().between(1, 30)),
                Pair.of(1, integers().between(31, 300)));
        return lists().of(skippable(steps())).ofSizes(sizes)
                .map(steps -> steps.stream().filter(Objects::nonNull).toList());
    }

    static Gen<List<Step>> longSequences() {
        return lists().of(steps()).ofSize(2_000);
    }

    /**
     * One step in 20 is skipped (null, dropped from the sequence). A skip is where a step's first draw shrinks to:
     * it gives shrinking a way to shorten a failing sequence other than cutting its end (QuickTheories shrinks the
     * random draws, not the list).
     */
    private static Gen<Step> skippable(Gen<Step> steps) {
        Gen<Integer> skip = integers().between(0, 19);
        return in -> skip.generate(in) == 0 ? null : steps.generate(in);
    }

    private static Gen<Step> steps() {
        Gen<BigDecimal> portion = Generate.frequency(
                Pair.of(3, Generate.constant(BigDecimal.ONE)),
                Pair.of(1, Generate.pick(List.of(new BigDecimal("0.000000001"), new BigDecimal("1E-12"),
                        new BigDecimal("0.00000001"), new BigDecimal("0.99999999")))),
                // (0, 1] at 8 decimals
                Pair.of(6, longs().between(1, 100_000_000).map(units -> BigDecimal.valueOf(units, 8))));
        // A close names the side (right or wrong) or none, as models do.
        Gen<Side> side = Generate.pick(List.of(Side.LONG, Side.SHORT));
        Gen<Side> closeSide = Generate.frequency(Pair.of(4, Generate.constant((Side) null)), Pair.of(1, side));
        Gen<Integer> kind = integers().between(0, 9);
        Gen<Integer> symbol = integers().between(0, 2);
        Gen<Integer> leverage = integers().between(1, 10);
        Gen<Double> factor = doubles().between(0.7, 1.3);
        return in -> {
            // closes a bit more often than opens, so fewer steps are spent on POSITION_EXISTS
            boolean open = kind.generate(in) < 4;
            int s = symbol.generate(in);
            Side openSide = side.generate(in);
            Side sideOfClose = closeSide.generate(in);
            BigDecimal p = portion.generate(in);
            int l = leverage.generate(in);
            double f = factor.generate(in);
            return open ? new Step(true, s, openSide, p, l, f) : new Step(false, s, sideOfClose, p, l, f);
        };
    }

    /** One try: a fresh account and its running totals. */
    private static final class Run {

        private final long accountId = db.insertAccount("prop-" + ACCOUNTS.incrementAndGet(), INITIAL_CASH);
        private final PortfolioRepository portfolios = new PortfolioRepository(db.dataSource());
        private final Map<String, BigDecimal> prices = new LinkedHashMap<>(START_PRICES);
        /** Per symbol: the sum of trade quantities since its last open (opens add, closes subtract). */
        private final Map<String, BigDecimal> fillsSinceOpen = new HashMap<>();
        private BigDecimal fees = BigDecimal.ZERO;
        private BigDecimal realizedPnl = BigDecimal.ZERO;
        private BigDecimal penalties = BigDecimal.ZERO;
        private long lastOrderId;
        private long lastTradeId;
        private State previous;

        void play(List<Step> steps) {
            previous = state();
            for (int i = 0; i < steps.size(); i++) {
                step(i, steps.get(i));
            }
        }

        private void step(int index, Step step) {
            TradeDecision decision = step.decision();
            prices.put(decision.symbol(), move(decision.symbol(), step.priceFactor()));

            ExecutionResult result = executor.execute(accountId, decision, prices.get(decision.symbol()),
                    "prop-" + index);

            String at = "step " + index + " " + decision + " at " + prices.get(decision.symbol()) + " -> " + result;
            State after = state();
            if (result.executed()) {
                applyNewFill(at, result);
                // counted from the fill just read: the next refusal must add nothing on top of it
                after = new State(after.portfolio(), after.accountUpdatedAt(), 0, 0);
            } else {
                assertThat(result.error()).as(at).isNotNull();
                assertThat(result.error().code()).as(at).isNotEqualTo(ErrorCode.EXECUTION_FAILED);
                assertThat(after).as("a refusal changes nothing: " + at).isEqualTo(previous);
            }
            assertInvariants(at, after.portfolio());
            previous = after;
        }

        /** A random-walk step of at most ±30%, at 8 decimals, kept inside the band around the start price. */
        private BigDecimal move(String symbol, double factor) {
            BigDecimal start = START_PRICES.get(symbol);
            BigDecimal moved = prices.get(symbol).multiply(BigDecimal.valueOf(factor))
                    .setScale(8, RoundingMode.HALF_EVEN);
            BigDecimal low = start.divide(BAND, 8, RoundingMode.HALF_EVEN);
            BigDecimal high = start.multiply(BAND);
            return moved.max(low).min(high);
        }

        /**
         * What a refusal must leave alone: cash, margin and positions, the account row's last update, and no order
         * or trade added since the last fill.
         */
        private record State(Portfolio portfolio, Object accountUpdatedAt, long newOrders, long newTrades) {
        }

        private State state() {
            Map<String, Object> row = db.row("SELECT a.updated_at AS u,"
                    + " (SELECT COUNT(*) FROM orders WHERE account_id = ? AND id > ?) AS o,"
                    + " (SELECT COUNT(*) FROM trades WHERE account_id = ? AND id > ?) AS t"
                    + " FROM accounts a WHERE a.id = ?", accountId, lastOrderId, accountId, lastTradeId, accountId);
            return new State(portfolios.load(accountId), row.get("u"), ((Number) row.get("o")).longValue(),
                    ((Number) row.get("t")).longValue());
        }

        /** Reads the order and trade this fill added (exactly one of each) and folds them into the totals. */
        private void applyNewFill(String at, ExecutionResult result) {
            List<Map<String, Object>> orders = db.rows("SELECT * FROM orders WHERE account_id = ? AND id > ?"
                    + " ORDER BY id", accountId, lastOrderId);
            List<Map<String, Object>> trades = db.rows("SELECT * FROM trades WHERE account_id = ? AND id > ?"
                    + " ORDER BY id", accountId, lastTradeId);
            assertThat(orders).as(at).hasSize(1);
            assertThat(trades).as(at).hasSize(1);
            Map<String, Object> order = orders.get(0);
            Map<String, Object> trade = trades.get(0);
            lastOrderId = ((Number) order.get("id")).longValue();
            lastTradeId = ((Number) trade.get("id")).longValue();
            assertThat(lastOrderId).as(at).isEqualTo(result.orderId());
            assertThat(((Number) trade.get("order_id")).longValue()).as(at).isEqualTo(lastOrderId);
            for (String column : List.of("symbol", "side", "quantity", "price", "fee", "realized_pnl")) {
                assertThat(trade.get(column)).as(at + " trade." + column).isEqualTo(order.get(column));
            }
            assertThat(order.get("quantity")).as(at).isEqualTo(result.quantity());
            assertThat(order.get("fee")).as(at).isEqualTo(result.fee());
            assertThat(order.get("realized_pnl")).as(at).isEqualTo(result.realizedPnl());

            // The order row is consistent with itself: notional = quantity x price; fee from that notional.
            BigDecimal quantity = (BigDecimal) trade.get("quantity");
            BigDecimal notional = (BigDecimal) order.get("notional");
            assertThat(quantity).as(at).isPositive();
            assertThat(notional).as(at).isEqualByComparingTo(PaperTradingMath.money(
                    quantity.multiply((BigDecimal) order.get("price"))));
            assertThat((BigDecimal) order.get("fee")).as(at)
                    .isEqualByComparingTo(PaperTradingMath.fee(notional, FEE_RATE));

            String symbol = (String) trade.get("symbol");
            if ("open".equals(order.get("operation"))) {
                assertThat(fillsSinceOpen.getOrDefault(symbol, BigDecimal.ZERO)).as("open over open " + at).isZero();
                assertThat((BigDecimal) order.get("margin")).as(at).isEqualByComparingTo(notional.divide(
                        BigDecimal.valueOf((Integer) order.get("leverage")), 8, RoundingMode.HALF_EVEN));
                fillsSinceOpen.put(symbol, quantity);
            } else {
                fillsSinceOpen.merge(symbol, quantity.negate(), BigDecimal::add);
            }
            fees = fees.add((BigDecimal) trade.get("fee"));
            realizedPnl = realizedPnl.add((BigDecimal) trade.get("realized_pnl"));
            penalties = penalties.add((BigDecimal) order.get("penalty"));
        }

        private void assertInvariants(String at, Portfolio portfolio) {
            assertThat(portfolio.cash()).as("cash " + at).isNotNegative();

            BigDecimal margins = BigDecimal.ZERO;
            BigDecimal unrealized = BigDecimal.ZERO;
            Map<String, BigDecimal> open = new HashMap<>(fillsSinceOpen);
            for (Position position : portfolio.positions()) {
                assertThat(position.quantity()).as(at).isPositive();
                assertThat(position.margin()).as(at).isNotNegative();
                margins = margins.add(position.margin());
                BigDecimal move = prices.get(position.symbol()).subtract(position.avgEntryPrice());
                unrealized = unrealized.add((position.side() == Side.SHORT ? move.negate() : move)
                        .multiply(position.quantity()));
                BigDecimal fromFills = open.remove(position.symbol());
                assertThat(fromFills).as("fills of " + position.symbol() + " " + at).isNotNull()
                        .isEqualByComparingTo(position.quantity());
            }
            assertThat(open.values()).as("symbols without a position have no quantity left " + at)
                    .allSatisfy(left -> assertThat(left).isZero());

            assertThat(portfolio.marginInUse()).as("margin_in_use " + at).isEqualByComparingTo(margins);
            BigDecimal equity = portfolio.cash().add(portfolio.marginInUse()).add(unrealized);
            assertThat(portfolio.totalAssets(prices)).as("equity " + at).isEqualByComparingTo(equity);
            BigDecimal fromBooks = INITIAL_CASH.subtract(fees).add(realizedPnl).subtract(penalties).add(unrealized);
            assertThat(equity).as("equity from the order rows " + at).isEqualByComparingTo(fromBooks);
        }
    }
}
