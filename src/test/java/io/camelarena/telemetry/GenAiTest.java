package io.camelarena.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelarena.account.AccountSettings;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GenAiTest {

    private static AccountSettings account(String provider, String baseUrl, String region) {
        return new AccountSettings(1, "acc", provider, "m", baseUrl, region, "KEY", new BigDecimal("0.7"), 1000, 10,
                new BigDecimal("10000"), true);
    }

    @ParameterizedTest
    @CsvSource({
            "openai,    https://api.openai.com/v1,                        openai",
            "openai,    https://api.deepseek.com/v1,                      deepseek",
            "openai,    https://API.X.AI/v1,                              x_ai",
            "openai,    https://api.groq.com/openai/v1,                   groq",
            "openai,    https://api.mistral.ai/v1,                        mistral_ai",
            "openai,    https://generativelanguage.googleapis.com/v1beta/openai, gcp.gemini",
            "openai,    https://my-res.openai.azure.com/openai/v1,        azure.ai.openai",
            "openai,    https://openrouter.ai/api/v1,                     openai",
            "openai,    http://localhost:11434/v1,                        openai",
            "bedrock,   https://api.openai.com/v1,                        aws.bedrock",
            "simulated, https://api.openai.com/v1,                        simulated"
    })
    void providerNameFollowsTheConventionsAndTheBaseUrlsHost(String provider, String baseUrl, String expected) {
        assertThat(GenAi.providerName(account(provider, baseUrl, "us-east-1"))).isEqualTo(expected);
    }

    @Test
    void serverIsTheBaseUrlsHostAndPortOrTheBedrockRegionsEndpoint() {
        assertThat(GenAi.server(account("openai", "https://api.openai.com/v1", null), Optional.empty()))
                .contains(new GenAi.Server("api.openai.com", 443));
        assertThat(GenAi.server(account("openai", "http://localhost:11434/v1", null), Optional.empty()))
                .contains(new GenAi.Server("localhost", 11434));
        assertThat(GenAi.server(account("openai", "http://vllm.internal/v1", null), Optional.empty()))
                .contains(new GenAi.Server("vllm.internal", 80));
        assertThat(GenAi.server(account("bedrock", null, "eu-west-1"), Optional.empty()))
                .contains(new GenAi.Server("bedrock-runtime.eu-west-1.amazonaws.com", 443));
        assertThat(GenAi.server(account("bedrock", null, "eu-west-1"), Optional.of(URI.create("http://127.0.0.1:9"))))
                .contains(new GenAi.Server("127.0.0.1", 9));
        assertThat(GenAi.server(account("simulated", null, null), Optional.empty())).isEmpty();
    }

    @Test
    void messagesAreTheConventionsJsonWithReasoningAsItsOwnPart() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(GenAi.inputMessages("Prices: \"BTC\" 1\n")))
                .isEqualTo(json.readTree("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\","
                        + "\"content\":\"Prices: \\\"BTC\\\" 1\\n\"}]}]"));
        assertThat(json.readTree(GenAi.outputMessages("{\"operation\":\"hold\"}", "flat", "stop")))
                .isEqualTo(json.readTree("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"reasoning\","
                        + "\"content\":\"flat\"},{\"type\":\"text\",\"content\":\"{\\\"operation\\\":\\\"hold\\\"}\"}],"
                        + "\"finish_reason\":\"stop\"}]"));
        assertThat(json.readTree(GenAi.outputMessages(null, null, null)))
                .isEqualTo(json.readTree("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"\"}],"
                        + "\"finish_reason\":\"\"}]"));
    }
}
