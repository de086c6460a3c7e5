package io.camelarena.flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Bodies in the OpenAI chat completions wire format, as an OpenAI-compatible server returns them. */
final class OpenAiStubs {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OpenAiStubs() {
    }

    static String completion(String id, String model, String content, String reasoning, String finishReason,
            int promptTokens, int completionTokens) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", id);
        root.put("object", "chat.completion");
        root.put("created", 1_795_600_000L);
        root.put("model", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        if (reasoning != null) {
            message.put("reasoning_content", reasoning);
        }
        choice.put("finish_reason", finishReason);
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        return root.toString();
    }

    static String error(String type, String message) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.put("code", type);
        return root.toString();
    }
}
