package io.camelarena.agent;

import io.camelarena.account.AccountSettings;
import io.camelarena.account.Portfolio;
import io.camelarena.decision.DecisionError;
import io.camelarena.decision.ErrorCode;
import io.camelarena.decision.TradeDecision;
import io.camelarena.market.MarketSnapshot;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Everything known about one account's decision in one tick, filled in step by step by the decide route and turned
 * into one ai_decision_logs row at the end. One instance per account exchange; never shared between threads.
 */
public final class DecisionRecord {

    private final String tickId;
    private final AccountSettings account;
    private final MarketSnapshot snapshot;
    private final Instant decisionTime;
    /** Unique id of this decision (UUID), stored as ai_decision_logs.decision_id: a replayed row is written once. */
    private final String decisionId = java.util.UUID.randomUUID().toString();

    private Portfolio portfolio;
    /** Total assets before the decision; null while not known (no portfolio, or a held symbol without a price). */
    private BigDecimal totalBalance;
    private String prompt;
    /** The account's recent decisions for the prompt; null when not loaded (the prompt then has no history). */
    private io.camelarena.account.DecisionHistory history;

    private String provider;
    private String model;
    private Long latencyMs;
    private Integer inputTokens;
    private Integer outputTokens;
    private String finishReason;
    private String requestId;
    private String rawReply;
    private String reasoning;

    private TradeDecision decision;
    /** Decision objects the reply held outside its reasoning; the decision is the last of them. */
    private int decisionObjects = 1;
    private BigDecimal prevPortion = BigDecimal.ZERO;

    private DecisionStatus status;
    private DecisionError error;
    private Long orderId;
    /** On an executed decision whose fill differs from what was asked (scaled down to fit the cash): what was done. */
    private String executionNote;

    // model call attempts (retries) and the last failed attempt's error, both stored on the row
    private int attempts;
    private String lastError;

    public DecisionRecord(String tickId, AccountSettings account, MarketSnapshot snapshot, Instant decisionTime) {
        this.tickId = tickId;
        this.account = account;
        this.snapshot = snapshot;
        this.decisionTime = decisionTime;
        this.provider = account.provider();
        this.model = account.model();
    }

    /** True once the outcome is known; later steps leave a settled record alone. */
    public boolean isSettled() {
        return status != null;
    }

    public void settle(DecisionStatus newStatus, DecisionError newError) {
        this.status = newStatus;
        this.error = newError;
    }

    public void fail(DecisionStatus newStatus, ErrorCode code, String message) {
        settle(newStatus, new DecisionError(code, message));
    }

    public String tickId() { return tickId; }
    public AccountSettings account() { return account; }
    public MarketSnapshot snapshot() { return snapshot; }
    public Instant decisionTime() { return decisionTime; }
    public Portfolio portfolio() { return portfolio; }
    public void portfolio(Portfolio value) { portfolio = value; }
    public BigDecimal totalBalance() { return totalBalance; }
    public void totalBalance(BigDecimal value) { totalBalance = value; }
    public io.camelarena.account.DecisionHistory history() { return history; }
    public void history(io.camelarena.account.DecisionHistory value) { history = value; }
    public String prompt() { return prompt; }
    public void prompt(String value) { prompt = value; }
    public String provider() { return provider; }
    public String model() { return model; }
    public void model(String value) { model = value; }
    public Long latencyMs() { return latencyMs; }
    public void latencyMs(Long value) { latencyMs = value; }
    public Integer inputTokens() { return inputTokens; }
    public void inputTokens(Integer value) { inputTokens = value; }
    public Integer outputTokens() { return outputTokens; }
    public void outputTokens(Integer value) { outputTokens = value; }
    public String finishReason() { return finishReason; }
    public void finishReason(String value) { finishReason = value; }
    public String requestId() { return requestId; }
    public void requestId(String value) { requestId = value; }
    public String rawReply() { return rawReply; }
    public void rawReply(String value) { rawReply = value; }
    public String reasoning() { return reasoning; }
    public void reasoning(String value) { reasoning = value; }
    public TradeDecision decision() { return decision; }
    public void decision(TradeDecision value) { decision = value; }
    public int decisionObjects() { return decisionObjects; }
    public void decisionObjects(int value) { decisionObjects = value; }
    public BigDecimal prevPortion() { return prevPortion; }
    public void prevPortion(BigDecimal value) { prevPortion = value; }
    public DecisionStatus status() { return status; }
    public DecisionError error() { return error; }
    public Long orderId() { return orderId; }
    public void orderId(Long value) { orderId = value; }
    public String executionNote() { return executionNote; }
    public void executionNote(String value) { executionNote = value; }
    public boolean executed() { return status == DecisionStatus.EXECUTED; }
    public String decisionId() { return decisionId; }
    public int attempts() { return attempts; }
    public void attempts(int value) { attempts = value; }
    public String lastError() { return lastError; }
    public void lastError(String value) { lastError = value; }

    @Override
    public String toString() {
        return "DecisionRecord[tick=" + tickId + ", account=" + account.name() + ", status=" + status + "]";
    }
}
