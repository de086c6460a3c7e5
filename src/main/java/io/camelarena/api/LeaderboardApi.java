package io.camelarena.api;

import io.camelarena.account.Portfolio;
import io.camelarena.account.PortfolioRepository;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * {@code GET /api/leaderboard}: one row per account (its current model; {@code models} splits the decision counts by
 * the models the account used), ranked by equity.
 *
 * <ul>
 * <li>equity = cash + margin in use + unrealized PnL at the prices of the latest completed (or paused) tick, the
 * latest with prices (a position whose symbol has no price there counts its unrealized PnL as zero) — the same
 * "total assets" the prompts show;</li>
 * <li>realized PnL, fees, trades, win rate (closing orders with realized PnL &gt; 0 / closing orders) from
 * {@code orders};</li>
 * <li>equity history: the account's starting cash at its creation, then the {@code total_balance} every decision row
 * recorded (total assets at that tick's prices, before the decision; rows without one are left out), then the equity
 * now (left out while a held symbol has no price in the latest tick); max drawdown is the
 * largest peak-to-trough fall of that series in percent of the peak. The history sent is thinned to at most
 * {@code points} points (default 300, first and last kept); the drawdown uses every point.</li>
 * <li>decisions, error and truncation rates, tokens, latency percentiles and LLM cost from {@link ModelStatistics};
 * {@code pnl_net_of_llm_cost} = equity (unrounded) - initial cash - llm_cost_usd, 2 decimals.</li>
 * </ul>
 */
public class LeaderboardApi {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LeaderboardApi.class);

    private final DataSource dataSource;
    private final ModelStatistics modelStatistics = new ModelStatistics();

    public LeaderboardApi(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Reads the decision log into the model statistics once, in the background, so that the first leaderboard request
     * does not pay for the first full read (about 3 s for a million rows on MariaDB; later requests read only new rows).
     */
    public void warmUp() {
        Thread warm = new Thread(() -> {
            long start = System.nanoTime();
            try (Connection c = dataSource.getConnection()) {
                int accounts = modelStatistics.refresh(c).size();
                LOG.info("leaderboard: model statistics of {} accounts read in {} ms", accounts,
                        (System.nanoTime() - start) / 1_000_000);
            } catch (Exception e) {
                LOG.warn("leaderboard: model statistics not read ahead ({}); the first request reads them",
                        e.toString());
            }
        }, "arena-leaderboard-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    public void leaderboard(Exchange exchange) throws Exception {
        ApiSupport.respond(exchange, () -> {
            QueryParams query = ApiSupport.query(exchange, Set.of("points"));
            int points = query.get("points").map(v -> {
                if (!v.matches("\\d{1,5}") || Integer.parseInt(v) < 2 || Integer.parseInt(v) > 5000) {
                    throw ApiException.badParameter("points", "points must be an integer from 2 to 5000");
                }
                return Integer.parseInt(v);
            }).orElse(300);
            try (Connection c = dataSource.getConnection()) {
                return board(c, points);
            }
        });
    }

    Map<String, Object> board(Connection c, int points) throws SQLException {
        AccountApi.Prices prices = AccountApi.Prices.latest(c);
        Map<Integer, Map<String, Object>> orderStats = byAccount(c, "SELECT account_id, "
                + "COALESCE(SUM(realized_pnl), 0) AS realized_pnl, COALESCE(SUM(fee), 0) AS fees, COUNT(*) AS orders, "
                + "SUM(CASE WHEN operation = 'close' THEN 1 ELSE 0 END) AS closes, "
                + "SUM(CASE WHEN operation = 'close' AND realized_pnl > 0 THEN 1 ELSE 0 END) AS wins "
                + "FROM orders GROUP BY account_id");
        Map<Integer, Map<String, Object>> tradeStats = byAccount(c,
                "SELECT account_id, COUNT(*) AS trades FROM trades GROUP BY account_id");
        Map<Integer, Map<String, Object>> modelStats = modelStatistics.refresh(c);

        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> a : DecisionApi.rows(c, "SELECT id, name, provider, model, active, initial_cash, "
                + "created_at FROM accounts ORDER BY id")) {
            int id = num(a.get("id")).intValue();
            Portfolio portfolio = PortfolioRepository.load(c, id);
            BigDecimal initial = new BigDecimal(a.get("initial_cash").toString());
            BigDecimal equity = portfolio.totalAssets(prices.values()).setScale(2, RoundingMode.HALF_EVEN);
            Map<String, Object> o = orderStats.getOrDefault(id, Map.of());

            Map<String, Object> row = new LinkedHashMap<>();
            row.put("account_id", id);
            row.put("account", a.get("name"));
            row.put("provider", a.get("provider"));
            row.put("model", a.get("model"));
            row.put("active", a.get("active"));
            row.put("initial_cash", initial);
            row.put("equity", equity);
            row.put("return_pct", initial.signum() == 0 ? null : equity.subtract(initial)
                    .multiply(BigDecimal.valueOf(100)).divide(initial, 2, RoundingMode.HALF_EVEN));
            row.put("cash", portfolio.cash().setScale(2, RoundingMode.HALF_EVEN));
            row.put("margin_in_use", portfolio.marginInUse().setScale(2, RoundingMode.HALF_EVEN));
            row.put("unrealized_pnl", portfolio.unrealizedPnl(prices.values()).setScale(2, RoundingMode.HALF_EVEN));
            row.put("realized_pnl", dec(o.get("realized_pnl")).setScale(2, RoundingMode.HALF_EVEN));
            row.put("fees", dec(o.get("fees")).setScale(2, RoundingMode.HALF_EVEN));
            row.put("open_positions", portfolio.positions().size());
            row.put("orders", num(o.get("orders")).longValue());
            row.put("trades", num(tradeStats.getOrDefault(id, Map.of()).get("trades")).longValue());
            long closes = num(o.get("closes")).longValue();
            row.put("win_rate", closes == 0 ? null : ratio(num(o.get("wins")).longValue(), closes));

            // the model-statistics block (ModelStatistics, docs/llm-costs.md)
            Map<String, Object> stats = modelStats.getOrDefault(id, ModelStatistics.none());
            row.putAll(stats);
            row.put("pnl_net_of_llm_cost", portfolio.totalAssets(prices.values()).subtract(initial)
                    .subtract((BigDecimal) stats.get("llm_cost_usd")).setScale(2, RoundingMode.HALF_EVEN));

            // with a held symbol unpriced in the latest tick, equity counts it at entry: not a point of the history
            History history = history(c, id, (String) a.get("created_at"), initial,
                    portfolio.unpricedSymbols(prices.values()).isEmpty() ? equity : null);
            row.put("max_drawdown_pct", history.maxDrawdownPct());
            row.put("equity_history", thin(history.points(), points));
            rows.add(row);
        }
        rows.sort((x, y) -> ((BigDecimal) y.get("equity")).compareTo((BigDecimal) x.get("equity")));
        for (int i = 0; i < rows.size(); i++) {
            rows.get(i).put("rank", i + 1);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prices_as_of", prices.asOf());
        body.put("prices_tick_id", prices.tickId());
        body.put("items", rows);
        return body;
    }

    record History(List<Object[]> points, BigDecimal maxDrawdownPct) {
    }

    /** @param equityNow the last point, or null when the equity now is not a valuation */
    static History history(Connection c, int accountId, String createdAt, BigDecimal initial, BigDecimal equityNow)
            throws SQLException {
        List<Object[]> points = new ArrayList<>();
        points.add(new Object[] {createdAt, initial});
        // rows without total assets (portfolio not loadable, a held symbol without a price) are not points
        try (PreparedStatement st = c.prepareStatement("SELECT decision_time, total_balance FROM ai_decision_logs "
                + "WHERE account_id = ? AND replay_of IS NULL AND total_balance IS NOT NULL "
                + "ORDER BY decision_time, id")) {
            st.setInt(1, accountId);
            st.setFetchSize(500);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    points.add(new Object[] {rs.getTimestamp(1).toInstant().toString(), rs.getBigDecimal(2)});
                }
            }
        }
        if (equityNow != null) {
            points.add(new Object[] {Instant.now().toString(), equityNow});
        }
        BigDecimal peak = null;
        BigDecimal worst = BigDecimal.ZERO;
        for (Object[] p : points) {
            BigDecimal v = (BigDecimal) p[1];
            if (peak == null || v.compareTo(peak) > 0) {
                peak = v;
            } else if (peak.signum() > 0) {
                BigDecimal dd = peak.subtract(v).multiply(BigDecimal.valueOf(100)).divide(peak, 4, RoundingMode.HALF_EVEN);
                worst = dd.compareTo(worst) > 0 ? dd : worst;
            }
        }
        return new History(points, worst.setScale(2, RoundingMode.HALF_EVEN));
    }

    /** At most {@code max} points, evenly spaced, first and last kept. */
    static List<Object[]> thin(List<Object[]> points, int max) {
        if (points.size() <= max) {
            return points;
        }
        List<Object[]> thinned = new ArrayList<>(max);
        double step = (points.size() - 1) / (double) (max - 1);
        for (int i = 0; i < max; i++) {
            thinned.add(points.get((int) Math.round(i * step)));
        }
        return thinned;
    }

    private static Map<Integer, Map<String, Object>> byAccount(Connection c, String sql) throws SQLException {
        Map<Integer, Map<String, Object>> map = new LinkedHashMap<>();
        for (Map<String, Object> r : DecisionApi.rows(c, sql)) {
            map.put(num(r.get("account_id")).intValue(), r);
        }
        return map;
    }

    private static BigDecimal ratio(long part, long whole) {
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN);
    }

    private static Number num(Object v) {
        return v == null ? 0 : v instanceof Number n ? n : new BigDecimal(v.toString());
    }

    private static BigDecimal dec(Object v) {
        return v == null ? BigDecimal.ZERO : new BigDecimal(v.toString());
    }
}
