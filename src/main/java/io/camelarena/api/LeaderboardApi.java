package io.camelarena.api;

import io.camelarena.account.Portfolio;
import io.camelarena.account.PortfolioRepository;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import io.camelarena.score.EquitySeries;
import io.camelarena.score.Period;
import io.camelarena.score.Scoreboard;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code GET /api/leaderboard} and {@code GET /api/leaderboard/export}: one row per account (its current model;
 * {@code models} splits the decision counts by the models the account used) and one per baseline
 * ({@code "baseline": true}), over a period ({@code from}/{@code to}, default all), best return first.
 *
 * <ul>
 * <li>equity = cash + margin in use + unrealized PnL at the prices of the latest completed (or paused) tick, the
 * latest with prices (a position whose symbol has no price there counts its unrealized PnL as zero) — the same
 * "total assets" the prompts show;</li>
 * <li>the score over the period (return, PnL, fees, trades, risk-adjusted ratios, confidence, baselines) comes from
 * {@link Scoreboard} and {@link io.camelarena.score.ScoreMetrics}; every field is defined in docs/scoreboard.md;</li>
 * <li>equity history: the account's starting cash at its creation, then the {@code total_balance} every decision row
 * recorded (total assets at that tick's prices, before the decision; rows without one are left out), then the equity
 * now at the time of the latest prices (left out while a held symbol has no price in the latest tick), limited to the
 * period. The history sent is thinned to at most {@code points} points (default 300, first and last kept); the
 * metrics use every point.</li>
 * <li>decisions, error and truncation rates, tokens, latency percentiles and LLM cost from {@link ModelStatistics}
 * (over the period when one is given); {@code pnl_net_of_llm_cost} = equity (unrounded) - initial cash -
 * llm_cost_usd, 2 decimals.</li>
 * </ul>
 */
public class LeaderboardApi {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LeaderboardApi.class);

    private final DataSource dataSource;
    private final ModelStatistics modelStatistics = new ModelStatistics();
    private final Scoreboard scoreboard;

    public LeaderboardApi(DataSource dataSource, Scoreboard scoreboard) {
        this.dataSource = dataSource;
        this.scoreboard = scoreboard;
    }

    /**
     * Reads the history once, in the background: the model statistics (the decision log) and the scoreboard's
     * histories (equity, orders, tick prices), so that the first leaderboard request does not pay for the first full
     * read (seconds for a million rows on MariaDB; later requests read only new rows). A failure only means that the
     * first request reads them.
     */
    public void warmUp() {
        Thread warm = new Thread(() -> {
            long start = System.nanoTime();
            try {
                int accounts = readAhead();
                LOG.info("leaderboard: history of {} accounts read in {} ms", accounts,
                        (System.nanoTime() - start) / 1_000_000);
            } catch (Exception e) {
                LOG.info("leaderboard: history not read ahead ({}); the first request reads it", e.toString());
            }
        }, "arena-leaderboard-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    /** What {@link #warmUp} does, on the caller's thread: returns the number of accounts with decision rows. */
    public int readAhead() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            int accounts = modelStatistics.refresh(c).size();
            scoreboard.refresh(c);
            return accounts;
        }
    }

    /** The model statistics of every account, read incrementally (the rows logged since the last read). */
    public Map<Integer, Map<String, Object>> modelStatistics() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return modelStatistics.refresh(c);
        }
    }

    public void leaderboard(Exchange exchange) throws Exception {
        ApiSupport.respond(exchange, () -> {
            QueryParams query = ApiSupport.query(exchange, Set.of("points", "from", "to"));
            int points = query.get("points").map(v -> {
                if (!v.matches("\\d{1,5}") || Integer.parseInt(v) < 2 || Integer.parseInt(v) > 5000) {
                    throw ApiException.badParameter("points", "points must be an integer from 2 to 5000");
                }
                return Integer.parseInt(v);
            }).orElse(300);
            Period period = period(query);
            try (Connection c = dataSource.getConnection()) {
                return board(c, points, period);
            }
        });
    }

    /**
     * {@code GET /api/leaderboard/export?format=csv}: the leaderboard's rows as CSV (RFC 4180), one column per flat
     * field of a row (every field that is not a list or an object, in the order the rows give them, so fields added
     * to the rows come along); the same {@code from}/{@code to}. Text cells a spreadsheet would read as a formula get
     * a leading {@code '} ({@link ExportStream#spreadsheetText}).
     */
    public void export(Exchange exchange) throws Exception {
        QueryParams query = ApiSupport.query(exchange, Set.of("format", "from", "to"));
        if (!query.get("format").orElse("csv").equals("csv")) {
            throw ApiException.badParameter("format", "format must be csv");
        }
        Period period = period(query);
        Map<String, Object> board;
        try (Connection c = dataSource.getConnection()) {
            board = board(c, 2, period);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) board.get("items");
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, "text/csv; charset=utf-8");
        message.setHeader("Content-Disposition", "attachment; filename=\"leaderboard-"
                + Instant.now().toString().replaceAll("[:.]", "") + ".csv\"");
        message.setHeader("Cache-Control", "no-store");
        message.setBody(csv(rows));
    }

    /**
     * The flat fields of the rows as CSV: a header of the union of their names (rank first), then a record per row.
     * A field holding an interval (a list of two numbers, as sharpe_ci95) becomes two columns, {@code <name>_low} and
     * {@code <name>_high}; a field holding any other list or an object (equity_history, models) is left out.
     */
    static byte[] csv(List<Map<String, Object>> rows) {
        Set<String> columns = new LinkedHashSet<>();
        Set<String> intervals = new LinkedHashSet<>();
        Set<String> nested = new LinkedHashSet<>();
        columns.add("rank");
        for (Map<String, Object> row : rows) {
            row.forEach((k, v) -> {
                if (v instanceof List<?> list && list.size() == 2 && list.stream().allMatch(Number.class::isInstance)) {
                    intervals.add(k);
                } else if (v instanceof Iterable<?> || v instanceof Map<?, ?> || v instanceof Object[]) {
                    nested.add(k);
                }
                columns.add(k);
            });
        }
        columns.removeAll(nested);
        List<String> header = new ArrayList<>();
        for (String column : columns) {
            if (intervals.contains(column)) {
                header.add(column + "_low");
                header.add(column + "_high");
            } else {
                header.add(column);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", header.stream().map(ExportStream::csvField).toList())).append("\r\n");
        for (Map<String, Object> row : rows) {
            List<Object> cells = new ArrayList<>();
            for (String column : columns) {
                Object v = row.get(column);
                if (intervals.contains(column)) {
                    cells.add(v instanceof List<?> list ? list.get(0) : null);
                    cells.add(v instanceof List<?> list ? list.get(1) : null);
                } else {
                    cells.add(v);
                }
            }
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                Object v = cells.get(i);
                if (v instanceof String text) {
                    out.append(ExportStream.csvField(ExportStream.spreadsheetText(text)));
                } else if (v instanceof BigDecimal d) {
                    out.append(d.toPlainString());
                } else if (v != null) {
                    out.append(ExportStream.csvField(v.toString()));
                }
            }
            out.append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code from} (inclusive) and {@code to} (exclusive), ISO-8601 or a date; either may be left out. */
    static Period period(QueryParams query) {
        Instant from = query.get("from").map(v -> DecisionFilter.instant("from", v)).orElse(null);
        Instant to = query.get("to").map(v -> DecisionFilter.instant("to", v)).orElse(null);
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.badParameter("to", "to must be after from");
        }
        return new Period(from, to);
    }

    Map<String, Object> board(Connection c, int points, Period period) throws SQLException {
        AccountApi.Prices prices = AccountApi.Prices.latest(c);
        Instant valuedAt = prices.asOf() == null ? null : Instant.parse(prices.asOf());
        List<Map<String, Object>> accounts = DecisionApi.rows(c, "SELECT id, name, provider, model, active, "
                + "initial_cash, created_at FROM accounts ORDER BY id");
        Scoreboard.Board scores = scoreboard.board(c, period, accounts.isEmpty() ? null
                : new BigDecimal(accounts.get(0).get("initial_cash").toString()), Instant.now());
        // every account's score at once (those whose inputs changed are computed in parallel)
        Map<Integer, Portfolio> portfolios = new HashMap<>();
        List<Scoreboard.AccountInput> inputs = new ArrayList<>();
        for (Map<String, Object> a : accounts) {
            int id = num(a.get("id")).intValue();
            Portfolio portfolio = PortfolioRepository.load(c, id);
            portfolios.put(id, portfolio);
            // with a held symbol unpriced in the latest tick, equity counts it at entry: not a point of the series
            inputs.add(new Scoreboard.AccountInput(id, Instant.parse((String) a.get("created_at")),
                    new BigDecimal(a.get("initial_cash").toString()), portfolio.unpricedSymbols(prices.values())
                            .isEmpty() ? portfolio.totalAssets(prices.values()).setScale(2, RoundingMode.HALF_EVEN)
                            : null,
                    portfolio.unrealizedPnl(prices.values()).setScale(2, RoundingMode.HALF_EVEN), valuedAt));
        }
        Map<Integer, Scoreboard.Scored> scored = scores.accounts(inputs);
        Map<Integer, Map<String, Object>> modelStats = period.from() == null && period.to() == null
                ? modelStatistics.refresh(c) : ModelStatistics.period(c, period.from(), period.to());

        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> a : accounts) {
            int id = num(a.get("id")).intValue();
            Portfolio portfolio = portfolios.get(id);
            BigDecimal initial = new BigDecimal(a.get("initial_cash").toString());
            BigDecimal equity = portfolio.totalAssets(prices.values()).setScale(2, RoundingMode.HALF_EVEN);

            Map<String, Object> row = new LinkedHashMap<>();
            row.put("account_id", id);
            row.put("account", a.get("name"));
            row.put("baseline", false);
            row.put("provider", a.get("provider"));
            row.put("model", a.get("model"));
            row.put("active", a.get("active"));
            row.put("initial_cash", initial.setScale(2, RoundingMode.HALF_EVEN));
            row.put("equity", equity);
            row.put("cash", portfolio.cash().setScale(2, RoundingMode.HALF_EVEN));
            row.put("margin_in_use", portfolio.marginInUse().setScale(2, RoundingMode.HALF_EVEN));
            row.put("open_positions", portfolio.positions().size());
            Scoreboard.Scored score = scored.get(id);
            row.putAll(score.fields());

            // the model-statistics block (ModelStatistics, docs/llm-costs.md)
            Map<String, Object> stats = modelStats.getOrDefault(id, ModelStatistics.none());
            row.putAll(stats);
            row.put("pnl_net_of_llm_cost", portfolio.totalAssets(prices.values()).subtract(initial)
                    .subtract((BigDecimal) stats.get("llm_cost_usd")).setScale(2, RoundingMode.HALF_EVEN));

            row.put("equity_history", history(score.series(), points));
            rows.add(row);
        }
        for (Scoreboard.Scored baseline : scores.baselines()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("account_id", null);
            row.put("account", baseline.fields().get("account"));
            row.put("baseline", true);
            row.put("provider", "baseline");
            row.put("model", baseline.fields().get("symbols"));
            row.putAll(baseline.fields());
            row.put("equity_history", history(baseline.series(), points));
            rows.add(row);
        }
        // best return over the period first (no return: last), then the higher equity
        rows.sort(Comparator.comparing((Map<String, Object> r) -> (BigDecimal) r.get("return_pct"),
                Comparator.nullsFirst(Comparator.<BigDecimal>naturalOrder())).reversed()
                .thenComparing(r -> (BigDecimal) r.get("equity"), Comparator.reverseOrder()));
        for (int i = 0; i < rows.size(); i++) {
            rows.get(i).put("rank", i + 1);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prices_as_of", prices.asOf());
        body.put("prices_tick_id", prices.tickId());
        body.put("from", period.from() == null ? null : period.from().toString());
        body.put("to", period.to() == null ? null : period.to().toString());
        body.put("items", rows);
        return body;
    }

    /** The series as [time, equity] points, at most {@code max}, evenly spaced, first and last kept. */
    static List<Object[]> history(EquitySeries series, int max) {
        int n = series.size();
        List<Object[]> points = new ArrayList<>(Math.min(n, max));
        if (n <= max) {
            for (int i = 0; i < n; i++) {
                points.add(new Object[] {series.time(i).toString(), series.equity(i)});
            }
            return points;
        }
        double step = (n - 1) / (double) (max - 1);
        for (int k = 0; k < max; k++) {
            int i = (int) Math.round(k * step);
            points.add(new Object[] {series.time(i).toString(), series.equity(i)});
        }
        return points;
    }

    private static BigDecimal ratio(long part, long whole) {
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN);
    }

    private static Number num(Object v) {
        return v == null ? 0 : v instanceof Number n ? n : new BigDecimal(v.toString());
    }

}
