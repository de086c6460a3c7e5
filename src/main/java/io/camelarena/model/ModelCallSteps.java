package io.camelarena.model;

import io.camelarena.account.AccountSettings;
import io.camelarena.support.Failures;
import io.camelarena.decision.ErrorCode;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.bedrock.runtime.BedrockConstants;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/**
 * The steps of the call-model routes: a {@link ModelRequest} in, a {@link ModelAnswer} out. In between, the call's
 * state rides in the exchange property {@value ModelCall#PROPERTY} and the body is the provider's wire request and
 * reply: {@link #prepare} puts the request on the exchange before the provider's endpoint, {@link #read} reads its
 * answer into a {@link ModelReply}.
 */
public final class ModelCallSteps {

    /** Exchange property naming the wire format of the provider being called (a model-provider template parameter). */
    public static final String WIRE = "arenaModelWire";

    static final String OPENAI_WIRE = "openai";
    static final String BEDROCK_WIRE = "bedrock";
    static final String SIMULATED_WIRE = "simulated";

    private final OpenAiChat openAi;
    private final BedrockConverse bedrock;
    private final BedrockClients bedrockClients;
    private final SimulatedProvider simulated;
    private final ApiKeys apiKeys;
    private final Function<String, Optional<String>> accountSetting;

    /**
     * @param accountSetting looks up {@code arena.accounts.<name>.<field>} style keys (e.g. the AWS key references)
     */
    public ModelCallSteps(OpenAiChat openAi, BedrockConverse bedrock, BedrockClients bedrockClients,
            SimulatedProvider simulated, ApiKeys apiKeys, Function<String, Optional<String>> accountSetting) {
        this.openAi = openAi;
        this.bedrock = bedrock;
        this.bedrockClients = bedrockClients;
        this.simulated = simulated;
        this.apiKeys = apiKeys;
        this.accountSetting = accountSetting;
    }

    /** The start of a call: its state, kept in the exchange property {@value ModelCall#PROPERTY}. */
    public ModelCall start(ModelRequest request) {
        return new ModelCall(request);
    }

    /** Before the provider's endpoint: the wire request of the provider's format on the exchange. */
    public void prepare(Exchange exchange) {
        String wire = exchange.getProperty(WIRE, String.class);
        if (OPENAI_WIRE.equals(wire)) {
            prepareOpenAi(exchange);
        } else if (BEDROCK_WIRE.equals(wire)) {
            prepareBedrock(exchange);
        } else if (SIMULATED_WIRE.equals(wire)) {
            // the endpoint (bean:modelCallSteps?method=callSimulated) answers from the call's request
            call(exchange).started(System.nanoTime());
        } else {
            throw new IllegalStateException("no wire format '" + wire + "' (model-provider parameter wire: "
                    + OPENAI_WIRE + ", " + BEDROCK_WIRE + " or " + SIMULATED_WIRE + ")");
        }
    }

    /** After the provider's endpoint: the body becomes the {@link ModelReply}, or the attempt fails. */
    public void read(Exchange exchange) {
        String wire = exchange.getProperty(WIRE, String.class);
        if (OPENAI_WIRE.equals(wire)) {
            readOpenAi(exchange);
        } else if (BEDROCK_WIRE.equals(wire)) {
            readBedrock(exchange);
        } else {
            call(exchange).ended(System.nanoTime()); // the simulated answer is a ModelReply already
        }
    }

    private void prepareOpenAi(Exchange exchange) {
        ModelCall call = call(exchange);
        ModelRequest request = call.request();
        AccountSettings account = request.account();
        String key = apiKeys.resolve(account.apiKeyEnv()).orElseThrow(() -> new ModelCallException(
                ErrorCode.MISSING_API_KEY, "no API key: set the environment variable " + account.apiKeyEnv()
                        + " (arena.accounts." + account.name() + ".api-key-env)", null));
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("Accept", "application/json");
        message.setHeader("Authorization", "Bearer " + key);
        message.setBody(openAi.requestBody(account.model(), request.prompt(), account.temperature(),
                account.maxTokens()));
        call.started(System.nanoTime());
    }

    private void readOpenAi(Exchange exchange) {
        ModelCall call = call(exchange);
        call.ended(System.nanoTime());
        var message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = message.getBody(String.class);
        Long retryAfterMs = ModelRetryPolicy.parseRetryAfter(message.getHeader("Retry-After", String.class));
        message.removeHeaders("*");
        try {
            message.setBody(openAi.readResponse(status, body));
        } catch (ModelCallException e) {
            // The status and Retry-After travel with the failure: the retry policy decides on them.
            throw new ModelCallException(e.code(), e.getMessage(), e.requestId(), status, retryAfterMs);
        }
    }

    private void prepareBedrock(Exchange exchange) {
        ModelCall call = call(exchange);
        AccountSettings account = call.request().account();
        String clientName = call.bedrockClient();
        var registry = exchange.getContext().getRegistry();
        if (registry.lookupByName(clientName) == null) {
            String prefix = "arena.accounts." + account.name() + ".";
            registry.bind(clientName, bedrockClients.clientFor(account,
                    accountSetting.apply(prefix + "aws-access-key-env"),
                    accountSetting.apply(prefix + "aws-secret-key-env")));
        }
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setBody(bedrock.request(account.model(), call.request().prompt(), account.temperature(),
                account.maxTokens()));
        BedrockClients.takeLastRequestId();
        call.started(System.nanoTime());
    }

    private void readBedrock(Exchange exchange) {
        ModelCall call = call(exchange);
        call.ended(System.nanoTime());
        var message = exchange.getMessage();
        ModelReply reply = bedrock.read(
                message.getHeader(BedrockConstants.CONVERSE_OUTPUT_MESSAGE, Message.class),
                message.getHeader(BedrockConstants.CONVERSE_STOP_REASON, String.class),
                message.getHeader(BedrockConstants.CONVERSE_USAGE, TokenUsage.class),
                BedrockClients.takeLastRequestId());
        message.removeHeaders("*");
        message.setBody(reply);
    }

    /** The simulated provider's endpoint: its answer to this attempt (a slow attempt fails with a timeout). */
    public ModelReply callSimulated(Exchange exchange) throws java.net.SocketTimeoutException {
        ModelCall call = call(exchange);
        try {
            return simulated.answer(call.request(), call.attempts());
        } finally {
            call.ended(System.nanoTime());
        }
    }

    /** The call's output when the provider answered: the reply, key-scrubbed, with what the call cost. */
    public ModelAnswer answer(Exchange exchange) {
        ModelCall call = call(exchange);
        ModelReply reply = exchange.getMessage().getBody(ModelReply.class);
        ModelReply scrubbed = new ModelReply(apiKeys.scrub(reply.content()), apiKeys.scrub(reply.reasoning()),
                reply.finishReason(), reply.inputTokens(), reply.outputTokens(), reply.requestId(),
                reply.responseModel());
        String model = SimulatedModel.PROVIDER.equals(call.provider())
                ? simulated.model().modelName(call.request().account()) : null;
        return new ModelAnswer(scrubbed, model, call.attempts(), call.lastError(), call.latencyMs(),
                reply.requestId(), null, null);
    }

    /** The call's output when it failed (after its retries): why, with the latency up to the failure. */
    public ModelAnswer failed(Exchange exchange) {
        ModelCall call = call(exchange);
        call.ended(System.nanoTime());
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String requestId = null;
        if (failure instanceof ModelCallException m) {
            requestId = m.requestId();
        } else if (failure instanceof AwsServiceException aws) {
            requestId = aws.requestId();
        }
        return new ModelAnswer(null, null, call.attempts(), call.lastError(), call.latencyMs(), requestId,
                errorCode(failure), apiKeys.scrub(describe(failure)));
    }

    /** The error code of a failed call or attempt, as its log row records it. */
    public static ErrorCode errorCode(Throwable failure) {
        if (failure instanceof ModelCallException m) {
            return m.code();
        } else if (failure instanceof io.github.resilience4j.circuitbreaker.CallNotPermittedException) {
            return ErrorCode.CIRCUIT_OPEN;
        } else if (isTimeout(failure)) {
            return ErrorCode.MODEL_TIMEOUT;
        } else if (failure instanceof AwsServiceException) {
            return ErrorCode.MODEL_HTTP_ERROR;
        }
        return ErrorCode.MODEL_CALL_FAILED;
    }

    /** What went wrong in a failed call or attempt (not yet key-scrubbed). */
    public static String describe(Throwable failure) {
        if (failure instanceof ModelCallException m) {
            return m.getMessage();
        } else if (failure instanceof io.github.resilience4j.circuitbreaker.CallNotPermittedException) {
            return "not called: " + Failures.describe(failure);
        } else if (!isTimeout(failure) && failure instanceof AwsServiceException aws) {
            String awsCode = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
            String awsMessage = aws.awsErrorDetails() == null ? aws.getMessage()
                    : aws.awsErrorDetails().errorMessage();
            return "HTTP " + aws.statusCode() + " from Bedrock Converse: " + awsCode + ": " + awsMessage;
        }
        return Failures.describe(failure);
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

    static String chatCompletionsUrl(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base.endsWith("/chat/completions") ? base : base + "/chat/completions";
    }

    static ModelCall call(Exchange exchange) {
        return exchange.getProperty(ModelCall.PROPERTY, ModelCall.class);
    }
}
