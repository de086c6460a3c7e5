package io.camelarena.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.camelarena.replay.HorizonPrices;
import io.camelarena.replay.OutcomeSettings;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code GET /api/decisions}, {@code /api/decisions/{id}} and {@code /api/decisions/export}: the decision log, read
 * with bound parameters only, newest first by (decision_time, id).
 */
public class DecisionApi {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /** Columns of a list item; the long texts are added with {@code fields=full}. */
    static final String SUMMARY_COLUMNS = "l.id, l.decision_id, l.decision_time, l.tick_id, l.account_id, a.name AS account, "
            + "l.provider, l.model, l.status, l.operation, l.symbol, l.direction, l.target_portion, l.prev_portion, "
            + "l.leverage, l.total_balance, l.executed, l.order_id, l.error_code, l.error_message, l.reason, "
            + "l.latency_ms, l.input_tokens, l.output_tokens, l.finish_reason, l.request_id, l.replay_of, "
            + "l.replay_run_id, l.replay_target";
    static final String LONG_COLUMNS = ", l.user_prompt, l.reasoning_trace, l.llm_output";
    static final String FROM = " FROM ai_decision_logs l JOIN accounts a ON a.id = l.account_id";
    static final String NEWEST_FIRST = " ORDER BY l.decision_time DESC, l.id DESC";

    private static final Set<String> LIST_PARAMS = with(DecisionFilter.FILTERS, "limit", "cursor", "fields");
    private static final Set<String> EXPORT_PARAMS = with(DecisionFilter.FILTERS, "format", "fields");

    private final DataSource dataSource;
    private final OutcomeSettings outcomes;

    public DecisionApi(DataSource dataSource, OutcomeSettings outcomes) {
        this.dataSource = dataSource;
        this.outcomes = outcomes;
    }

    public void list(Exchange exchange) throws Exception {
        ApiSupport.respond(exchange, () -> {
            QueryParams query = ApiSupport.query(exchange, LIST_PARAMS);
            int limit = limit(query);
            boolean full = full(query, false);
            DecisionFilter filter = DecisionFilter.from(query);
            query.get("cursor").map(DecisionFilter.Cursor::decode).ifPresent(filter::after);
            String sql = "SELECT " + SUMMARY_COLUMNS + (full ? LONG_COLUMNS : "") + FROM + filter.where()
                    + NEWEST_FIRST + " LIMIT ?";
            List<Map<String, Object>> items = new ArrayList<>();
            DecisionFilter.Cursor next = null;
            try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
                st.setInt(filter.bind(st), limit + 1);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        if (items.size() == limit) {
                            Map<String, Object> last = items.get(items.size() - 1);
                            next = new DecisionFilter.Cursor(Instant.parse((String) last.get("decision_time"))
                                    .toEpochMilli(), ((Number) last.get("id")).intValue());
                            break;
                        }
                        items.add(ApiSupport.row(rs));
                    }
                }
            }
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("items", items);
            page.put("limit", limit);
            page.put("nextCursor", next == null ? null : next.encode());
            return page;
        });
    }

    public void detail(Exchange exchange) throws Exception {
        String idText = exchange.getMessage().getHeader("id", String.class);
        ApiSupport.respond(exchange, () -> {
            ApiSupport.query(exchange, Set.of());
            int id = id("id", idText);
            Map<String, Object> decision;
            try (Connection c = dataSource.getConnection()) {
                List<Map<String, Object>> rows = rows(c, "SELECT l.*, a.name AS account" + FROM + " WHERE l.id = ?", id);
                if (rows.isEmpty()) {
                    throw ApiException.notFound("no decision " + id);
                }
                decision = rows.get(0);
                decision.put("parsed_decision", ApiSupport.parseJson(decision.get("llm_output")));
                Object orderId = decision.get("order_id");
                decision.put("order", orderId == null ? null
                        : rows(c, "SELECT * FROM orders WHERE id = ?", orderId).stream().findFirst().orElse(null));
                Object tickId = decision.get("tick_id");
                if (tickId != null) {
                    Map<String, Object> tick = rows(c, "SELECT tick_id, trigger_source, started_at, finished_at, "
                            + "status, detail, prices_json, missing_symbols, news_chars, news_error FROM market_ticks "
                            + "WHERE tick_id = ?", tickId).stream().findFirst().orElse(null);
                    if (tick != null) {
                        tick.put("prices", ApiSupport.parseJson(tick.remove("prices_json")));
                    }
                    decision.put("tick", tick);
                    decision.put("same_tick", rows(c, "SELECT l.id, a.name AS account, l.provider, l.model, l.status, "
                            + "l.operation, l.symbol, l.direction, l.error_code" + FROM
                            + " WHERE l.tick_id = ? AND l.replay_of IS NULL ORDER BY a.name, l.id", tickId));
                }
                // replays of this decision (the same prompt sent to other models), oldest first
                decision.put("replays", rows(c, "SELECT l.id, l.replay_run_id, l.replay_target, l.provider, "
                        + "l.model, l.status, l.error_code, l.operation, l.symbol, l.direction, l.target_portion, "
                        + "l.leverage, l.reason, l.latency_ms, l.input_tokens, l.output_tokens, l.finish_reason"
                        + FROM + " WHERE l.replay_of = ? ORDER BY l.id", id));
            }
            return decision;
        });
    }

    /**
     * Streams every matching row (all columns unless {@code fields=summary}) as JSON lines or CSV. The body is an
     * {@link ExportStream} reading the result set as the client reads the response.
     */
    public void export(Exchange exchange) throws SQLException {
        QueryParams query = ApiSupport.query(exchange, EXPORT_PARAMS);
        String format = query.get("format").orElse("jsonl");
        if (!List.of("jsonl", "csv", "chat", "outcomes").contains(format)) {
            throw ApiException.badParameter("format", "format must be jsonl, csv, chat (chat-messages JSONL "
                    + "dataset) or outcomes (CSV with the realized outcome of executed orders)");
        }
        boolean chat = format.equals("chat");
        boolean outcomes = format.equals("outcomes");
        if ((chat || outcomes) && query.get("fields").isPresent()) {
            throw ApiException.badParameter("fields", "fields does not apply to format=" + format);
        }
        boolean full = chat || (!outcomes && full(query, true));
        DecisionFilter filter = DecisionFilter.from(query);
        String sql = "SELECT " + SUMMARY_COLUMNS + (full ? LONG_COLUMNS : "")
                + (outcomes ? DatasetRows.OUTCOME_COLUMNS : "") + FROM + (outcomes ? DatasetRows.OUTCOME_JOIN : "")
                + filter.where() + NEWEST_FIRST;
        ExportStream.RowExtras extras = null;
        if (chat || outcomes) {
            HorizonPrices prices;
            try (Connection c = dataSource.getConnection()) {
                prices = this.outcomes.prices(c);
            }
            extras = outcomes ? DatasetRows.outcomeColumns(prices) : DatasetRows.outcomeMetadata(prices);
        }
        ExportStream stream = ExportStream.open(dataSource, sql, filter, format.equals("csv") || outcomes, chat,
                extras);
        exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                stream.close();
            }
        });
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        boolean csvBody = format.equals("csv") || format.equals("outcomes");
        message.setHeader(Exchange.CONTENT_TYPE, csvBody ? "text/csv; charset=utf-8"
                : "application/x-ndjson; charset=utf-8");
        String name = switch (format) {
            case "chat" -> "chat.jsonl";
            case "outcomes" -> "outcomes.csv";
            default -> format;
        };
        message.setHeader("Content-Disposition", "attachment; filename=\"decisions-"
                + Instant.now().toString().replaceAll("[:.]", "") + "." + name + "\"");
        message.setHeader("Cache-Control", "no-store");
        message.setBody(stream);
    }

    static List<Map<String, Object>> rows(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(ApiSupport.row(rs));
                }
                return rows;
            }
        }
    }

    static int id(String parameter, String text) {
        if (text == null || !text.matches("\\d{1,9}")) {
            throw ApiException.badParameter(parameter, parameter + " must be a positive integer");
        }
        return Integer.parseInt(text);
    }

    private static int limit(QueryParams query) {
        return query.get("limit").map(v -> {
            if (!v.matches("\\d{1,6}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > MAX_LIMIT) {
                throw ApiException.badParameter("limit", "limit must be an integer from 1 to " + MAX_LIMIT
                        + ", was '" + QueryParams.abbreviate(v) + "'");
            }
            return Integer.parseInt(v);
        }).orElse(DEFAULT_LIMIT);
    }

    private static boolean full(QueryParams query, boolean defaultFull) {
        return query.get("fields").map(v -> {
            if (!v.equals("full") && !v.equals("summary")) {
                throw ApiException.badParameter("fields", "fields must be summary or full");
            }
            return v.equals("full");
        }).orElse(defaultFull);
    }

    private static Set<String> with(Set<String> base, String... more) {
        Set<String> all = new HashSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }
}
