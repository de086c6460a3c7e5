package io.camelarena.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelCallStepsTest {

    @ParameterizedTest
    @CsvSource({
            "https://api.openai.com/v1,                   https://api.openai.com/v1/chat/completions",
            "https://api.openai.com/v1/,                  https://api.openai.com/v1/chat/completions",
            "https://api.deepseek.com,                    https://api.deepseek.com/chat/completions",
            "http://localhost:11434/v1/chat/completions,  http://localhost:11434/v1/chat/completions",
            "http://localhost:11434/v1/chat/completions/, http://localhost:11434/v1/chat/completions",
            "https://openrouter.ai/api/v1,                https://openrouter.ai/api/v1/chat/completions"
    })
    void chatCompletionsUrl(String baseUrl, String expected) {
        assertThat(ModelCallSteps.chatCompletionsUrl(baseUrl)).isEqualTo(expected);
    }
}
