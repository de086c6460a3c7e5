package io.camelarena.telemetry;

import io.camelarena.agent.DecisionRecord;
import io.camelarena.agent.DecisionStatus;
import io.camelarena.audit.AuditChain;
import io.camelarena.decision.ErrorCode;
import io.camelarena.market.MarketSnapshot;
import io.camelarena.market.NewsFetch;
import io.camelarena.market.PriceFetch;
import io.camelarena.model.ApiKeys;
import io.camelarena.replay.ReplayItem;
import io.camelarena.support.Failures;
import io.camelarena.tick.Tick;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.camel.Exchange;

/**
 * The arena's trace: which routes and steps are spans, what each is called and what it says.
 *
 * <pre>
 * tick                                   run-tick (root): arena.tick.*
 * ├─ market snapshot                     market-snapshot
 * │  ├─ fetch prices                     fetch-prices
 * │  └─ fetch news                       fetch-news
 * └─ decision {account}                  decide-account: account, status, error code, decision_id, log row id
 *    ├─ chat {model}  (CLIENT)           model-attempt, one per attempt (retries too), call-simulated
 *    ├─ execute order                    the decide-account step "execute-order"
 *    └─ decision_log write               log-decision
 * replay run                             replay-run (root): arena.replay.run_id
 * └─ decision {target}                   replay-decision, with the same children (no order)
 * </pre>
 */
final class ArenaSpans {

    static final AttributeKey<String> TICK_ID = AttributeKey.stringKey("arena.tick.id");
    static final AttributeKey<String> TICK_TRIGGER = AttributeKey.stringKey("arena.tick.trigger");
    static final AttributeKey<Long> TICK_GROUP = AttributeKey.longKey("arena.tick.group");
    static final AttributeKey<String> TICK_STATUS = AttributeKey.stringKey("arena.tick.status");
    static final AttributeKey<String> TICK_DETAIL = AttributeKey.stringKey("arena.tick.detail");
    static final AttributeKey<List<String>> TICK_ACCOUNTS = AttributeKey.stringArrayKey("arena.tick.accounts");
    static final AttributeKey<Long> MARKET_PRICES = AttributeKey.longKey("arena.market.prices");
    static final AttributeKey<List<String>> MARKET_MISSING = AttributeKey.stringArrayKey(
            "arena.market.missing_symbols");
    static final AttributeKey<Long> MARKET_NEWS_CHARS = AttributeKey.longKey("arena.market.news_chars");
    static final AttributeKey<String> ACCOUNT_NAME = AttributeKey.stringKey("arena.account.name");
    static final AttributeKey<Long> ACCOUNT_ID = AttributeKey.longKey("arena.account.id");
    static final AttributeKey<String> MODEL_PROVIDER = AttributeKey.stringKey("arena.model.provider");
    static final AttributeKey<String> MODEL_NAME = AttributeKey.stringKey("arena.model.name");
    static final AttributeKey<Long> MODEL_ATTEMPTS = AttributeKey.longKey("arena.model.attempts");
    static final AttributeKey<String> DECISION_ID = AttributeKey.stringKey("arena.decision.id");
    static final AttributeKey<String> DECISION_STATUS = AttributeKey.stringKey("arena.decision.status");
    static final AttributeKey<String> DECISION_ERROR_CODE = AttributeKey.stringKey("arena.decision.error_code");
    static final AttributeKey<String> DECISION_OPERATION = AttributeKey.stringKey("arena.decision.operation");
    static final AttributeKey<String> DECISION_SYMBOL = AttributeKey.stringKey("arena.decision.symbol");
    static final AttributeKey<Boolean> DECISION_EXECUTED = AttributeKey.booleanKey("arena.decision.executed");
    static final AttributeKey<Long> ORDER_ID = AttributeKey.longKey("arena.order.id");
    static final AttributeKey<Long> LOG_ID = AttributeKey.longKey("arena.decision_log.id");
    static final AttributeKey<Boolean> LOG_WRITTEN = AttributeKey.booleanKey("arena.decision_log.written");
    static final AttributeKey<Boolean> LOG_SPOOLED = AttributeKey.booleanKey("arena.decision_log.spooled");
    static final AttributeKey<Long> REPLAY_RUN_ID = AttributeKey.longKey("arena.replay.run_id");
    static final AttributeKey<Long> REPLAY_OF = AttributeKey.longKey("arena.replay.of");
    static final AttributeKey<String> REPLAY_TARGET = AttributeKey.stringKey("arena.replay.target");

    /** A decision the model could not give (no reply, or no decision in it), or one that failed inside: an error. */
    private static final Set<DecisionStatus> FAILED = Set.of(DecisionStatus.MODEL_ERROR, DecisionStatus.PARSE_ERROR);
    private static final int MAX_TEXT_CHARS = 500;

    private final ApiKeys apiKeys;

    ArenaSpans(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    /** The traced routes by route id; {@code modelCall} is the span of each model call attempt. */
    Map<String, SpanDefinition> routes(SpanDefinition modelCall) {
        Map<String, SpanDefinition> routes = new LinkedHashMap<>();
        routes.put("run-tick", span("tick", this::tick));
        routes.put("market-snapshot", span("market snapshot", (span, exchange) -> {
            if (exchange.getMessage().getBody() instanceof MarketSnapshot snapshot) {
                span.setAttribute(MARKET_PRICES, (long) snapshot.prices().size());
                span.setAttribute(MARKET_NEWS_CHARS, (long) snapshot.newsDigest().length());
            }
        }));
        routes.put("fetch-prices", span("fetch prices", (span, exchange) -> {
            if (exchange.getMessage().getBody() instanceof PriceFetch prices) {
                span.setAttribute(MARKET_PRICES, (long) prices.prices().size());
                if (!prices.missing().isEmpty()) {
                    span.setAttribute(MARKET_MISSING, List.copyOf(prices.missing()));
                }
                failedWith(span, prices.error());
            }
        }));
        routes.put("fetch-news", span("fetch news", (span, exchange) -> {
            if (exchange.getMessage().getBody() instanceof NewsFetch news) {
                span.setAttribute(MARKET_NEWS_CHARS, (long) (news.digest() == null ? 0 : news.digest().length()));
                failedWith(span, news.error());
            }
        }));
        routes.put("decide-account", span("decision", (span, exchange) -> {
            if (exchange.getProperty("arenaDecision") instanceof DecisionRecord record) {
                span.updateName("decision " + record.account().name());
                span.setAttribute(ACCOUNT_NAME, record.account().name());
                decision(span, record);
            }
        }));
        routes.put("replay-run", span("replay run", (span, exchange) -> {
            Object run = exchange.getProperty("arenaReplayRun");
            if (run instanceof Number id) {
                span.setAttribute(REPLAY_RUN_ID, id.longValue());
            }
        }));
        // A replay's record is called under the target's name (the row keeps the original account's id).
        routes.put("replay-decision", span("decision", (span, exchange) -> {
            if (exchange.getProperty("arenaReplayItem") instanceof ReplayItem item) {
                span.updateName("decision " + item.target());
                span.setAttribute(REPLAY_RUN_ID, (long) item.runId());
                span.setAttribute(REPLAY_OF, (long) item.originalId());
                span.setAttribute(REPLAY_TARGET, item.target());
            }
            if (exchange.getProperty("arenaDecision") instanceof DecisionRecord record) {
                decision(span, record);
            }
        }));
        routes.put("model-attempt", modelCall);
        routes.put("call-simulated", modelCall);
        routes.put("log-decision", span("decision_log write", this::logWrite));
        return routes;
    }

    /** The traced steps by step id. */
    Map<String, SpanDefinition> steps() {
        return Map.of("execute-order", span("execute order", (span, exchange) -> {
            if (exchange.getProperty("arenaDecision") instanceof DecisionRecord record) {
                outcome(span, record);
            }
        }));
    }

    /** A span named {@code name} under the exchange's span (a root where there is none), filled in at the end. */
    private SpanDefinition span(String name, BiConsumer<Span, Exchange> atEnd) {
        return new SpanDefinition() {
            @Override
            public Opened start(Tracer tracer, Exchange exchange, Context parent) {
                SpanBuilder builder = tracer.spanBuilder(name);
                builder = parent == null ? builder.setNoParent() : builder.setParent(parent);
                return new Opened(builder.startSpan(), null);
            }

            @Override
            public void end(Span span, Object state, Exchange exchange) {
                atEnd.accept(span, exchange);
                if (exchange.getException() != null) {
                    span.setStatus(StatusCode.ERROR, abbreviate(apiKeys.scrub(
                            Failures.describe(exchange.getException()))));
                }
            }
        };
    }

    private void tick(Span span, Exchange exchange) {
        Tick tick = exchange.getProperty("arenaTick", Tick.class);
        if (tick == null) {
            // The trigger was dropped: a tick was still running (or routes were being reloaded).
            span.setAttribute(TICK_TRIGGER, String.valueOf(exchange.getMessage().getHeader("arenaTrigger")));
            span.setAttribute(TICK_STATUS, "IGNORED");
            return;
        }
        span.setAttribute(TICK_ID, tick.id());
        span.setAttribute(TICK_TRIGGER, tick.trigger());
        if (tick.group() != Tick.ALL_GROUPS) {
            span.setAttribute(TICK_GROUP, (long) tick.group());
        }
        span.setAttribute(TICK_STATUS, tick.status().name());
        span.setAttribute(TICK_ACCOUNTS, tick.decisions().stream().map(r -> r.account().name()).toList());
        String detail = abbreviate(apiKeys.scrub(tick.detail()));
        if (detail != null) {
            span.setAttribute(TICK_DETAIL, detail);
        }
        if (tick.status() == Tick.Status.FAILED) {
            span.setStatus(StatusCode.ERROR, detail);
        }
    }

    private void decision(Span span, DecisionRecord record) {
        span.setAttribute(TICK_ID, record.tickId());
        span.setAttribute(ACCOUNT_ID, record.account().id());
        span.setAttribute(MODEL_PROVIDER, record.provider());
        span.setAttribute(MODEL_NAME, String.valueOf(record.model()));
        span.setAttribute(MODEL_ATTEMPTS, (long) record.attempts());
        span.setAttribute(DECISION_ID, record.decisionId());
        outcome(span, record);
        if (record.decision() != null) {
            span.setAttribute(DECISION_OPERATION, record.decision().operation().wire());
            if (record.decision().symbol() != null) {
                span.setAttribute(DECISION_SYMBOL, record.decision().symbol());
            }
        }
        if (record.error() != null && (FAILED.contains(record.status())
                || record.error().code() == ErrorCode.INTERNAL_ERROR)) {
            span.setAttribute(GenAi.ERROR_TYPE, record.error().code().name());
            span.setStatus(StatusCode.ERROR, abbreviate(apiKeys.scrub(record.error().message())));
        }
    }

    private static void outcome(Span span, DecisionRecord record) {
        if (record.status() != null) {
            span.setAttribute(DECISION_STATUS, record.status().name());
        }
        if (record.error() != null && record.error().code() != null) {
            span.setAttribute(DECISION_ERROR_CODE, record.error().code().name());
        }
        span.setAttribute(DECISION_EXECUTED, record.executed());
        if (record.orderId() != null) {
            span.setAttribute(ORDER_ID, record.orderId());
        }
    }

    /** The row's id, on this span and on the decision's (the span of the route that called log-decision). */
    private void logWrite(Span span, Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof AuditChain.Appended appended) {
            span.setAttribute(LOG_WRITTEN, appended.written());
            if (appended.id() != null) {
                span.setAttribute(LOG_ID, appended.id());
                Span decision = RouteSpans.parentOfCurrent(exchange);
                if (decision != null) {
                    decision.setAttribute(LOG_ID, appended.id());
                }
            }
            return;
        }
        Exception refused = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (refused != null) {
            span.setAttribute(LOG_SPOOLED, true);
            span.setStatus(StatusCode.ERROR, "spooled: the database did not take the row: "
                    + abbreviate(apiKeys.scrub(Failures.describe(refused))));
        }
    }

    private void failedWith(Span span, String error) {
        if (error != null) {
            span.setStatus(StatusCode.ERROR, abbreviate(apiKeys.scrub(error)));
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= MAX_TEXT_CHARS ? text : text.substring(0, MAX_TEXT_CHARS) + "…";
    }
}
