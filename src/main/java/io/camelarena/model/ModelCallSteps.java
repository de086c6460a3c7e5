package io.camelarena.model;

import io.camelarena.account.AccountSettings;
import io.camelarena.decide.DecisionRecord;
import io.camelarena.decision.ErrorCode;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.bedrock.runtime.BedrockConstants;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/**
 * The steps of the call-model routes: put the request on the exchange before the endpoint, read the answer into the
 * decision record after it. The record travels in the exchange property {@value #RECORD}, since the body is the wire
 * request and reply in between.
 */
public final class ModelCallSteps {

    public static final String RECORD = "arenaDecision";
    /** Exchange property holding the chat completions URL of the account being called. */
    public static final String MODEL_URL = "arenaModelUrl";
    /** Exchange property holding the registry name of the account's Bedrock client. */
    public static final String BEDROCK_CLIENT = "arenaBedrockClient";

    private final OpenAiChat openAi;
    private final BedrockConverse bedrock;
    private final BedrockClients bedrockClients;
    private final SimulatedModel simulated;
    private final ApiKeys apiKeys;
    private final Function<String, Optional<String>> accountSetting;

    /**
     * @param accountSetting looks up {@code arena.accounts.<name>.<field>} style keys (e.g. the AWS key references)
     */
    public ModelCallSteps(OpenAiChat openAi, BedrockConverse bedrock, BedrockClients bedrockClients,
            SimulatedModel simulated, ApiKeys apiKeys, Function<String, Optional<String>> accountSetting) {
        this.openAi = openAi;
        this.bedrock = bedrock;
        this.bedrockClients = bedrockClients;
        this.simulated = simulated;
        this.apiKeys = apiKeys;
        this.accountSetting = accountSetting;
    }

    public void prepareOpenAi(Exchange exchange) {
        DecisionRecord record = record(exchange);
        AccountSettings account = record.account();
        String key = apiKeys.resolve(account.apiKeyEnv()).orElseThrow(() -> new ModelCallException(
                ErrorCode.MISSING_API_KEY, "no API key: set the environment variable " + account.apiKeyEnv()
                        + " (arena.accounts." + account.name() + ".api-key-env)", null));
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("Accept", "application/json");
        message.setHeader("Authorization", "Bearer " + key);
        message.setBody(openAi.requestBody(account.model(), record.prompt(), account.temperature(),
                account.maxTokens()));
        exchange.setProperty(MODEL_URL, chatCompletionsUrl(account.baseUrl()));
        record.modelCallStarted(System.nanoTime());
    }

    public void readOpenAi(Exchange exchange) {
        DecisionRecord record = record(exchange);
        record.modelCallEnded(System.nanoTime());
        var message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = message.getBody(String.class);
        Long retryAfterMs = ModelRetryPolicy.parseRetryAfter(message.getHeader("Retry-After", String.class));
        message.removeHeaders("*");
        ModelReply reply;
        try {
            reply = openAi.readResponse(status, body);
        } catch (ModelCallException e) {
            // The status and Retry-After travel with the failure: the retry policy decides on them.
            throw new ModelCallException(e.code(), e.getMessage(), e.requestId(), status, retryAfterMs);
        }
        apply(record, reply);
    }

    public void prepareBedrock(Exchange exchange) {
        DecisionRecord record = record(exchange);
        AccountSettings account = record.account();
        String clientName = "arenaBedrockClient-" + account.name();
        var registry = exchange.getContext().getRegistry();
        if (registry.lookupByName(clientName) == null) {
            String prefix = "arena.accounts." + account.name() + ".";
            registry.bind(clientName, bedrockClients.clientFor(account,
                    accountSetting.apply(prefix + "aws-access-key-env"),
                    accountSetting.apply(prefix + "aws-secret-key-env")));
        }
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setBody(bedrock.request(account.model(), record.prompt(), account.temperature(),
                account.maxTokens()));
        exchange.setProperty(BEDROCK_CLIENT, clientName);
        BedrockClients.takeLastRequestId();
        record.modelCallStarted(System.nanoTime());
    }

    public void readBedrock(Exchange exchange) {
        DecisionRecord record = record(exchange);
        record.modelCallEnded(System.nanoTime());
        var message = exchange.getMessage();
        ModelReply reply = bedrock.read(
                message.getHeader(BedrockConstants.CONVERSE_OUTPUT_MESSAGE, Message.class),
                message.getHeader(BedrockConstants.CONVERSE_STOP_REASON, String.class),
                message.getHeader(BedrockConstants.CONVERSE_USAGE, TokenUsage.class),
                BedrockClients.takeLastRequestId());
        message.removeHeaders("*");
        apply(record, reply);
    }

    public void callSimulated(Exchange exchange) {
        DecisionRecord record = record(exchange);
        record.attemptStarted();
        record.modelCallStarted(System.nanoTime());
        String reply = simulated.reply(record.account(), record.portfolio(), record.snapshot());
        record.modelCallEnded(System.nanoTime());
        record.model(simulated.modelName(record.account()));
        apply(record, new ModelReply(reply, null, "stop", null, null,
                "sim-" + record.tickId() + "-" + record.account().name()));
    }

    private void apply(DecisionRecord record, ModelReply reply) {
        record.rawReply(apiKeys.scrub(reply.content()));
        record.reasoning(apiKeys.scrub(reply.reasoning()));
        record.finishReason(reply.finishReason());
        record.inputTokens(reply.inputTokens());
        record.outputTokens(reply.outputTokens());
        record.requestId(reply.requestId());
    }

    static String chatCompletionsUrl(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base.endsWith("/chat/completions") ? base : base + "/chat/completions";
    }

    private static DecisionRecord record(Exchange exchange) {
        return exchange.getProperty(RECORD, DecisionRecord.class);
    }
}
