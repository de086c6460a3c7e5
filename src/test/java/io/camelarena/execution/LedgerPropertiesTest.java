package io.camelarena.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.lists;

import io.camelarena.account.Portfolio;
import io.camelarena.account.PortfolioRepository;
import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.decision.Operation;
import io.camelarena.decision.TradeDecision;
import io.camelarena.execution.OrderExecutor.OrderMarket;
import io.camelarena.execution.PositionWatcher.FundingQuote;
import io.camelarena.execution.PositionWatcher.RoundMarket;
import io.camelarena.market.Candle;
import io.camelarena.support.PropertyRuns;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The ledger over random sequences of opens (both sides, leverage 1..50 clamped to a venue maximum of 1..50, exits
 * on and off), closes, ticks (prices and funding at a random rate of either sign, after up to two hours) and watcher
 * runs over 1 to 6 one-minute candles whose opens may gap up to ±20% from the previous close; every fill of a try
 * slips 0 to 50 basis points against the trader (the FillPricer contract). After every step:
 * <ul>
 *   <li>cash ≥ 0 and accounts.margin_in_use = the sum of the positions' margins;</li>
 *   <li>the identity, exactly: cash + margins = initial cash − fees − funding paid + funding received + realized PnL
 *       − penalties (from the order and funding rows), so with the unrealized PnL both sides are the equity;</li>
 *   <li>no close takes more than the margin it releases (margin + realized PnL − fee − penalty ≥ 0), and a
 *       liquidation takes exactly that margin (= 0);</li>
 *   <li>no position survives a candle beyond its liquidation price (long: low ≤ it; short: high ≥ it), and a
 *       surviving position has checked every candle of the run.</li>
 * </ul>
 */
class LedgerPropertiesTest {

    private static final BigDecimal FEE_RATE = new BigDecimal("0.0007");
    private static final BigDecimal INITIAL_CASH = new BigDecimal("10000.00000000");
    private static final List<String> SYMBOLS = List.of("BTC", "ETH");
    private static final Map<String, BigDecimal> START = Map.of("BTC", new BigDecimal("100000"),
            "ETH", new BigDecimal("2500"));

    private static H2TestDatabase db;
    private static final AtomicInteger ACCOUNTS = new AtomicInteger();
    /** What the runs did, over all tries: the property must have met every kind of event. */
    private static final Map<String, AtomicInteger> SEEN = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void startDatabase() {
        db = new H2TestDatabase();
    }

    @AfterAll
    static void stopDatabase() {
        db.close();
    }

    /**
     * A slippage of {@code bps} basis points against the trader on every fill (0: none), as the order-book work's
     * pricers promise: never better for the trader than the reference.
     */
    static FillPricer slipping(int bps) {
        BigDecimal rate = BigDecimal.valueOf(bps, 4);
        return (symbol, buy, quantity, reference) -> PaperTradingMath.money(reference.multiply(buy
                ? BigDecimal.ONE.add(rate) : BigDecimal.ONE.subtract(rate)));
    }

    /** One step: its kind and a seed for the rest of its draws (sides, portions, exits, candles). */
    record Step(int kind, int symbol, long seed) {
    }

    @Test
    void theIdentityCashMarginsAndLiquidationsHoldOverRandomPathsWithGaps() {
        PropertyRuns.qt(40, 200).forAll(sequences(), integers().between(0, 50))
                .checkAssert((steps, bps) -> new Run(slipping(bps)).play(steps));

        assertThat(SEEN.keySet()).as("events met: %s", SEEN).contains("LIQUIDATION", "STOP_LOSS", "TAKE_PROFIT",
                "funding", "gap liquidation");
    }

    private static void seen(String what, int count) {
        if (count > 0) {
            SEEN.computeIfAbsent(what, k -> new AtomicInteger()).addAndGet(count);
        }
    }

    static Gen<List<Step>> sequences() {
        Gen<Step> step = integers().between(0, 9).zip(integers().between(0, 1), longs().all(), Step::new);
        return lists().of(step).ofSizeBetween(1, 60);
    }

    /** A clock the run moves forward. */
    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final class Run {

        private final FillPricer pricer;

        Run(FillPricer pricer) {
            this.pricer = pricer;
        }

        private final long accountId = db.insertAccount("ledger-" + ACCOUNTS.incrementAndGet(), INITIAL_CASH);
        private final MovingClock clock = new MovingClock();
        private final OrderExecutor executor = new OrderExecutor(db.dataSource(), FEE_RATE, Map.of(), clock);
        private final PositionWatcher watcher = new PositionWatcher(db.dataSource(), FEE_RATE);
        private final PortfolioRepository portfolios = new PortfolioRepository(db.dataSource());
        private final Map<String, BigDecimal> prices = new LinkedHashMap<>(START);
        private final Map<String, BigDecimal> fundingRates = new HashMap<>();

        void play(List<Step> steps) {
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                String at = "step " + i + " " + step;
                Random random = new Random(step.seed());
                String symbol = SYMBOLS.get(step.symbol());
                if (step.kind() <= 2) {
                    open(symbol, random);
                } else if (step.kind() == 3) {
                    close(symbol, random);
                } else if (step.kind() <= 7) {
                    watch(at, random);
                } else {
                    tick(random);
                }
                assertBooks(at);
            }
        }

        private void open(String symbol, Random random) {
            Side side = random.nextBoolean() ? Side.LONG : Side.SHORT;
            BigDecimal price = prices.get(symbol);
            BigDecimal portion = List.of(new BigDecimal("1"), new BigDecimal("0.5"), new BigDecimal("0.2"),
                    new BigDecimal("0.05")).get(random.nextInt(4));
            int leverage = 1 + random.nextInt(50);
            int venueMax = 1 + random.nextInt(50);
            BigDecimal takeProfit = random.nextBoolean() ? null : away(price, side == Side.LONG, random);
            BigDecimal stopLoss = random.nextBoolean() ? null : away(price, side == Side.SHORT, random);
            BigDecimal rate = random.nextBoolean() ? null : rate(random);
            fundingRates.put(symbol, rate);
            executor.execute(accountId, new TradeDecision(Operation.OPEN, symbol, side, portion, leverage, "p",
                    takeProfit, stopLoss), price, "t", null, new OrderMarket(pricer, venueMax, rate));
        }

        /** A price 0.5% to 30% above (up) or below the given one, 8 decimals. */
        private static BigDecimal away(BigDecimal price, boolean up, Random random) {
            double move = 0.005 + 0.295 * random.nextDouble();
            return price.multiply(BigDecimal.valueOf(up ? 1 + move : 1 - move)).setScale(8, RoundingMode.HALF_EVEN);
        }

        private static BigDecimal rate(Random random) {
            return BigDecimal.valueOf(random.nextInt(2001) - 1000, 7); // -0.0001 .. 0.0001 an hour
        }

        private void close(String symbol, Random random) {
            BigDecimal portion = random.nextBoolean() ? BigDecimal.ONE : new BigDecimal("0.5");
            executor.execute(accountId, new TradeDecision(Operation.CLOSE, symbol, null, portion, 1, "p"),
                    prices.get(symbol), "t", null, new OrderMarket(pricer, null, null));
        }

        private void tick(Random random) {
            clock.now = clock.now.plus(Duration.ofMinutes(1 + random.nextInt(120)));
            Map<String, FundingQuote> funding = new HashMap<>();
            for (String symbol : SYMBOLS) {
                BigDecimal rate = random.nextInt(4) == 0 ? null : rate(random);
                if (rate != null) {
                    funding.put(symbol, new FundingQuote(prices.get(symbol), rate));
                }
            }
            var outcome = watcher.apply(List.of(accountId), Map.of(), new RoundMarket(prices, funding, "t"),
                    clock.now, pricer);
            seen("funding", outcome.fundingAccruals());
            // after the tick's price and its funding (which moves liquidation prices), no position is beyond it
            for (Position position : portfolios.load(accountId).positions()) {
                BigDecimal liquidation = position.liquidationPrice();
                BigDecimal price = prices.get(position.symbol());
                if (liquidation != null) {
                    assertThat(position.side() == Side.LONG ? price.compareTo(liquidation) > 0
                            : price.compareTo(liquidation) < 0)
                            .as("%s went into the decisions at %s beyond its liquidation price %s", position, price,
                                    liquidation).isTrue();
                }
            }
        }

        private void watch(String at, Random random) {
            Instant start = clock.now.plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            int count = 1 + random.nextInt(6);
            Map<String, List<Candle>> candles = new HashMap<>();
            for (String symbol : SYMBOLS) {
                List<Candle> list = new ArrayList<>();
                BigDecimal close = prices.get(symbol);
                for (int i = 0; i < count; i++) {
                    // a gap of up to ±20% one candle in four, else up to ±1%
                    double gap = random.nextInt(4) == 0 ? random.nextDouble() * 0.4 - 0.2
                            : random.nextDouble() * 0.02 - 0.01;
                    BigDecimal open = positive(close.multiply(BigDecimal.valueOf(1 + gap)));
                    BigDecimal next = positive(open.multiply(BigDecimal.valueOf(1 + random.nextDouble() * 0.2
                            - 0.1)));
                    BigDecimal high = open.max(next).multiply(BigDecimal.valueOf(1 + random.nextDouble() * 0.05))
                            .setScale(8, RoundingMode.HALF_EVEN);
                    BigDecimal low = positive(open.min(next).multiply(BigDecimal.valueOf(1 - random.nextDouble()
                            * 0.05)));
                    Instant opened = start.plus(Duration.ofMinutes(i));
                    list.add(new Candle(opened, opened.plusSeconds(60).minusMillis(1), open, high, low, next,
                            BigDecimal.ONE));
                    close = next;
                }
                candles.put(symbol, list);
                prices.put(symbol, close);
            }
            clock.now = start.plus(Duration.ofMinutes(count)).plusSeconds(1);
            List<Position> before = portfolios.load(accountId).positions();
            var outcome = watcher.apply(List.of(accountId), candles, RoundMarket.BETWEEN_TICKS, clock.now, pricer);
            seen("LIQUIDATION", outcome.liquidations());
            seen("STOP_LOSS", outcome.stopLosses());
            seen("TAKE_PROFIT", outcome.takeProfits());
            for (Position position : before) {
                Candle first = candles.get(position.symbol()).get(0);
                BigDecimal liquidation = position.liquidationPrice();
                if (liquidation != null && (position.side() == Side.LONG ? first.open().compareTo(liquidation) <= 0
                        : first.open().compareTo(liquidation) >= 0)) {
                    seen("gap liquidation", 1);
                }
            }
            for (Position position : portfolios.load(accountId).positions()) {
                BigDecimal liquidation = position.liquidationPrice();
                for (Candle candle : candles.get(position.symbol())) {
                    if (liquidation != null) {
                        assertThat(position.side() == Side.LONG ? candle.low().compareTo(liquidation) > 0
                                : candle.high().compareTo(liquidation) < 0)
                                .as("%s survived %s beyond its liquidation price %s: %s", position, candle,
                                        liquidation, at).isTrue();
                    }
                }
                assertThat(position.ledger().checkedUntil()).as(at)
                        .isEqualTo(candles.get(position.symbol()).get(count - 1).closeTime().plusMillis(1));
            }
        }

        private static BigDecimal positive(BigDecimal value) {
            return value.setScale(8, RoundingMode.HALF_EVEN).max(new BigDecimal("0.00000001"));
        }

        private void assertBooks(String at) {
            Portfolio portfolio = portfolios.load(accountId);
            assertThat(portfolio.cash()).as("cash " + at).isNotNegative();
            BigDecimal margins = portfolio.positions().stream().map(Position::margin)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(portfolio.marginInUse()).as("margin_in_use " + at).isEqualByComparingTo(margins);

            Map<String, Object> books = db.row("SELECT COALESCE(SUM(fee), 0) AS fees, COALESCE(SUM(realized_pnl), 0)"
                    + " AS pnl, COALESCE(SUM(penalty), 0) AS penalties FROM orders WHERE account_id = ?", accountId);
            BigDecimal funding = db.decimal("SELECT COALESCE(SUM(amount), 0) FROM funding_payments"
                    + " WHERE account_id = ?", accountId);
            BigDecimal fromBooks = INITIAL_CASH.subtract((BigDecimal) books.get("fees")).subtract(funding)
                    .add((BigDecimal) books.get("pnl")).subtract((BigDecimal) books.get("penalties"));
            assertThat(portfolio.cash().add(portfolio.marginInUse())).as("identity " + at)
                    .isEqualByComparingTo(fromBooks);

            assertThat(db.rows("SELECT id FROM orders WHERE account_id = ? AND operation = 'close'"
                    + " AND margin + realized_pnl - fee - penalty < 0", accountId)).as("a close took more than its"
                    + " margin " + at).isEmpty();
            assertThat(db.rows("SELECT id FROM orders WHERE account_id = ? AND cause = 'LIQUIDATION'"
                    + " AND (margin + realized_pnl - penalty <> 0 OR fee <> 0)", accountId))
                    .as("a liquidation took other than its margin " + at).isEmpty();
        }
    }
}
