package io.camelarena.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelarena.decision.ErrorCode;
import java.math.BigDecimal;

/** The OpenAI-compatible chat completions wire format: request body out, reply fields in. */
public final class OpenAiChat {

    private static final int MAX_ERROR_CHARS = 500;
    private final ObjectMapper mapper = new ObjectMapper();

    /** Body of {@code POST {baseUrl}/chat/completions} with the prompt as the one user message. */
    public String requestBody(String model, String prompt, BigDecimal temperature, int maxTokens) {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "user").put("content", prompt);
        body.put("temperature", temperature);
        body.put("max_tokens", maxTokens);
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write chat completions request", e);
        }
    }

    /**
     * Reads {@code choices[0].message.content}, {@code reasoning_content}, {@code finish_reason}, {@code usage},
     * {@code id} and {@code model}. A non-2xx status or a body without a choice is a {@link ModelCallException}.
     */
    public ModelReply readResponse(int httpStatus, String body) {
        JsonNode root = parse(body);
        String id = root == null ? null : text(root.path("id"));
        if (httpStatus < 200 || httpStatus >= 300) {
            throw new ModelCallException(ErrorCode.MODEL_HTTP_ERROR,
                    "HTTP " + httpStatus + " from chat completions: " + errorMessage(root, body), id);
        }
        if (root == null) {
            throw new ModelCallException(ErrorCode.MODEL_CALL_FAILED,
                    "chat completions answered HTTP " + httpStatus + " with a body that is not JSON: "
                            + abbreviate(body), null);
        }
        JsonNode choice = root.path("choices").path(0);
        if (choice.isMissingNode()) {
            throw new ModelCallException(ErrorCode.MODEL_CALL_FAILED,
                    "chat completions answer has no choices: " + abbreviate(body), id);
        }
        JsonNode message = choice.path("message");
        JsonNode usage = root.path("usage");
        return new ModelReply(
                text(message.path("content")),
                text(message.path("reasoning_content")),
                text(choice.path("finish_reason")),
                integer(usage.path("prompt_tokens")),
                integer(usage.path("completion_tokens")),
                id,
                text(root.path("model")));
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String errorMessage(JsonNode root, String body) {
        if (root != null) {
            JsonNode error = root.path("error");
            String message = error.isTextual() ? error.asText() : text(error.path("message"));
            if (message != null) {
                String type = text(error.path("type"));
                return abbreviate(type == null ? message : type + ": " + message);
            }
        }
        return abbreviate(body);
    }

    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static Integer integer(JsonNode node) {
        return node != null && node.canConvertToInt() ? node.asInt() : null;
    }

    static String abbreviate(String text) {
        if (text == null || text.isBlank()) {
            return "(empty body)";
        }
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_ERROR_CHARS ? oneLine : oneLine.substring(0, MAX_ERROR_CHARS) + "…";
    }
}
