package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.Properties;

/** Answers of the Bedrock Converse REST API, as a local stub serves them, and a Bedrock account's settings. */
final class BedrockStubs {

    static final String ACCESS_KEY = "AKIATESTSTUBS0000001";
    static final String SECRET_KEY = "stubsTestSecretKey/0123456789abcdefghijk";
    /** A model id whose Converse path the stubs match with {@link #QWEN_PATH}. */
    static final String QWEN = "qwen.qwen3-32b-v1:0";
    static final String QWEN_PATH = "/model/qwen\\.qwen3-32b-v1(:|%3A)0/converse";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BedrockStubs() {
    }

    /** The settings of Bedrock calls against {@code stubBaseUrl}, with the keys above. */
    static void endpoint(Properties p, String stubBaseUrl) {
        p.put("arena.model.bedrock.endpoint-override", stubBaseUrl);
        p.put("ARENA_TEST_AWS_ACCESS", ACCESS_KEY);
        p.put("ARENA_TEST_AWS_SECRET", SECRET_KEY);
    }

    /** A Bedrock account {@code name} on {@code model}. */
    static void account(Properties p, String name, String model) {
        String prefix = "arena.accounts." + name + ".";
        p.put(prefix + "provider", "bedrock");
        p.put(prefix + "model", model);
        p.put(prefix + "region", "us-west-2");
        p.put(prefix + "aws-access-key-env", "ARENA_TEST_AWS_ACCESS");
        p.put(prefix + "aws-secret-key-env", "ARENA_TEST_AWS_SECRET");
    }

    /** A Converse answer with {@code text} as the model's reply. */
    static ResponseDefinitionBuilder converse(String requestId, String text) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode message = root.putObject("output").putObject("message");
        message.put("role", "assistant");
        message.putArray("content").addObject().put("text", text);
        root.put("stopReason", "end_turn");
        root.putObject("usage").put("inputTokens", 1500).put("outputTokens", 12).put("totalTokens", 1512);
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-RequestId", requestId).withBody(root.toString());
    }

    /** A Converse error: {@code status} with the AWS error type and message. */
    static ResponseDefinitionBuilder error(int status, String errorType, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-RequestId", "req-" + status).withHeader("x-amzn-ErrorType", errorType)
                .withBody("{\"message\":\"" + message + "\"}");
    }
}
