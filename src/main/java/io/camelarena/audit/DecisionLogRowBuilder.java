package io.camelarena.audit;

import io.camelarena.support.TextLimits;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelarena.agent.DecisionRecord;
import io.camelarena.audit.LogColumns.Column;
import io.camelarena.decision.TradeDecision;
import io.camelarena.model.ApiKeys;
import io.camelarena.model.ModelPrices;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a settled {@link DecisionRecord} into the named parameters of the ai_decision_logs insert, every value one its
 * column holds on MySQL/MariaDB and on H2: long texts truncated to their limits in code points, VARCHAR values in
 * UTF-16 units ({@link TextLimits}), decimals capped to their DECIMAL columns, texts scrubbed of secrets.
 */
public final class DecisionLogRowBuilder {

    public static final int PROMPT_LIMIT = 10_000;
    public static final int REPLY_LIMIT = 10_000;
    public static final int OUTPUT_LIMIT = 2_000;
    public static final int REASON_LIMIT = 1_000;
    public static final int ERROR_LIMIT = 1_000;
    /** VARCHAR lengths of the other text columns the reply, the provider or the configuration fills (V1). */
    static final int SYMBOL_LIMIT = 20;
    static final int PROVIDER_LIMIT = 16;
    static final int MODEL_LIMIT = 200;
    static final int FINISH_REASON_LIMIT = 40;
    static final int REQUEST_ID_LIMIT = 200;
    /** The field of llm_output that says how many decision objects the reply held, when it held several. */
    public static final String DECISIONS_IN_REPLY = "decisions_in_reply";
    /** Operation stored when no decision could be read from the reply. */
    public static final String NO_OPERATION = "none";

    /** Room the reasoning keeps in the trace even next to a reply that alone fills the limit. */
    private static final int REASONING_MIN = 100;
    private static final String THINK_OPEN = "<think>\n";
    private static final String THINK_CLOSE = "\n</think>\n";
    /** The largest values of DECIMAL(10,6) and DECIMAL(18,2). */
    private static final BigDecimal PORTION_CAP = new BigDecimal("9999.999999");
    private static final BigDecimal BALANCE_CAP = new BigDecimal("9999999999999999.99");
    /** The largest value of cost_usd DECIMAL(18,8): only an absurd price table reaches it. */
    private static final BigDecimal COST_CAP = new BigDecimal("9999999999.99999999");

    private final ObjectMapper mapper = new ObjectMapper();
    private final ApiKeys apiKeys;
    private final ModelPrices prices;

    public DecisionLogRowBuilder(ApiKeys apiKeys, ModelPrices prices) {
        this.apiKeys = apiKeys;
        this.prices = prices;
    }

    public Map<String, Object> build(DecisionRecord r) {
        TradeDecision d = r.decision();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(Column.ACCOUNT_ID.key(), r.account().id());
        row.put(Column.DECISION_TIME.key(), Timestamp.from(r.decisionTime()));
        row.put(Column.TICK_ID.key(), r.tickId());
        row.put(Column.REASON.key(),
                TextLimits.fitColumn(scrub(d == null || d.reason() == null ? "" : d.reason()), REASON_LIMIT));
        row.put(Column.OPERATION.key(), d == null ? NO_OPERATION : d.operation().wire());
        row.put(Column.SYMBOL.key(), d == null ? null : TextLimits.fitColumn(d.symbol(), SYMBOL_LIMIT));
        row.put(Column.DIRECTION.key(), d == null || d.direction() == null ? null : d.direction().wire());
        row.put(Column.PREV_PORTION.key(), portion(r.prevPortion()));
        row.put(Column.TARGET_PORTION.key(), portion(d));
        row.put(Column.TOTAL_BALANCE.key(),
                r.totalBalance() == null ? null : rounded(r.totalBalance(), 2, BALANCE_CAP));
        row.put(Column.LEVERAGE.key(), d == null ? 1 : d.leverage());
        row.put(Column.EXECUTED.key(), Boolean.toString(r.executed()));
        row.put(Column.ORDER_ID.key(), r.orderId());
        row.put(Column.STATUS.key(), r.status().name());
        row.put(Column.ERROR_CODE.key(), r.error() == null ? null : r.error().code().name());
        // an executed row has no error but may say how the fill differs from what was asked (scaled down)
        String message = r.error() != null ? r.error().message() : r.executionNote();
        row.put(Column.ERROR_MESSAGE.key(), message == null ? null : TextLimits.fitColumn(scrub(message), ERROR_LIMIT));
        row.put(Column.PROVIDER.key(), TextLimits.fitColumn(r.provider(), PROVIDER_LIMIT));
        row.put(Column.MODEL.key(), TextLimits.fitColumn(r.model(), MODEL_LIMIT));
        row.put(Column.LATENCY_MS.key(),
                r.latencyMs() == null ? null : (int) Math.min(Integer.MAX_VALUE, r.latencyMs()));
        row.put(Column.INPUT_TOKENS.key(), r.inputTokens());
        row.put(Column.OUTPUT_TOKENS.key(), r.outputTokens());
        // from the price table in memory; null when the model has no price (cost unknown)
        BigDecimal cost = prices.cost(r.model(), r.inputTokens(), r.outputTokens());
        row.put(Column.COST_USD.key(), cost == null ? null : rounded(cost, ModelPrices.SCALE, COST_CAP));
        // Provider-supplied, so cut to their columns rather than fail the insert.
        row.put(Column.FINISH_REASON.key(), TextLimits.fitColumn(scrub(r.finishReason()), FINISH_REASON_LIMIT));
        row.put(Column.REQUEST_ID.key(), TextLimits.fitColumn(scrub(r.requestId()), REQUEST_ID_LIMIT));
        row.put(Column.USER_PROMPT.key(), TextLimits.truncate(r.prompt(), PROMPT_LIMIT));
        row.put(Column.REASONING_TRACE.key(), reasoningTrace(scrub(r.rawReply()), scrub(r.reasoning())));
        row.put(Column.LLM_OUTPUT.key(),
                d == null ? null : TextLimits.truncate(toJson(d, r.decisionObjects()), OUTPUT_LIMIT));
        row.put(Column.DECISION_ID.key(), r.decisionId());
        row.put(Column.ATTEMPTS.key(), r.attempts());
        row.put(Column.LAST_ERROR.key(),
                r.lastError() == null ? null : TextLimits.fitColumn(scrub(r.lastError()), ERROR_LIMIT));
        // no look-ahead: the newest input the prompt was built from, and the stored snapshot it came from
        row.put(Column.INPUTS_AS_OF.key(), r.snapshot() == null || r.snapshot().inputsAsOf() == null ? null
                : Timestamp.from(r.snapshot().inputsAsOf()));
        row.put(Column.SNAPSHOT_ID.key(), r.snapshot() == null ? null : r.snapshot().snapshotId());
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

    /** An absurd portion is refused by validation and stored capped to DECIMAL(10,6); a missing one as zero. */
    private static BigDecimal portion(BigDecimal value) {
        return value == null ? BigDecimal.ZERO.setScale(6) : rounded(value, 6, PORTION_CAP);
    }

    /**
     * {@code value} rounded HALF_EVEN to {@code scale} places, capped at ±{@code cap}. Compared before it is rounded:
     * a reply's 1E-600000000 would take minutes to round, but is at most half a unit and so is zero, and 1E+600000000
     * is beyond the cap; only values in between, whose digits the reply had to write out, are rounded.
     */
    static BigDecimal rounded(BigDecimal value, int scale, BigDecimal cap) {
        BigDecimal magnitude = value.abs();
        if (magnitude.compareTo(cap) > 0) {
            return value.signum() < 0 ? cap.negate() : cap;
        }
        if (magnitude.compareTo(BigDecimal.valueOf(5, scale + 1)) <= 0) {
            return BigDecimal.ZERO.setScale(scale);
        }
        return value.setScale(scale, RoundingMode.HALF_EVEN);
    }

    private String toJson(TradeDecision d, int decisionObjects) {
        ObjectNode node = mapper.createObjectNode();
        node.put("operation", d.operation().wire());
        node.put("symbol", d.symbol());
        node.put("direction", d.direction() == null ? null : d.direction().wire());
        node.put("target_portion_of_balance", d.targetPortion());
        node.put("leverage", d.leverage());
        node.put("reason", scrub(d.reason()));
        if (decisionObjects > 1) {
            // the reply held several decision objects outside its reasoning; the last one is the decision above
            node.put(DECISIONS_IN_REPLY, decisionObjects);
        }
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
