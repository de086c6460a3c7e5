package io.camelarena.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelarena.replay.HorizonPrices;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dataset rows built from decision-log rows. {@link #chat} is one line of the chat-messages JSONL used for
 * fine-tuning and evaluation: {@code {"messages": [{"role": "user", "content": prompt}, {"role": "assistant",
 * "content": raw reply}], "metadata": {...}}}. {@link #OUTCOME_COLUMNS} are the order and realized-outcome columns of
 * the outcomes CSV, computed in SQL. Both carry each row's hypothetical outcome over the replay horizon
 * ({@link HorizonPrices}, docs/replay-outcomes.md): the chat line as metadata {@code hypothetical_outcome}, the CSV as
 * the columns {@link #OUTCOME_EXTRA_COLUMNS}.
 */
public final class DatasetRows {

    /** Not metadata: the texts become the messages, the parsed decision is nested. */
    private static final Set<String> TEXTS = Set.of("user_prompt", "reasoning_trace", "llm_output");

    private static final String NEXT_OPEN = "(SELECT MIN(n.id) FROM orders n WHERE n.account_id = o.account_id "
            + "AND n.symbol = o.symbol AND n.operation = 'open' AND n.id > o.id)";
    /** An open order's position is closed when a later open of the symbol exists or no position is left in it. */
    private static final String CLOSED = "(" + NEXT_OPEN + " IS NOT NULL OR NOT EXISTS (SELECT 1 FROM positions p "
            + "WHERE p.account_id = o.account_id AND p.symbol = o.symbol))";
    private static final String CLOSES = " FROM orders c WHERE c.account_id = o.account_id AND c.symbol = o.symbol "
            + "AND c.operation = 'close' AND c.id > o.id AND c.id < COALESCE(" + NEXT_OPEN + ", 2147483647)";

    /**
     * Per decision: its order (when executed) and the realized outcome. A close order's outcome is its own realized
     * PnL and fee; an open order's is the sum over the closes of its position once the position is closed (empty
     * while it is still open), fees including the open's.
     */
    static final String OUTCOME_COLUMNS = ", o.operation AS order_operation, o.side AS order_side, "
            + "o.quantity AS order_quantity, o.price AS order_price, o.notional AS order_notional, "
            + "o.fee AS order_fee, "
            + "CASE WHEN o.id IS NULL THEN NULL WHEN o.operation = 'close' OR " + CLOSED + " THEN 'closed' "
            + "ELSE 'open' END AS position_outcome, "
            + "CASE WHEN o.id IS NULL THEN NULL WHEN o.operation = 'close' THEN o.realized_pnl WHEN " + CLOSED
            + " THEN (SELECT COALESCE(SUM(c.realized_pnl), 0)" + CLOSES + ") ELSE NULL END AS realized_pnl, "
            + "CASE WHEN o.id IS NULL THEN NULL WHEN o.operation = 'close' THEN o.fee WHEN " + CLOSED
            + " THEN o.fee + (SELECT COALESCE(SUM(c.fee), 0)" + CLOSES + ") ELSE NULL END AS total_fees, "
            + "CASE WHEN o.id IS NULL THEN NULL WHEN o.operation = 'close' THEN o.created_at WHEN " + CLOSED
            + " THEN (SELECT MAX(c.created_at)" + CLOSES + ") ELSE NULL END AS closed_at";
    static final String OUTCOME_JOIN = " LEFT JOIN orders o ON o.id = l.order_id";

    /** The hypothetical-outcome columns of the outcomes CSV, after the SQL ones. */
    static final List<String> OUTCOME_EXTRA_COLUMNS = List.of("hypothetical_outcome", "hypothetical_basis",
            "horizon_ticks", "horizon_tick_id", "price_at_decision", "price_at_horizon", "hypothetical_return",
            "return_on_margin");

    private DatasetRows() {
    }

    /** The outcomes CSV's hypothetical-outcome columns of a row. */
    static ExportStream.RowExtras outcomeColumns(HorizonPrices prices) {
        return new ExportStream.RowExtras(OUTCOME_EXTRA_COLUMNS, row -> {
            Map<String, Object> o = prices.score(row).toMap();
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("hypothetical_outcome", o.get("status"));
            columns.put("hypothetical_basis", o.get("basis"));
            columns.put("horizon_ticks", prices.horizonTicks());
            columns.put("horizon_tick_id", o.get("horizon_tick_id"));
            columns.put("price_at_decision", o.get("price_at_decision"));
            columns.put("price_at_horizon", o.get("price_at_horizon"));
            columns.put("hypothetical_return", o.get("hypothetical_return"));
            columns.put("return_on_margin", o.get("return_on_margin"));
            return columns;
        });
    }

    /** The chat line's {@code hypothetical_outcome} metadata of a row (with horizon_ticks). */
    static ExportStream.RowExtras outcomeMetadata(HorizonPrices prices) {
        return new ExportStream.RowExtras(List.of("hypothetical_outcome"), row -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("horizon_ticks", prices.horizonTicks());
            o.putAll(prices.score(row).toMap());
            return Map.of("hypothetical_outcome", o);
        });
    }

    /** The chat line of a row, or null when the row has no prompt or no reply (cleared, or never called). */
    public static ObjectNode chat(Map<String, Object> row) {
        Object prompt = row.get("user_prompt");
        Object reply = row.get("reasoning_trace");
        if (prompt == null || reply == null || prompt.toString().isEmpty() || reply.toString().isEmpty()) {
            return null;
        }
        ObjectNode line = ApiSupport.JSON.createObjectNode();
        ArrayNode messages = line.putArray("messages");
        messages.addObject().put("role", "user").put("content", prompt.toString());
        messages.addObject().put("role", "assistant").put("content", reply.toString());
        ObjectNode metadata = line.putObject("metadata");
        for (var e : row.entrySet()) {
            if (!TEXTS.contains(e.getKey())) {
                metadata.putPOJO(e.getKey(), e.getValue());
            }
        }
        metadata.set("parsed_decision", ApiSupport.parseJson(row.get("llm_output")));
        return line;
    }
}
