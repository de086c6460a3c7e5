package io.camelarena.model;

/**
 * What a provider answered, read off its wire format.
 *
 * @param content      the assistant text (the raw reply that gets parsed)
 * @param reasoning    separate reasoning the provider returned (OpenAI-compatible {@code reasoning_content}, Bedrock
 *                     reasoning blocks), or null
 * @param finishReason {@code finish_reason} / {@code stopReason}, or null
 * @param inputTokens  prompt tokens when the provider reports them, else null
 * @param outputTokens completion tokens when the provider reports them, else null
 * @param requestId    the provider's response or request id, or null
 * @param responseModel the model the provider says answered (OpenAI-compatible {@code model}, the simulated
 *                     model's strategy), or null when the provider does not say (Bedrock Converse)
 */
public record ModelReply(String content, String reasoning, String finishReason, Integer inputTokens,
        Integer outputTokens, String requestId, String responseModel) {

    /** A reply that does not name the model that answered. */
    public ModelReply(String content, String reasoning, String finishReason, Integer inputTokens,
            Integer outputTokens, String requestId) {
        this(content, reasoning, finishReason, inputTokens, outputTokens, requestId, null);
    }
}
