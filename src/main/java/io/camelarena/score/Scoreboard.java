package io.camelarena.score;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scoreboard's part of the leaderboard: each account's risk and return over a period, and the baselines' rows.
 * Holds the equity, order and price histories in memory, refreshed incrementally on every request (only rows written
 * since the last one are read), so a request costs the rows that are new plus the computation, not a read of the whole
 * history. One instance per runtime (a bean); safe for concurrent requests.
 */
public final class Scoreboard {

    private final ScoreMetrics metrics;
    private final BigDecimal feeRate;
    private final EquityHistory equity = new EquityHistory();
    private final OrderHistory orders = new OrderHistory();
    private final MarketHistory market;

    /**
     * @param symbols the configured symbols (arena.symbols): the basket
     * @param feeRate the ledger's taker fee rate (arena.trading.taker-fee-rate), paid by the baselines' opens
     */
    public Scoreboard(ScoreMetrics metrics, List<String> symbols, BigDecimal feeRate) {
        this.metrics = metrics;
        this.feeRate = feeRate;
        this.market = new MarketHistory(symbols);
    }

    /** Reads what was written since the last refresh and computes the baselines of the period. */
    public Board board(Connection c, Period period, BigDecimal initialCash, Instant now) throws SQLException {
        equity.refresh(c);
        orders.refresh(c);
        market.refresh(c);
        Map<Integer, LedgerTotals.Totals> ledger = LedgerTotals.byAccount(c, period);
        List<MarketHistory.PriceTick> ticks = market.ticks(period);
        List<Baselines.Baseline> baselines = new ArrayList<>();
        Baselines.Baseline btc = initialCash == null ? null
                : Baselines.buyAndHoldBtc(ticks, market.symbols(), initialCash, feeRate);
        Baselines.Baseline basket = initialCash == null ? null
                : Baselines.equalWeightBasket(ticks, market.symbols(), initialCash, feeRate);
        if (btc != null) {
            baselines.add(btc);
        }
        if (basket != null) {
            baselines.add(basket);
        }
        return new Board(period, now, ledger, btc, baselines);
    }

    /** One request's view: the period, the BTC baseline every account is compared with, the baselines' rows. */
    public final class Board {

        private final Period period;
        private final Instant now;
        private final Map<Integer, LedgerTotals.Totals> ledger;
        private final Baselines.Baseline btc;
        private final List<Baselines.Baseline> baselines;

        private Board(Period period, Instant now, Map<Integer, LedgerTotals.Totals> ledger, Baselines.Baseline btc,
                List<Baselines.Baseline> baselines) {
            this.period = period;
            this.now = now;
            this.ledger = ledger;
            this.btc = btc;
            this.baselines = baselines;
        }

        /**
         * An account's score fields and its equity series over the period.
         *
         * @param equityNow     the equity now, or null when it is not a valuation (a held symbol has no price)
         * @param unrealizedNow the open positions' unrealized PnL now
         * @param valuedAt      the time of the prices equityNow is valued at (the latest tick with prices), or null
         */
        public Scored account(int accountId, Instant createdAt, BigDecimal initialCash, BigDecimal equityNow,
                BigDecimal unrealizedNow, Instant valuedAt) {
            boolean reachesNow = period.reachesNow(now);
            EquitySeries series = equity.series(accountId, createdAt.toEpochMilli(), EquitySeries.cents(initialCash),
                    period, valuedAt == null ? Long.MIN_VALUE : valuedAt.toEpochMilli(), reachesNow && equityNow != null ? EquitySeries.cents(equityNow) : null);
            Activity activity = orders.activity(accountId, period)
                    .withLedger(ledger.getOrDefault(accountId, LedgerTotals.Totals.NONE));
            long[] benchmark = null;
            if (btc != null) {
                benchmark = new long[series.size()];
                long start = btc.series().cents()[0];
                for (int i = 0; i < benchmark.length; i++) {
                    benchmark[i] = btc.series().centsAt(series.times()[i], start);
                }
            }
            Map<String, Object> fields = metrics.score(series, orders.trades(accountId, period), activity,
                    reachesNow ? unrealizedNow : null, benchmark);
            return new Scored(fields, series);
        }

        /** The baselines' rows: name, symbols, equity at the period's end, score fields and series. */
        public List<Scored> baselines() {
            List<Scored> rows = new ArrayList<>();
            for (Baselines.Baseline b : baselines) {
                EquitySeries s = b.series();
                Activity activity = new Activity(BigDecimal.ZERO, b.fees(), b.symbols().size(), BigDecimal.ZERO,
                        BigDecimal.ZERO, 0, 0, 0);
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("account", b.name());
                fields.put("symbols", String.join(",", b.symbols()));
                fields.put("initial_cash", s.equity(0));
                fields.put("equity", s.equity(s.size() - 1));
                fields.putAll(metrics.score(s, List.of(), activity, null, btc == null ? null : aligned(s)));
                rows.add(new Scored(fields, s));
            }
            return rows;
        }

        private long[] aligned(EquitySeries s) {
            long[] benchmark = new long[s.size()];
            for (int i = 0; i < benchmark.length; i++) {
                benchmark[i] = btc.series().centsAt(s.times()[i], btc.series().cents()[0]);
            }
            return benchmark;
        }
    }

    /** Score fields (names as the API gives them) and the equity series they were computed from. */
    public record Scored(Map<String, Object> fields, EquitySeries series) {
    }
}
