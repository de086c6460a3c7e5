package io.camelarena.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelarena.account.AccountSettings;
import io.opentelemetry.api.common.AttributeKey;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenTelemetry GenAI semantic conventions as the arena's model calls fill them: attribute names, the provider
 * name of an account, the server it calls, and the message content format of gen_ai.input.messages /
 * gen_ai.output.messages.
 */
final class GenAi {

    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<Long> USAGE_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> USAGE_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    static final String CHAT = "chat";
    static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    /** The conventions' advised histogram buckets. */
    static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12,
            10.24, 20.48, 40.96, 81.92);
    static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L,
            1048576L, 4194304L, 16777216L, 67108864L);

    /** Hosts of OpenAI-compatible APIs whose provider the conventions name. */
    private static final Map<String, String> PROVIDER_BY_HOST = Map.ofEntries(
            Map.entry("api.openai.com", "openai"),
            Map.entry("api.deepseek.com", "deepseek"),
            Map.entry("api.x.ai", "x_ai"),
            Map.entry("api.groq.com", "groq"),
            Map.entry("api.mistral.ai", "mistral_ai"),
            Map.entry("api.perplexity.ai", "perplexity"),
            Map.entry("api.anthropic.com", "anthropic"),
            Map.entry("api.cohere.com", "cohere"),
            Map.entry("api.cohere.ai", "cohere"),
            Map.entry("generativelanguage.googleapis.com", "gcp.gemini"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private GenAi() {
    }

    /**
     * gen_ai.provider.name: {@code aws.bedrock} for Bedrock; for an OpenAI-compatible account the provider its base
     * URL's host is known to belong to, else {@code openai} (the API it speaks; server.address says where);
     * {@code simulated} for the built-in simulated model.
     */
    static String providerName(AccountSettings account) {
        return switch (account.provider()) {
            case "bedrock" -> "aws.bedrock";
            case "openai" -> {
                String host = host(account.baseUrl());
                if (host == null) {
                    yield "openai";
                }
                if (host.endsWith(".openai.azure.com")) {
                    yield "azure.ai.openai";
                }
                yield PROVIDER_BY_HOST.getOrDefault(host, "openai");
            }
            default -> account.provider();
        };
    }

    /** The host and port the account's calls go to; empty for the simulated model. */
    static Optional<Server> server(AccountSettings account, Optional<URI> bedrockEndpoint) {
        if (account.provider().equals("openai")) {
            return server(account.baseUrl());
        }
        if (account.provider().equals("bedrock")) {
            return bedrockEndpoint.map(URI::toString).flatMap(GenAi::server)
                    .or(() -> Optional.of(new Server("bedrock-runtime." + account.region() + ".amazonaws.com", 443)));
        }
        return Optional.empty();
    }

    record Server(String address, int port) {
    }

    static Optional<Server> server(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                return Optional.empty();
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
            return Optional.of(new Server(uri.getHost(), port));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String host(String url) {
        return server(url == null ? "" : url).map(s -> s.address().toLowerCase(Locale.ROOT)).orElse(null);
    }

    /** gen_ai.input.messages: the prompt as the one user message (the arena sends no system message). */
    static String inputMessages(String prompt) {
        ArrayNode messages = JSON.createArrayNode();
        ObjectNode user = messages.addObject();
        user.put("role", "user");
        user.putArray("parts").addObject().put("type", "text").put("content", prompt);
        return messages.toString();
    }

    /** gen_ai.output.messages: the reply (and reasoning the provider returned apart) as the assistant message. */
    static String outputMessages(String content, String reasoning, String finishReason) {
        ArrayNode messages = JSON.createArrayNode();
        ObjectNode assistant = messages.addObject();
        assistant.put("role", "assistant");
        ArrayNode parts = assistant.putArray("parts");
        if (reasoning != null) {
            parts.addObject().put("type", "reasoning").put("content", reasoning);
        }
        parts.addObject().put("type", "text").put("content", content == null ? "" : content);
        assistant.put("finish_reason", finishReason == null ? "" : finishReason);
        return messages.toString();
    }
}
