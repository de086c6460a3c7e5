package io.camelarena.decisionlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelarena.decide.DecisionRecord;
import io.camelarena.decision.TradeDecision;
import io.camelarena.model.ApiKeys;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a settled {@link DecisionRecord} into the named parameters of the ai_decision_logs insert: texts truncated
 * to the column limits (counted in code points, as the database counts characters) and scrubbed of secrets.
 */
public final class DecisionLogRowBuilder {

    public static final int PROMPT_LIMIT = 10_000;
    public static final int REPLY_LIMIT = 10_000;
    public static final int OUTPUT_LIMIT = 2_000;
    public static final int REASON_LIMIT = 1_000;
    public static final int ERROR_LIMIT = 1_000;
    /** Operation stored when no decision could be read from the reply. */
    public static final String NO_OPERATION = "none";

    /** Room the reasoning keeps in the trace even next to a reply that alone fills the limit. */
    private static final int REASONING_MIN = 100;
    private static final String THINK_OPEN = "<think>\n";
    private static final String THINK_CLOSE = "\n</think>\n";

    private final ObjectMapper mapper = new ObjectMapper();
    private final ApiKeys apiKeys;

    public DecisionLogRowBuilder(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    public Map<String, Object> build(DecisionRecord r) {
        TradeDecision d = r.decision();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("account_id", r.account().id());
        row.put("decision_time", Timestamp.from(r.decisionTime()));
        row.put("tick_id", r.tickId());
        row.put("reason", TextLimits.truncate(scrub(d == null || d.reason() == null ? "" : d.reason()), REASON_LIMIT));
        row.put("operation", d == null ? NO_OPERATION : d.operation().wire());
        row.put("symbol", d == null ? null : d.symbol());
        row.put("direction", d == null || d.direction() == null ? null : d.direction().wire());
        row.put("prev_portion", portion(r.prevPortion()));
        row.put("target_portion", portion(d));
        row.put("total_balance", r.totalBalance() == null ? null
                : r.totalBalance().setScale(2, RoundingMode.HALF_EVEN));
        row.put("leverage", d == null ? 1 : d.leverage());
        row.put("executed", Boolean.toString(r.executed()));
        row.put("order_id", r.orderId());
        row.put("status", r.status().name());
        row.put("error_code", r.error() == null ? null : r.error().code().name());
        // an executed row has no error but may say how the fill differs from what was asked (scaled down)
        String message = r.error() != null ? r.error().message() : r.executionNote();
        row.put("error_message", message == null ? null : TextLimits.truncate(scrub(message), ERROR_LIMIT));
        row.put("provider", r.provider());
        row.put("model", r.model());
        row.put("latency_ms", r.latencyMs() == null ? null : (int) Math.min(Integer.MAX_VALUE, r.latencyMs()));
        row.put("input_tokens", r.inputTokens());
        row.put("output_tokens", r.outputTokens());
        // Provider-supplied, so cut to their columns (VARCHAR(40) and VARCHAR(200)) rather than fail the insert.
        row.put("finish_reason", TextLimits.truncate(scrub(r.finishReason()), 40));
        row.put("request_id", TextLimits.truncate(scrub(r.requestId()), 200));
        row.put("user_prompt", TextLimits.truncate(r.prompt(), PROMPT_LIMIT));
        row.put("reasoning_trace", reasoningTrace(scrub(r.rawReply()), scrub(r.reasoning())));
        row.put("llm_output", d == null ? null : TextLimits.truncate(toJson(d), OUTPUT_LIMIT));
        row.put("decision_id", r.decisionId());
        row.put("attempts", r.attempts());
        row.put("last_error", r.lastError() == null ? null : TextLimits.truncate(scrub(r.lastError()), ERROR_LIMIT));
        return row;
    }

    /**
     * The raw reply, verbatim when the model gave no separate reasoning. Separate reasoning goes first inside
     * {@code <think>} tags (the form reasoning models use inline); when the whole is too long the reasoning is cut
     * before the reply, so the reply that was parsed stays readable.
     */
    static String reasoningTrace(String reply, String reasoning) {
        if (reasoning == null || reasoning.isEmpty()) {
            return TextLimits.truncate(reply, REPLY_LIMIT);
        }
        int tags = THINK_OPEN.length() + THINK_CLOSE.length();
        // the reply keeps all the room it needs; the reasoning only keeps at least its first few characters
        int reasoningMinimum = Math.min(TextLimits.length(reasoning), REASONING_MIN);
        String replyPart = TextLimits.truncate(reply == null ? "" : reply, REPLY_LIMIT - tags - reasoningMinimum);
        int budget = REPLY_LIMIT - TextLimits.length(replyPart) - tags;
        String reasoningPart = TextLimits.truncate(reasoning, Math.max(0, budget));
        return THINK_OPEN + reasoningPart + THINK_CLOSE + replyPart;
    }

    private static BigDecimal portion(TradeDecision d) {
        return portion(d == null ? null : d.targetPortion());
    }

    private static BigDecimal portion(BigDecimal value) {
        if (value == null) {
            return BigDecimal.ZERO.setScale(6);
        }
        BigDecimal p = value.setScale(6, RoundingMode.HALF_EVEN);
        // DECIMAL(10,6) holds |p| < 10000; an absurd portion is refused by validation and stored capped.
        BigDecimal cap = new BigDecimal("9999.999999");
        return p.abs().compareTo(cap) > 0 ? cap.multiply(BigDecimal.valueOf(p.signum())) : p;
    }

    private String toJson(TradeDecision d) {
        ObjectNode node = mapper.createObjectNode();
        node.put("operation", d.operation().wire());
        node.put("symbol", d.symbol());
        node.put("direction", d.direction() == null ? null : d.direction().wire());
        node.put("target_portion_of_balance", d.targetPortion());
        node.put("leverage", d.leverage());
        node.put("reason", scrub(d.reason()));
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize decision", e);
        }
    }

    private String scrub(String text) {
        return apiKeys.scrub(text);
    }
}
