package io.camelarena.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningTextBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

class BedrockConverseTest {

    private final BedrockConverse converse = new BedrockConverse();

    @Test
    void requestCarriesModelIdTheUserPromptAndInferenceConfig() {
        ConverseRequest request = converse.request("global.anthropic.claude-sonnet-4-5-20250929-v1:0",
                "Decide now 📈", new BigDecimal("0.25"), 1500);

        assertThat(request.modelId()).isEqualTo("global.anthropic.claude-sonnet-4-5-20250929-v1:0");
        assertThat(request.messages()).hasSize(1);
        Message message = request.messages().get(0);
        assertThat(message.role()).isEqualTo(ConversationRole.USER);
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().get(0).text()).isEqualTo("Decide now 📈");
        assertThat(request.inferenceConfig().temperature()).isEqualTo(0.25f);
        assertThat(request.inferenceConfig().maxTokens()).isEqualTo(1500);
        assertThat(request.system()).isEmpty();
    }

    @Test
    void readJoinsTextBlocksAndPutsReasoningBlocksInReasoning() {
        Message output = Message.builder().role(ConversationRole.ASSISTANT).content(
                reasoning("First, BTC is up. "),
                ContentBlock.fromText("{\"operation\":\"open\","),
                reasoning("Then, size it."),
                ContentBlock.fromText("\"symbol\":\"BTC\"}")).build();

        ModelReply reply = converse.read(output, "end_turn",
                TokenUsage.builder().inputTokens(900).outputTokens(120).totalTokens(1020).build(), "req-abc");

        assertThat(reply).isEqualTo(new ModelReply("{\"operation\":\"open\",\"symbol\":\"BTC\"}",
                "First, BTC is up. Then, size it.", "end_turn", 900, 120, "req-abc"));
    }

    @Test
    void noReasoningBlocksMeansNullReasoning() {
        Message output = Message.builder().role(ConversationRole.ASSISTANT)
                .content(ContentBlock.fromText("hold")).build();

        ModelReply reply = converse.read(output, "max_tokens", null, null);

        assertThat(reply).isEqualTo(new ModelReply("hold", null, "max_tokens", null, null, null));
    }

    @Test
    void nullOutputGivesAnEmptyReply() {
        ModelReply reply = converse.read(null, "content_filtered", null, "req-1");

        assertThat(reply).isEqualTo(new ModelReply("", null, "content_filtered", null, null, "req-1"));
    }

    private static ContentBlock reasoning(String text) {
        return ContentBlock.fromReasoningContent(ReasoningContentBlock.fromReasoningText(
                ReasoningTextBlock.builder().text(text).signature("sig").build()));
    }
}
