package io.camelarena.telemetry;

import io.camelarena.account.AccountSettings;
import io.camelarena.model.ApiKeys;
import io.camelarena.model.ModelCall;
import io.camelarena.model.ModelCallException;
import io.camelarena.model.ModelCallSteps;
import io.camelarena.model.ModelReply;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * One model call attempt (route model-attempt, once per attempt, retries included; and call-simulated) as a GenAI
 * {@code chat {model}} CLIENT span, and its duration and token usage as the GenAI client metrics. Prompt and reply go
 * on the span only when content capture is on, scrubbed of every known key; error messages always are.
 */
final class ModelCallSpans implements SpanDefinition {

    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("arena.model.attempt");
    private static final int MAX_STATUS_CHARS = 500;

    private final ApiKeys apiKeys;
    private final boolean captureContent;
    private final Optional<URI> bedrockEndpoint;
    private final DoubleHistogram duration;
    private final LongHistogram tokens;

    ModelCallSpans(Meter meter, ApiKeys apiKeys, boolean captureContent, Optional<URI> bedrockEndpoint) {
        this.apiKeys = apiKeys;
        this.captureContent = captureContent;
        this.bedrockEndpoint = bedrockEndpoint;
        this.duration = meter.histogramBuilder(GenAi.OPERATION_DURATION).setUnit("s")
                .setDescription("GenAI operation duration").setExplicitBucketBoundariesAdvice(GenAi.DURATION_BUCKETS)
                .build();
        this.tokens = meter.histogramBuilder(GenAi.TOKEN_USAGE).ofLongs().setUnit("{token}")
                .setDescription("Number of input and output tokens used")
                .setExplicitBucketBoundariesAdvice(GenAi.TOKEN_BUCKETS).build();
    }

    /** What the end needs from the start: the attributes the metrics share, attempts counted before, start time. */
    private record Attempt(Attributes common, int attemptsBefore, long startNanos) {
    }

    @Override
    public Opened start(Tracer tracer, Exchange exchange, Context parent) {
        ModelCall call = exchange.getProperty(ModelCall.PROPERTY, ModelCall.class);
        if (call == null) {
            return null;
        }
        AccountSettings account = call.request().account();
        AttributesBuilder common = Attributes.builder()
                .put(GenAi.OPERATION_NAME, GenAi.CHAT)
                .put(GenAi.PROVIDER_NAME, GenAi.providerName(account))
                .put(GenAi.REQUEST_MODEL, account.model());
        GenAi.server(account, bedrockEndpoint).ifPresent(server -> common
                .put(GenAi.SERVER_ADDRESS, server.address()).put(GenAi.SERVER_PORT, (long) server.port()));
        Attributes shared = common.build();
        SpanBuilder span = tracer.spanBuilder(GenAi.CHAT + " " + account.model()).setSpanKind(SpanKind.CLIENT)
                .setAllAttributes(shared)
                .setAttribute(ATTEMPT, call.attempts() + 1L)
                .setAttribute(GenAi.REQUEST_MAX_TOKENS, (long) account.maxTokens());
        if (account.temperature() != null) {
            span.setAttribute(GenAi.REQUEST_TEMPERATURE, account.temperature().doubleValue());
        }
        span = parent == null ? span.setNoParent() : span.setParent(parent);
        if (captureContent) {
            span.setAttribute(GenAi.INPUT_MESSAGES, GenAi.inputMessages(apiKeys.scrub(call.request().prompt())));
        }
        return new Opened(span.startSpan(), new Attempt(shared, call.attempts(), System.nanoTime()));
    }

    @Override
    public void end(Span span, Object state, Exchange exchange) {
        Attempt attempt = (Attempt) state;
        double seconds = (System.nanoTime() - attempt.startNanos()) / 1e9;
        ModelCall call = exchange.getProperty(ModelCall.PROPERTY, ModelCall.class);
        AttributesBuilder measured = attempt.common().toBuilder();
        Exception failure = exchange.getException();
        if (failure == null && exchange.getMessage().getBody() instanceof ModelReply reply) {
            answered(span, reply, measured);
        } else {
            String type = errorType(failure);
            span.setAttribute(GenAi.ERROR_TYPE, type);
            span.setStatus(StatusCode.ERROR, failure == null ? "no reply"
                    : abbreviate(apiKeys.scrub(ModelCallSteps.describe(failure))));
            measured.put(GenAi.ERROR_TYPE, type);
        }
        // An attempt refused before it was sent (tick deadline) is on the trace but no request duration.
        if (call != null && call.attempts() > attempt.attemptsBefore()) {
            duration.record(seconds, measured.build());
        }
    }

    private void answered(Span span, ModelReply reply, AttributesBuilder measured) {
        if (reply.requestId() != null) {
            span.setAttribute(GenAi.RESPONSE_ID, reply.requestId());
        }
        if (reply.responseModel() != null) {
            span.setAttribute(GenAi.RESPONSE_MODEL, reply.responseModel());
            measured.put(GenAi.RESPONSE_MODEL, reply.responseModel());
        }
        if (reply.finishReason() != null) {
            span.setAttribute(GenAi.RESPONSE_FINISH_REASONS, List.of(reply.finishReason()));
        }
        Attributes tokenAttributes = measured.build();
        if (reply.inputTokens() != null) {
            span.setAttribute(GenAi.USAGE_INPUT_TOKENS, reply.inputTokens().longValue());
            tokens.record(reply.inputTokens(), tokenAttributes.toBuilder().put(GenAi.TOKEN_TYPE, "input").build());
        }
        if (reply.outputTokens() != null) {
            span.setAttribute(GenAi.USAGE_OUTPUT_TOKENS, reply.outputTokens().longValue());
            tokens.record(reply.outputTokens(), tokenAttributes.toBuilder().put(GenAi.TOKEN_TYPE, "output").build());
        }
        if (captureContent) {
            span.setAttribute(GenAi.OUTPUT_MESSAGES, GenAi.outputMessages(apiKeys.scrub(reply.content()),
                    apiKeys.scrub(reply.reasoning()), reply.finishReason()));
        }
    }

    /** error.type: the provider's HTTP status when it answered one, else the error code the log row records. */
    static String errorType(Throwable failure) {
        if (failure instanceof ModelCallException m && m.httpStatus() > 0) {
            return String.valueOf(m.httpStatus());
        }
        if (failure instanceof AwsServiceException aws && aws.statusCode() > 0) {
            return String.valueOf(aws.statusCode());
        }
        return failure == null ? "_OTHER" : ModelCallSteps.errorCode(failure).name();
    }

    static String abbreviate(String text) {
        return text == null || text.length() <= MAX_STATUS_CHARS ? text : text.substring(0, MAX_STATUS_CHARS) + "…";
    }
}
