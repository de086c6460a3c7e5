package io.camelarena.decide;

import io.camelarena.account.Portfolio;
import io.camelarena.account.PortfolioRepository;
import io.camelarena.app.Failures;
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
import io.camelarena.model.ModelCallException;
import io.camelarena.prompt.PromptBuilder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * The steps of the decide-account route, in route order. Each takes the account's {@link DecisionRecord}, delegates
 * the work to a plain bean and leaves a record that is settled (status known) once something stops the decision.
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
        return records;
    }

    public void loadPortfolio(DecisionRecord record) {
        var portfolio = record.portfolio() != null ? record.portfolio() : portfolios.load(record.account().id());
        record.portfolio(portfolio);
        record.totalBalance(portfolio.totalAssets(record.snapshot().prices()).setScale(2, RoundingMode.HALF_EVEN));
    }

    public void buildPrompt(DecisionRecord record) {
        record.prompt(promptBuilder.build(record.account(), record.portfolio(), record.snapshot()));
    }

    /** The model call threw: the row records why, with the latency up to the failure. */
    public void modelCallFailed(DecisionRecord record, Exception failure) {
        record.modelCallEnded(System.nanoTime());
        DecisionError error = classify(failure);
        if (failure instanceof ModelCallException m && m.requestId() != null) {
            record.requestId(m.requestId());
        } else if (failure instanceof AwsServiceException aws && aws.requestId() != null) {
            record.requestId(aws.requestId());
        }
        record.settle(DecisionStatus.MODEL_ERROR, error);
        LOG.warn("tick {} account {}: model call failed: {} {}", record.tickId(), record.account().name(),
                error.code(), error.message());
    }

    public void parseReply(DecisionRecord record) {
        if (record.isSettled()) {
            return;
        }
        ParseOutcome outcome = replyParser.parse(record.rawReply(), record.account().maxLeverage());
        if (outcome instanceof ParseOutcome.Parsed parsed) {
            record.decision(parsed.decision());
            record.decisionObjects(parsed.decisionObjects());
        } else if (outcome instanceof ParseOutcome.Failed failed) {
            record.settle(DecisionStatus.PARSE_ERROR, failed.error());
        }
    }

    public void validate(DecisionRecord record) {
        if (record.isSettled()) {
            return;
        }
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
        if (record.isSettled()) {
            return;
        }
        TradeDecision decision = record.decision();
        BigDecimal price = record.snapshot().prices().get(decision.symbol());
        var result = executor.execute(record.account().id(), decision, price, record.tickId());
        if (result.executed()) {
            record.orderId(result.orderId());
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
        if (symbol == null || record.portfolio() == null || record.totalBalance().signum() <= 0) {
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

    private DecisionError classify(Exception failure) {
        if (failure instanceof ModelCallException m) {
            return new DecisionError(m.code(), apiKeys.scrub(m.getMessage()));
        }
        if (failure instanceof io.github.resilience4j.circuitbreaker.CallNotPermittedException) {
            return new DecisionError(ErrorCode.CIRCUIT_OPEN, "not called: " + describe(failure));
        }
        if (isTimeout(failure)) {
            return new DecisionError(ErrorCode.MODEL_TIMEOUT, describe(failure));
        }
        if (failure instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
            String message = aws.awsErrorDetails() == null ? aws.getMessage() : aws.awsErrorDetails().errorMessage();
            return new DecisionError(ErrorCode.MODEL_HTTP_ERROR, apiKeys.scrub(
                    "HTTP " + aws.statusCode() + " from Bedrock Converse: " + code + ": " + message));
        }
        return new DecisionError(ErrorCode.MODEL_CALL_FAILED, describe(failure));
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof ApiCallTimeoutException
                    || t instanceof ApiCallAttemptTimeoutException
                    || t.getClass().getSimpleName().toLowerCase(Locale.ROOT).contains("timeout")) {
                return true;
            }
        }
        return false;
    }

    /** "ExceptionType: message" of the failure and its root cause, without stack traces and secrets. */
    private String describe(Throwable failure) {
        return apiKeys.scrub(Failures.describe(failure));
    }
}
