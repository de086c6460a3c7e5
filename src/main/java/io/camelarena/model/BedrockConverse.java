package io.camelarena.model;

import java.math.BigDecimal;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/** The Bedrock Converse request and reply, as the SDK models them. */
public final class BedrockConverse {

    public ConverseRequest request(String modelId, String prompt, BigDecimal temperature, int maxTokens) {
        return ConverseRequest.builder()
                .modelId(modelId)
                .messages(Message.builder().role(ConversationRole.USER)
                        .content(ContentBlock.fromText(prompt)).build())
                .inferenceConfig(InferenceConfiguration.builder()
                        .temperature(temperature.floatValue())
                        .maxTokens(maxTokens)
                        .build())
                .build();
    }

    /** Joins the text blocks into the reply and the reasoning blocks into the reasoning. */
    public ModelReply read(Message output, String stopReason, TokenUsage usage, String requestId) {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        if (output != null && output.content() != null) {
            for (ContentBlock block : output.content()) {
                if (block.text() != null) {
                    text.append(block.text());
                }
                ReasoningContentBlock r = block.reasoningContent();
                if (r != null && r.reasoningText() != null && r.reasoningText().text() != null) {
                    reasoning.append(r.reasoningText().text());
                }
            }
        }
        return new ModelReply(
                text.toString(),
                reasoning.isEmpty() ? null : reasoning.toString(),
                stopReason,
                usage == null ? null : usage.inputTokens(),
                usage == null ? null : usage.outputTokens(),
                requestId);
    }
}
