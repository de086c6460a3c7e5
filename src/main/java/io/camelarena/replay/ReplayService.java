package io.camelarena.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelarena.account.AccountSettings;
import io.camelarena.account.Portfolio;
import io.camelarena.account.Position;
import io.camelarena.agent.DecisionRecord;
import io.camelarena.market.MarketSnapshot;
import io.camelarena.market.MarketSnapshots;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Creates replay runs (validated request, selection counted and frozen) and loads what one replayed decision needs:
 * the original's prompt, unchanged, and the account and market as they were when it was decided (positions rebuilt
 * from the orders of the account's earlier decisions, the original's stored market snapshot, or for rows from before
 * snapshots were stored the prices of its tick), so the reply is validated as it was live and the replay row names
 * the same snapshot and input time as the original: nothing fetched later reaches a replay.
 */
public final class ReplayService {

    private final DataSource dataSource;
    private final ReplayTargets targets;
    private final ReplayRuns runs;
    private final int maxDecisions;
    private final Clock clock;
    private final MarketSnapshots snapshots;
    private final OutcomeSettings outcomes;

    public ReplayService(DataSource dataSource, ReplayTargets targets, ReplayRuns runs, int maxDecisions, Clock clock,
            OutcomeSettings outcomes) {
        this.dataSource = dataSource;
        this.outcomes = outcomes;
        this.snapshots = new MarketSnapshots(dataSource);
        this.targets = targets;
        this.runs = runs;
        this.maxDecisions = maxDecisions;
        this.clock = clock;
    }

    public ReplayTargets targets() {
        return targets;
    }

    public ReplayRuns runs() {
        return runs;
    }

    /**
     * Validates the request and records a QUEUED run over the decisions it selects now (rows logged later are not
     * added, even when they match).
     *
     * @throws ReplayRequestException naming the field at fault
     */
    public Map<String, Object> create(String body, String triggerSource) throws SQLException {
        ReplayRequest request = ReplayRequest.parse(body);
        for (String name : request.targets()) {
            if (targets.resolve(name).isEmpty()) {
                throw new ReplayRequestException("targets", "unknown target '" + ReplayRequest.abbreviate(name)
                        + "'; configured: " + String.join(", ", targets.names())
                        + " (model profiles arena.models.<name>.* or account names)");
            }
        }
        List<Object> params = new ArrayList<>();
        String sql = "SELECT COUNT(*), MAX(l.id) FROM ai_decision_logs l JOIN accounts a ON a.id = l.account_id"
                + request.where(params);
        int count;
        long upTo;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                count = rs.getInt(1);
                upTo = rs.getLong(2);
            }
        }
        if (count == 0) {
            throw new ReplayRequestException("decisions", "the selection matches no logged live decision with a "
                    + "prompt");
        }
        if (count > maxDecisions) {
            throw new ReplayRequestException("decisions", "the selection matches " + count + " decisions; at most "
                    + maxDecisions + " per run (arena.replay.max-decisions)");
        }
        ObjectNode selection = request.toNode();
        selection.put("up_to_id", upTo);
        int runId = runs.create(triggerSource, selection.toString(), String.join(",", request.targets()), count,
                count * request.targets().size());
        return runs.get(runId).orElseThrow();
    }

    /** The run's items, original by original, each original to every target; marks the run RUNNING. */
    public List<ReplayItem> items(int runId) throws SQLException {
        Map<String, Object> run = runs.get(runId).orElseThrow(() -> new IllegalStateException("no replay run " + runId));
        ObjectNode selection = ((ObjectNode) run.get("selection")).deepCopy();
        long upTo = selection.remove("up_to_id").asLong();
        ReplayRequest request = ReplayRequest.parse(selection.toString());
        List<Object> params = new ArrayList<>();
        String sql = "SELECT l.id FROM ai_decision_logs l JOIN accounts a ON a.id = l.account_id"
                + request.where(params) + " AND l.id <= ? ORDER BY l.id";
        params.add(upTo);
        List<Integer> originals = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    originals.add(rs.getInt(1));
                }
            }
        }
        List<ReplayItem> items = new ArrayList<>();
        for (int id : originals) {
            for (String target : request.targets()) {
                items.add(new ReplayItem(runId, id, target));
            }
        }
        runs.started(runId, originals.size(), items.size());
        return items;
    }

    /**
     * The decision record of one replay: the original's prompt and account (its id and leverage bound), the target's
     * model, the portfolio and prices of the original's moment, and the original's total assets.
     */
    public DecisionRecord record(ReplayItem item) throws SQLException {
        ReplayTargets.Target target = targets.resolve(item.target())
                .orElseThrow(() -> new IllegalStateException("target " + item.target() + " is no longer configured"));
        try (Connection c = dataSource.getConnection()) {
            long accountId;
            String tickId;
            java.sql.Timestamp decisionTime;
            BigDecimal totalBalance;
            String prompt;
            int maxLeverage;
            Long snapshotId;
            try (PreparedStatement ps = c.prepareStatement("SELECT l.account_id, l.tick_id, l.decision_time, "
                    + "l.total_balance, l.user_prompt, a.max_leverage, l.snapshot_id FROM ai_decision_logs l "
                    + "JOIN accounts a ON a.id = l.account_id WHERE l.id = ?")) {
                ps.setInt(1, item.originalId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("decision " + item.originalId() + " is no longer in the log");
                    }
                    accountId = rs.getLong(1);
                    tickId = rs.getString(2);
                    decisionTime = rs.getTimestamp(3);
                    totalBalance = rs.getBigDecimal(4);
                    prompt = rs.getString(5);
                    maxLeverage = rs.getInt(6);
                    long sid = rs.getLong(7);
                    snapshotId = rs.wasNull() ? null : sid;
                }
            }
            if (prompt == null) {
                throw new IllegalStateException("decision " + item.originalId() + " has no prompt any more "
                        + "(cleared by retention)");
            }
            Map<String, BigDecimal> prices = prices(c, tickId);
            List<Position> positions = PositionHistory.positionsAfter(fillsBefore(c, accountId, decisionTime));
            BigDecimal margin = BigDecimal.ZERO;
            for (Position p : positions) {
                margin = margin.add(p.margin());
            }
            Portfolio shape = new Portfolio(accountId, BigDecimal.ZERO, BigDecimal.ZERO, margin, positions);
            // an original without total assets (a held symbol had no price) gives no cash to rebuild; validation
            // only needs the positions
            BigDecimal cash = totalBalance == null ? BigDecimal.ZERO
                    : totalBalance.subtract(margin).subtract(shape.unrealizedPnl(prices));
            Portfolio portfolio = new Portfolio(accountId, cash, BigDecimal.ZERO, margin, positions);
            AccountSettings account = target.forAccount(accountId, maxLeverage);
            // the market as the original saw it: its stored snapshot (never a later fetch); before V7, its tick's prices
            MarketSnapshot snapshot = snapshotId == null ? null : snapshots.load(snapshotId).orElse(null);
            if (snapshot == null) {
                snapshot = new MarketSnapshot(tickId, decisionTime.toInstant(), prices, List.of(), null, "", null);
            }
            DecisionRecord record = new DecisionRecord(tickId, account, snapshot, clock.instant());
            record.portfolio(portfolio);
            record.totalBalance(totalBalance);
            record.prompt(prompt);
            return record;
        }
    }

    static final String SIDE_COLUMNS = "l.id, l.decision_time, l.tick_id, a.name AS account, l.provider, l.model, "
            + "l.status, l.error_code, l.operation, l.symbol, l.direction, l.target_portion, l.leverage, l.reason, "
            + "l.latency_ms, l.input_tokens, l.output_tokens, l.finish_reason, l.replay_of, l.replay_target";

    /**
     * {@link ReplayCompare#compare} over every original of the run and its replays in the run, each row scored by
     * outcome over the stored tick prices ({@link HorizonPrices}).
     */
    public Map<String, Object> compare(int runId, Map<String, Object> run) throws SQLException {
        @SuppressWarnings("unchecked")
        List<String> targetNames = (List<String>) run.get("targets");
        String from = " FROM ai_decision_logs l JOIN accounts a ON a.id = l.account_id";
        try (Connection c = dataSource.getConnection()) {
            List<Map<String, Object>> originals = rows(c, "SELECT " + SIDE_COLUMNS + from + " WHERE l.id IN "
                    + "(SELECT r.replay_of FROM ai_decision_logs r WHERE r.replay_run_id = ?) ORDER BY l.id", runId);
            List<Map<String, Object>> replays = rows(c, "SELECT " + SIDE_COLUMNS + from
                    + " WHERE l.replay_run_id = ? ORDER BY l.id", runId);
            HorizonPrices prices = outcomes.prices(c);
            Map<String, Object> compared = ReplayCompare.compare(targetNames, originals, replays, prices::score);
            compared.put("horizon_ticks", prices.horizonTicks());
            return compared;
        }
    }

    private static List<Map<String, Object>> rows(Connection c, String sql, int runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                var md = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        if (v instanceof java.sql.Timestamp || v instanceof java.time.LocalDateTime) {
                            v = rs.getTimestamp(i).toInstant().toString();
                        } else if (v instanceof BigDecimal d) {
                            v = d.stripTrailingZeros().scale() < 0 ? d.setScale(0) : d.stripTrailingZeros();
                        }
                        row.put(md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), v);
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    private static Map<String, BigDecimal> prices(Connection c, String tickId) throws SQLException {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        if (tickId == null) {
            return prices;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT prices_json FROM market_ticks WHERE tick_id = ?")) {
            ps.setString(1, tickId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    var node = ReplayRequest.JSON.readTree(rs.getString(1));
                    node.fields().forEachRemaining(e -> prices.put(e.getKey(), e.getValue().decimalValue()));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("prices of tick " + tickId + " are not JSON: " + e.getOriginalMessage());
            }
        }
        return prices;
    }

    /** Filled orders of the account's live decisions logged before {@code before}, oldest first. */
    private static List<PositionHistory.Fill> fillsBefore(Connection c, long accountId, java.sql.Timestamp before)
            throws SQLException {
        List<PositionHistory.Fill> fills = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT o.symbol, o.operation, o.side, o.quantity, o.price, "
                + "o.leverage, o.margin FROM orders o JOIN ai_decision_logs l ON l.order_id = o.id "
                + "WHERE l.account_id = ? AND l.decision_time < ? AND l.replay_of IS NULL ORDER BY o.id")) {
            ps.setLong(1, accountId);
            ps.setString(2, io.camelarena.support.IsoTimes.sqlDateTime(before.toInstant()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fills.add(new PositionHistory.Fill(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getInt(6), rs.getBigDecimal(7)));
                }
            }
        }
        return fills;
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }
}
