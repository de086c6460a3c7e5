package io.camelarena.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.account.Side;
import io.camelarena.decision.Operation;
import io.camelarena.decision.TradeDecision;
import io.camelarena.execution.OrderExecutor.OrderMarket;
import io.camelarena.execution.PositionWatcher.FundingQuote;
import io.camelarena.execution.PositionWatcher.Outcome;
import io.camelarena.execution.PositionWatcher.RoundMarket;
import io.camelarena.market.Candle;
import io.camelarena.market.OrderBook;
import io.camelarena.market.OrderBook.Level;
import io.camelarena.market.OrderBookFetch;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The golden scenario of docs/ledger.md ("Worked example"), every number computed by hand there and asserted here:
 * alpha's 10x BTC long pays funding at the next tick and is liquidated between ticks; beta's 5x ETH short receives
 * funding, then gaps through its stop-loss; beta's 2x SOL long reaches its take-profit; gamma's 3x ETH long fills by
 * walking an order book. Taker fee 0.07%; no slippage but gamma's book walk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerGoldenScenarioTest {

    private static final BigDecimal FEE_RATE = new BigDecimal("0.0007");
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-25T13:00:00Z");
    private static final Instant WATCH = Instant.parse("2026-11-25T13:05:00Z");

    private H2TestDatabase db;
    private long alpha;
    private long beta;
    private Outcome tick2;
    private Outcome watch;

    @BeforeAll
    void play() {
        db = new H2TestDatabase();
        alpha = db.insertAccount("alpha", m("10000"));
        beta = db.insertAccount("beta", m("10000"));
        OrderExecutor executor = new OrderExecutor(db.dataSource(), FEE_RATE, Map.of(),
                Clock.fixed(T0, ZoneOffset.UTC));
        // tick 1 (12:00): venue max leverage BTC 50 (mmr 0.01), ETH 25 (0.02), SOL 20 (0.025); hourly funding
        // 0.0000125 for BTC and ETH, none known for SOL
        assertThat(executor.execute(alpha, open("BTC", Side.LONG, "0.5", 10, null, null), d("100000"), "t1", "a1",
                new OrderMarket(FillPricer.NONE, 50, d("0.0000125"))).executed()).isTrue();
        assertThat(executor.execute(beta, open("ETH", Side.SHORT, "0.2", 5, null, d("2600")), d("2500"), "t1", "b1",
                new OrderMarket(FillPricer.NONE, 25, d("0.0000125"))).executed()).isTrue();
        assertThat(executor.execute(beta, open("SOL", Side.LONG, "0.5", 2, d("210"), null), d("200"), "t1", "b2",
                new OrderMarket(FillPricer.NONE, 20, null)).executed()).isTrue();

        PositionWatcher watcher = new PositionWatcher(db.dataSource(), FEE_RATE);
        // tick 2 (13:00): one hour of funding at the marks; no candle since the opens
        tick2 = watcher.apply(List.of(alpha, beta), Map.of(),
                new RoundMarket(Map.of("BTC", d("99000"), "ETH", d("2450"), "SOL", d("205")),
                        Map.of("BTC", new FundingQuote(d("99000"), d("0.0000125")),
                                "ETH", new FundingQuote(d("2450"), d("0.0000125"))), "t2"),
                T1, FillPricer.NONE);
        // between ticks (13:05): the 1-minute candles 13:00 to 13:04
        watch = watcher.apply(List.of(alpha, beta), Map.of(
                "BTC", List.of(candle(0, "99000", "99100", "98500", "98600"),
                        candle(1, "98600", "98700", "90000", "90500"),
                        candle(2, "90500", "91000", "90000", "90800")),
                "ETH", List.of(candle(0, "2450", "2500", "2440", "2490"),
                        candle(1, "2490", "2550", "2480", "2540"),
                        candle(2, "2620", "2630", "2610", "2625")),
                "SOL", List.of(candle(0, "205", "207", "204", "206"),
                        candle(1, "206", "211", "205", "210"))),
                RoundMarket.BETWEEN_TICKS, WATCH, FillPricer.NONE);
    }

    @AfterAll
    void close() {
        db.close();
    }

    @Test
    void opensRecordTheirExitsLiquidationPricesAndWatermarks() {
        // funding and the exits since changed the positions: the order rows keep what was opened
        assertThat(db.row("SELECT quantity, price, reference_price, notional, margin, fee, cause FROM orders"
                + " WHERE decision_id = 'a1'")).containsEntry("quantity", m("0.05")).containsEntry("price", m("100000"))
                .containsEntry("reference_price", m("100000")).containsEntry("notional", m("5000"))
                .containsEntry("margin", m("500")).containsEntry("fee", m("3.5")).containsEntry("cause", "DECISION");
        assertThat(db.row("SELECT quantity, margin, fee FROM orders WHERE decision_id = 'b1'"))
                .containsEntry("quantity", m("0.8")).containsEntry("margin", m("400")).containsEntry("fee", m("1.4"));
        assertThat(db.row("SELECT quantity, margin, fee FROM orders WHERE decision_id = 'b2'"))
                .containsEntry("quantity", m("23.9965")).containsEntry("margin", m("2399.65"))
                .containsEntry("fee", m("3.35951"));
    }

    @Test
    void gammasOpenWalksTheOrderBook() {
        // gamma opens a 3x ETH long with 0.3 of 10,000 at the tick's 2,500; the book's asks 0.5 @ 2,500.5,
        // 0.5 @ 2,501, 1 @ 2,502 fill the 3,000 / 2,500 = 1.2 it buys at the reference at
        // (1,250.25 + 1,250.5 + 0.2 x 2,502) / 1.2 = 2,500.95833334 (a buy rounds up); at that price the budget buys
        // 3,000 / 2,500.95833334 = 1.19954017, which the walk fills at
        // (1,250.25 + 1,250.5 + 0.19954017 x 2,502) / 1.19954017 = 2,999.99950534 / 1.19954017 = 2,500.95793403
        long gamma = db.insertAccount("gamma", m("10000"));
        OrderBook book = new OrderBook("ETH", List.of(new Level(d("2499.5"), d("5"))), List.of(
                new Level(d("2500.5"), d("0.5")), new Level(d("2501"), d("0.5")), new Level(d("2502"), d("1"))), T0);
        FillPricer pricer = new FillPricers(SlippageModel.BOOK, d("2"), symbol -> new OrderBookFetch(symbol, book, null))
                .forRound("t1");
        OrderExecutor executor = new OrderExecutor(db.dataSource(), FEE_RATE, Map.of(), Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(executor.execute(gamma, open("ETH", Side.LONG, "0.3", 3, null, null), d("2500"), "t1", "g1",
                new OrderMarket(pricer, 25, null)).executed()).isTrue();

        // notional 1.19954017 x 2,500.95793403 = 2,999.99950535 (within the budget of 3,000); margin / 3 =
        // 999.99983512; fee x 0.0007 = 2.09999965
        assertThat(db.row("SELECT quantity, price, reference_price, notional, margin, fee FROM orders"
                + " WHERE decision_id = 'g1'")).containsEntry("quantity", m("1.19954017"))
                .containsEntry("reference_price", m("2500")).containsEntry("price", m("2500.95793403"))
                .containsEntry("notional", m("2999.99950535")).containsEntry("margin", m("999.99983512"))
                .containsEntry("fee", m("2.09999965"));
        // cash 10,000 - 999.99983512 - 2.09999965 = 8,997.90016523; liquidation price with mmr 1 / (2 x 25) = 0.02:
        // (2,500.95793403 x 1.19954017 - 999.99983512) / (1.19954017 x 0.98) = 1,701.33192791
        assertThat(db.row("SELECT current_cash FROM accounts WHERE id = " + gamma))
                .containsEntry("current_cash", m("8997.90016523"));
        assertThat(db.row("SELECT liquidation_price FROM positions WHERE account_id = " + gamma))
                .containsEntry("liquidation_price", m("1701.33192791"));
    }

    @Test
    void liquidationPricesAtOpen() {
        // long (e·q − M) / (q·(1 − mmr)); short (e·q + M) / (q·(1 + mmr))
        assertThat(LedgerMath.liquidationPrice(Side.LONG, d("100000"), m("0.05"), m("500"), m("0.01")))
                .contains(m("90909.09090909"));
        assertThat(LedgerMath.liquidationPrice(Side.SHORT, d("2500"), m("0.8"), m("400"), m("0.02")))
                .contains(m("2941.17647059"));
        assertThat(LedgerMath.liquidationPrice(Side.LONG, d("200"), m("23.9965"), m("2399.65"), m("0.025")))
                .contains(m("102.56410256"));
    }

    @Test
    void fundingAccruesOneRowEachWayAtTheTickAndOneAtEachCloseBetweenTicks() {
        assertThat(tick2.fundingAccruals()).isEqualTo(2);
        assertThat(tick2.exits()).isZero();
        List<Map<String, Object>> rows = db.rows("SELECT account_id, symbol, side, quantity, mark_price, hourly_rate,"
                + " hours, amount, tick_id FROM funding_payments ORDER BY id");
        assertThat(rows).hasSize(4);
        // BTC long pays 0.05 x 99000 x 0.0000125 x 1 h = 0.061875
        assertThat(rows.get(0)).containsEntry("symbol", "BTC").containsEntry("side", "long")
                .containsEntry("mark_price", m("99000")).containsEntry("hours", m("1"))
                .containsEntry("amount", m("0.061875")).containsEntry("tick_id", "t2");
        assertThat((BigDecimal) rows.get(0).get("hourly_rate")).isEqualByComparingTo("0.0000125");
        // ETH short receives 0.8 x 2450 x 0.0000125 x 1 h = 0.0245
        assertThat(rows.get(1)).containsEntry("symbol", "ETH").containsEntry("side", "short")
                .containsEntry("amount", m("-0.0245"));
        // the liquidation closes BTC at 13:02 (end of the 13:01 candle): 2 minutes = 0.03333333 h at the last known
        // rate, marked at the liquidation price: 0.05 x 90910.34090909 x 0.0000125 x 0.03333333 = 0.00189397
        assertThat(rows.get(2)).containsEntry("symbol", "BTC").containsEntry("mark_price", m("90910.34090909"))
                .containsEntry("hours", m("0.03333333")).containsEntry("amount", m("0.00189397"))
                .containsEntry("tick_id", null);
        // the stop closes ETH at 13:03 (end of the 13:02 candle): 0.05 h at mark 2620 (its fill), -0.00131
        assertThat(rows.get(3)).containsEntry("symbol", "ETH").containsEntry("mark_price", m("2620"))
                .containsEntry("hours", m("0.05")).containsEntry("amount", m("-0.00131"));
    }

    @Test
    void theLongIsLiquidatedAtItsMovedLiquidationPriceAndLosesExactlyItsMargin() {
        assertThat(watch.liquidations()).isEqualTo(1);
        // margin 500 - 0.061875 = 499.938125 at the tick: liquidation price (5000 - 499.938125) / 0.0495 =
        // 90910.34090909; funding to the liquidation leaves 499.938125 - 0.00189397 = 499.93623103
        Map<String, Object> order = db.row("SELECT * FROM orders WHERE account_id = ? AND cause = 'LIQUIDATION'",
                alpha);
        assertThat(order).containsEntry("operation", "close").containsEntry("side", "long")
                .containsEntry("reference_price", m("90910.34090909")).containsEntry("price", m("90910.34090909"))
                .containsEntry("quantity", m("0.05")).containsEntry("notional", m("4545.51704545"))
                .containsEntry("margin", m("499.93623103")).containsEntry("fee", m("0"))
                // (90910.34090909 - 100000) x 0.05
                .containsEntry("realized_pnl", m("-454.48295455"))
                // margin + realized PnL
                .containsEntry("penalty", m("45.45327648")).containsEntry("decision_id", null);
        assertThat(db.row("SELECT cause FROM trades WHERE order_id = ?", order.get("id")))
                .containsEntry("cause", "LIQUIDATION");
        // cash untouched by the liquidation: 10000 - 500 - 3.5
        assertThat(db.row("SELECT current_cash, margin_in_use FROM accounts WHERE id = ?", alpha))
                .containsEntry("current_cash", m("9496.5")).containsEntry("margin_in_use", m("0"));
        assertThat(db.rows("SELECT * FROM positions WHERE account_id = ?", alpha)).isEmpty();
    }

    @Test
    void theShortGapsThroughItsStopAndFillsAtTheOpenWithTheFee() {
        assertThat(watch.stopLosses()).isEqualTo(1);
        Map<String, Object> order = db.row("SELECT * FROM orders WHERE account_id = ? AND cause = 'STOP_LOSS'", beta);
        // margin 400 + 0.0245 + 0.00131 = 400.02581; pnl (2500 - 2620) x 0.8 = -96; fee 2096 x 0.0007 = 1.4672
        assertThat(order).containsEntry("symbol", "ETH").containsEntry("reference_price", m("2620"))
                .containsEntry("price", m("2620")).containsEntry("notional", m("2096"))
                .containsEntry("margin", m("400.02581")).containsEntry("realized_pnl", m("-96"))
                .containsEntry("fee", m("1.4672")).containsEntry("penalty", m("0"));
    }

    @Test
    void theLongReachesItsTakeProfit() {
        assertThat(watch.takeProfits()).isEqualTo(1);
        Map<String, Object> order = db.row("SELECT * FROM orders WHERE account_id = ? AND cause = 'TAKE_PROFIT'",
                beta);
        // pnl (210 - 200) x 23.9965 = 239.965; notional 5039.265, fee 3.5274855
        assertThat(order).containsEntry("symbol", "SOL").containsEntry("price", m("210"))
                .containsEntry("margin", m("2399.65")).containsEntry("realized_pnl", m("239.965"))
                .containsEntry("fee", m("3.5274855"));
        // cash 10000 - 401.4 - 2403.00951 + 302.55861 + 2636.0875145
        assertThat(db.row("SELECT current_cash, margin_in_use FROM accounts WHERE id = ?", beta))
                .containsEntry("current_cash", m("10134.2366145")).containsEntry("margin_in_use", m("0"));
    }

    @Test
    void theIdentityHoldsForBothAccounts() {
        for (long account : List.of(alpha, beta)) {
            Map<String, Object> books = db.row("SELECT SUM(fee) AS fees, SUM(realized_pnl) AS pnl,"
                    + " SUM(penalty) AS penalties FROM orders WHERE account_id = ?", account);
            BigDecimal funding = db.decimal("SELECT COALESCE(SUM(amount), 0) FROM funding_payments"
                    + " WHERE account_id = ?", account);
            Map<String, Object> money = db.row("SELECT current_cash, margin_in_use FROM accounts WHERE id = ?",
                    account);
            BigDecimal fromBooks = m("10000").subtract((BigDecimal) books.get("fees")).subtract(funding)
                    .add((BigDecimal) books.get("pnl")).subtract((BigDecimal) books.get("penalties"));
            assertThat(((BigDecimal) money.get("current_cash")).add((BigDecimal) money.get("margin_in_use")))
                    .isEqualByComparingTo(fromBooks);
        }
    }

    @Test
    void aSecondRunOverTheSameCandlesChangesNothing() {
        Map<String, List<Map<String, Object>>> before = db.snapshot();
        Outcome again = new PositionWatcher(db.dataSource(), FEE_RATE).apply(List.of(alpha, beta), Map.of(
                "SOL", List.of(candle(1, "206", "211", "205", "210"))), RoundMarket.BETWEEN_TICKS, WATCH,
                FillPricer.NONE);
        assertThat(again).isEqualTo(Outcome.NOTHING);
        assertThat(db.snapshot()).isEqualTo(before);
    }

    private static Candle candle(int minute, String open, String high, String low, String close) {
        Instant start = T1.plus(Duration.ofMinutes(minute));
        return new Candle(start, start.plusSeconds(60).minusMillis(1), d(open), d(high), d(low), d(close), d("1"));
    }

    private static TradeDecision open(String symbol, Side side, String portion, int leverage, BigDecimal takeProfit,
            BigDecimal stopLoss) {
        return new TradeDecision(Operation.OPEN, symbol, side, d(portion), leverage, "golden", takeProfit, stopLoss);
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    private static BigDecimal m(String value) {
        return PaperTradingMath.money(new BigDecimal(value));
    }
}
