package io.camelarena.agent;

import io.camelarena.account.Portfolio;
import io.camelarena.account.PortfolioRepository;
import io.camelarena.support.Failures;
import io.camelarena.account.Position;
import io.camelarena.decision.DecisionError;
import io.camelarena.decision.DecisionValidator;
import io.camelarena.decision.ErrorCode;
import io.camelarena.decision.Operation;
import io.camelarena.decision.ParseOutcome;
import io.camelarena.decision.ReplyParser;
import io.camelarena.decision.TradeDecision;
import io.camelarena.execution.OrderExecutor;
import io.camelarena.model.ApiKeys;
import io.camelarena.model.ModelAnswer;
import io.camelarena.model.ModelReply;
import io.camelarena.model.ModelRequest;
import io.camelarena.prompt.PromptBuilder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the decide-account and ask-model routes, in route order. Each takes the account's
 * {@link DecisionRecord}, delegates the work to a plain bean and leaves a record that is settled (status known) once
 * something stops the decision; the routes run a step only while the record is not settled.
 */
public final class DecisionSteps {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionSteps.class);

    private final PortfolioRepository portfolios;
    private final PromptBuilder promptBuilder;
    private final ReplyParser replyParser;
    private final DecisionValidator validator;
    private final OrderExecutor executor;
    private final ApiKeys apiKeys;
    private final List<String> symbols;
    private volatile java.util.function.Function<io.camelarena.account.AccountSettings, String> templateOf = a -> null;
    private volatile io.camelarena.account.DecisionHistoryRepository histories;

    public DecisionSteps(PortfolioRepository portfolios, PromptBuilder promptBuilder, ReplyParser replyParser,
            DecisionValidator validator, OrderExecutor executor, ApiKeys apiKeys, List<String> symbols) {
        this.portfolios = portfolios;
        this.promptBuilder = promptBuilder;
        this.replyParser = replyParser;
        this.validator = validator;
        this.executor = executor;
        this.apiKeys = apiKeys;
        this.symbols = List.copyOf(symbols);
    }

    /**
     * Loads the portfolios of all the tick's decisions at once, before they fan out. If that fails, each decision
     * loads its own in {@link #loadPortfolio} and a failure there is recorded on its row.
     */
    public List<DecisionRecord> loadPortfolios(List<DecisionRecord> records) {
        try {
            Map<Long, Portfolio> loaded = portfolios.loadAll(records.stream().map(r -> r.account().id()).toList());
            records.forEach(record -> record.portfolio(loaded.get(record.account().id())));
        } catch (RuntimeException e) {
            LOG.warn("loading {} portfolios at once failed, each account loads its own: {}", records.size(),
                    Failures.describe(e));
        }
        var history = histories;
        if (history != null && !records.isEmpty()) {
            try {
                // the decisions before this tick's decision time (all records of a tick share it)
                var loaded = history.loadAll(records.stream().map(r -> r.account().id()).toList(),
                        records.get(0).decisionTime());
                records.forEach(record -> record.history(loaded.get(record.account().id())));
            } catch (RuntimeException e) {
                LOG.warn("loading the decision history of {} accounts at once failed, each account loads its own: {}",
                        records.size(), Failures.describe(e));
            }
        }
        return records;
    }

    /** The accounts' own last decisions go into their prompts (see {@link #loadPortfolios}). */
    public void decisionHistory(io.camelarena.account.DecisionHistoryRepository repository) {
        this.histories = repository;
    }

    /**
     * The account's portfolio and its total assets at the tick's prices. The total stays unknown (the row records
     * none, and the equity history leaves it out) when a held symbol has no price this tick, and when the portfolio
     * cannot be loaded (this step throws; the row is still logged).
     */
    public void loadPortfolio(DecisionRecord record) {
        var history = histories;
        if (history != null && record.history() == null) {
            try {
                record.history(history.load(record.account().id(), record.decisionTime()));
            } catch (RuntimeException e) {
                // the prompt says the history is unavailable; the decision goes on
                LOG.warn("tick {} account {}: decision history not read: {}", record.tickId(), record.account().name(),
                        Failures.describe(e));
                record.history(io.camelarena.account.DecisionHistory.UNAVAILABLE);
            }
        }
        var portfolio = record.portfolio() != null ? record.portfolio() : portfolios.load(record.account().id());
        record.portfolio(portfolio);
        Map<String, BigDecimal> prices = record.snapshot().prices();
        record.totalBalance(portfolio.unpricedSymbols(prices).isEmpty()
                ? portfolio.totalAssets(prices).setScale(2, RoundingMode.HALF_EVEN) : null);
    }

    /** Which prompt template an account uses (a file of the templates directory; null: the default). */
    public void promptTemplateOf(java.util.function.Function<io.camelarena.account.AccountSettings, String> choice) {
        this.templateOf = choice;
    }

    public void buildPrompt(DecisionRecord record) {
        record.prompt(promptBuilder.build(record.account(), record.portfolio(), record.snapshot(), record.history(),
                templateOf.apply(record.account())));
    }

    /** What the account's model is asked: the call-model route's input, sent by ask-model's enrich. */
    public ModelRequest modelRequest(DecisionRecord record) {
        return new ModelRequest(record.tickId(), record.account(), record.prompt(), record.portfolio(),
                record.snapshot(), record.decisionTime());
    }

    /**
     * The model call's output merged into the record (ask-model's enrich, through {@link ModelAnswerMerge}): the
     * reply and what the call cost, or, when there is no reply, a MODEL_ERROR row saying why.
     */
    public void modelAnswered(DecisionRecord record, ModelAnswer answer) {
        record.attempts(answer.attempts());
        record.lastError(answer.lastError());
        record.latencyMs(answer.latencyMs());
        if (answer.requestId() != null) {
            record.requestId(answer.requestId());
        }
        if (answer.failed()) {
            record.settle(DecisionStatus.MODEL_ERROR, new DecisionError(answer.errorCode(), answer.errorMessage()));
            LOG.warn("tick {} account {}: model call failed: {} {}", record.tickId(), record.account().name(),
                    answer.errorCode(), answer.errorMessage());
            return;
        }
        ModelReply reply = answer.reply();
        if (answer.model() != null) {
            record.model(answer.model());
        }
        record.rawReply(reply.content());
        record.reasoning(reply.reasoning());
        record.finishReason(reply.finishReason());
        record.inputTokens(reply.inputTokens());
        record.outputTokens(reply.outputTokens());
    }

    public void parseReply(DecisionRecord record) {
        ParseOutcome outcome = replyParser.parse(record.rawReply(), record.account().maxLeverage());
        if (outcome instanceof ParseOutcome.Parsed parsed) {
            record.decision(parsed.decision());
            record.decisionObjects(parsed.decisionObjects());
        } else if (outcome instanceof ParseOutcome.Failed failed) {
            record.settle(DecisionStatus.PARSE_ERROR, failed.error());
        }
    }

    public void validate(DecisionRecord record) {
        TradeDecision decision = record.decision();
        record.prevPortion(previousPortion(record, decision.symbol()));
        if (decision.operation() == Operation.HOLD) {
            record.settle(DecisionStatus.HOLD, null);
            return;
        }
        Optional<DecisionError> refusal = validator.validate(decision, record.portfolio(),
                record.snapshot().prices(), symbols);
        refusal.ifPresent(error -> record.settle(DecisionStatus.REJECTED, error));
    }

    public void execute(DecisionRecord record) {
        execute(record, null);
    }

    /**
     * Executes the record's decision, priced by the tick's {@code pricer} (null: no slippage), with what the venue says
     * about the symbol this tick (its maximum leverage and funding rate).
     */
    public void execute(DecisionRecord record, io.camelarena.execution.FillPricer pricer) {
        TradeDecision decision = record.decision();
        BigDecimal price = record.snapshot().prices().get(decision.symbol());
        var venue = decision.symbol() == null ? null : record.snapshot().context().venue().get(decision.symbol());
        var market = new OrderExecutor.OrderMarket(pricer, venue == null ? null : venue.maxLeverage(),
                venue == null ? null : venue.fundingRateHourly());
        var result = executor.execute(record.account().id(), decision, price, record.tickId(), record.decisionId(),
                market);
        if (result.executed()) {
            record.orderId(result.orderId());
            record.executionNote(result.note());
            record.settle(DecisionStatus.EXECUTED, null);
        } else {
            record.settle(DecisionStatus.REJECTED, result.error() != null ? result.error()
                    : new DecisionError(ErrorCode.EXECUTION_FAILED, "order was not executed"));
        }
    }

    /** Anything unexpected in a step still ends in a row that says what went wrong. */
    public void unexpectedFailure(DecisionRecord record, Exception failure) {
        LOG.error("tick {} account {}: decision failed unexpectedly: {}", record.tickId(), record.account().name(),
                apiKeys.scrub(String.valueOf(failure)));
        if (!record.isSettled()) {
            record.settle(DecisionStatus.REJECTED, new DecisionError(ErrorCode.INTERNAL_ERROR, describe(failure)));
        }
    }

    private BigDecimal previousPortion(DecisionRecord record, String symbol) {
        if (symbol == null || record.portfolio() == null || record.totalBalance() == null
                || record.totalBalance().signum() <= 0) {
            return BigDecimal.ZERO;
        }
        Optional<Position> position = record.portfolio().position(symbol);
        BigDecimal price = record.snapshot().prices().get(symbol);
        if (position.isEmpty() || price == null) {
            return BigDecimal.ZERO;
        }
        BigDecimal value = position.get().margin().add(position.get().unrealizedPnl(price));
        return value.divide(record.totalBalance(), 6, RoundingMode.HALF_EVEN);
    }

    /** "ExceptionType: message" of the failure and its root cause, without stack traces and secrets. */
    private String describe(Throwable failure) {
        return apiKeys.scrub(Failures.describe(failure));
    }
}
