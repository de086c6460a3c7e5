package io.camelarena.score;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scoreboard's part of the leaderboard: each account's risk and return over a period, and the baselines' rows.
 * Holds the equity, order and price histories in memory, refreshed incrementally on every request (only rows written
 * since the last one are read), so a request costs the rows that are new plus the computation, not a read of the whole
 * history. The score of an account is kept with what it was computed from (its series' size, ends and the period's
 * activity) and reused while they are the same: between ticks a request computes nothing again. One instance per
 * runtime (a bean); safe for concurrent requests.
 */
public final class Scoreboard {

    private final ScoreMetrics metrics;
    private final BigDecimal feeRate;
    private final EquityHistory equity = new EquityHistory();
    private final OrderHistory orders = new OrderHistory();
    private final MarketHistory market;
    /** Per account: the latest score and what it was computed from. */
    private final Map<Integer, Cached> scores = new ConcurrentHashMap<>();
    /** The baselines of the latest request and what they were computed from. */
    private volatile BaselineSet baselineCache;

    private record BaselineSet(List<Object> key, Baselines.Baseline btc, List<Scored> rows) {
    }

    /** What a score depends on: the same inputs give the same fields. */
    private record ScoreKey(Period period, int size, long firstTime, long firstCents, long lastTime, long lastCents,
            Activity activity, int trades, BigDecimal unrealizedNow, long benchmarkSize, long benchmarkLast) {
    }

    private record Cached(ScoreKey key, Map<String, Object> fields) {
    }

    /**
     * @param symbols the configured symbols (arena.symbols): the basket
     * @param feeRate the ledger's taker fee rate (arena.trading.taker-fee-rate), paid by the baselines' opens
     */
    public Scoreboard(ScoreMetrics metrics, List<String> symbols, BigDecimal feeRate) {
        this.metrics = metrics;
        this.feeRate = feeRate;
        this.market = new MarketHistory(symbols);
    }

    /**
     * Reads what was written since the last refresh. The runtime calls it once in the background at start-up, so that
     * the first request does not read the whole history.
     */
    public void refresh(Connection c) throws SQLException {
        equity.refresh(c);
        orders.refresh(c);
        market.refresh(c);
    }

    /** Reads what was written since the last refresh and computes the baselines of the period. */
    public Board board(Connection c, Period period, BigDecimal initialCash, Instant now) throws SQLException {
        refresh(c);
        Map<Integer, LedgerTotals.Totals> ledger = LedgerTotals.byAccount(c, period);
        List<MarketHistory.PriceTick> ticks = market.ticks(period);
        List<Object> key = java.util.Arrays.asList(period, initialCash, ticks.size(),
                ticks.isEmpty() ? null : ticks.get(ticks.size() - 1).time());
        BaselineSet set = baselineCache;
        if (set == null || !set.key().equals(key)) {
            Baselines.Baseline btc = initialCash == null ? null
                    : Baselines.buyAndHoldBtc(ticks, market.symbols(), initialCash, feeRate);
            Baselines.Baseline basket = initialCash == null ? null
                    : Baselines.equalWeightBasket(ticks, market.symbols(), initialCash, feeRate);
            List<Baselines.Baseline> baselines = new ArrayList<>();
            if (btc != null) {
                baselines.add(btc);
            }
            if (basket != null) {
                baselines.add(basket);
            }
            set = new BaselineSet(key, btc, score(baselines, btc));
            baselineCache = set;
        }
        return new Board(period, now, ledger, set.btc(), set.rows());
    }

    /** One request's view: the period, the BTC baseline every account is compared with, the baselines' rows. */
    public final class Board {

        private final Period period;
        private final Instant now;
        private final Map<Integer, LedgerTotals.Totals> ledger;
        private final Baselines.Baseline btc;
        private final List<Scored> baselineRows;

        private Board(Period period, Instant now, Map<Integer, LedgerTotals.Totals> ledger, Baselines.Baseline btc,
                List<Scored> baselineRows) {
            this.period = period;
            this.now = now;
            this.ledger = ledger;
            this.btc = btc;
            this.baselineRows = baselineRows;
        }

        /** The accounts' scores by account id, computed in parallel (a score whose inputs are unchanged is reused). */
        public Map<Integer, Scored> accounts(List<AccountInput> inputs) {
            Map<Integer, Scored> scored = new ConcurrentHashMap<>();
            inputs.parallelStream().forEach(in -> scored.put(in.accountId(), account(in.accountId(), in.createdAt(),
                    in.initialCash(), in.equityNow(), in.unrealizedNow(), in.valuedAt())));
            return scored;
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
                    period, valuedAt == null ? Long.MIN_VALUE : valuedAt.toEpochMilli(),
                    reachesNow && equityNow != null ? EquitySeries.cents(equityNow) : null);
            Activity activity = orders.activity(accountId, period)
                    .withLedger(ledger.getOrDefault(accountId, LedgerTotals.Totals.NONE));
            List<ClosedTrade> trades = orders.trades(accountId, period);
            BigDecimal unrealized = reachesNow ? unrealizedNow : null;
            int n = series.size();
            EquitySeries b = btc == null ? null : btc.series();
            ScoreKey key = new ScoreKey(period, n, n == 0 ? 0 : series.times()[0], n == 0 ? 0 : series.cents()[0],
                    n == 0 ? 0 : series.times()[n - 1], n == 0 ? 0 : series.cents()[n - 1], activity, trades.size(),
                    unrealized, b == null ? -1 : b.size(), b == null ? 0 : b.cents()[b.size() - 1]);
            Cached cached = scores.get(accountId);
            if (cached == null || !cached.key().equals(key)) {
                cached = new Cached(key, metrics.score(series, trades, activity, unrealized,
                        b == null ? null : aligned(series, b)));
                scores.put(accountId, cached);
            }
            return new Scored(cached.fields(), series);
        }

        /** The baselines' rows: name, symbols, equity at the period's end, score fields and series. */
        public List<Scored> baselines() {
            return baselineRows;
        }
    }

    /** The BTC baseline's equity at each time of {@code series} (its starting cash before its first tick). */
    private static long[] aligned(EquitySeries series, EquitySeries btc) {
        long[] benchmark = new long[series.size()];
        for (int i = 0; i < benchmark.length; i++) {
            benchmark[i] = btc.centsAt(series.times()[i], btc.cents()[0]);
        }
        return benchmark;
    }

    private List<Scored> score(List<Baselines.Baseline> baselines, Baselines.Baseline btc) {
        List<Scored> rows = new ArrayList<>();
        for (Baselines.Baseline b : baselines) {
            EquitySeries s = b.series();
            Activity activity = new Activity(BigDecimal.ZERO, b.fees(), b.symbols().size(), BigDecimal.ZERO,
                    BigDecimal.ZERO, 0, 0, 0, BigDecimal.ZERO);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("account", b.name());
            fields.put("symbols", String.join(",", b.symbols()));
            fields.put("initial_cash", s.equity(0));
            fields.put("equity", s.equity(s.size() - 1));
            fields.putAll(metrics.score(s, List.of(), activity, null, btc == null ? null : aligned(s, btc.series())));
            rows.add(new Scored(java.util.Collections.unmodifiableMap(fields), s));
        }
        return List.copyOf(rows);
    }

    /**
     * What an account's score needs besides the histories.
     *
     * @param equityNow     the equity now, or null when it is not a valuation (a held symbol has no price)
     * @param unrealizedNow the open positions' unrealized PnL now
     * @param valuedAt      the time of the prices equityNow is valued at (the latest tick with prices), or null
     */
    public record AccountInput(int accountId, Instant createdAt, BigDecimal initialCash, BigDecimal equityNow,
            BigDecimal unrealizedNow, Instant valuedAt) {
    }

    /** Score fields (names as the API gives them) and the equity series they were computed from. */
    public record Scored(Map<String, Object> fields, EquitySeries series) {
    }
}
