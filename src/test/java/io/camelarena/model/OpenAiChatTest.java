package io.camelarena.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelarena.decision.ErrorCode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class OpenAiChatTest {

    private final OpenAiChat chat = new OpenAiChat();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void requestBodyHasModelOneUserMessageTemperatureAndMaxTokens() throws Exception {
        String prompt = "Decide now.\nPrices: BTC 100000 \"quoted\" 📈";

        JsonNode body = mapper.readTree(chat.requestBody("gpt-4o-mini", prompt, new BigDecimal("0.7"), 1000));

        assertThat(body.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("model", "messages", "temperature", "max_tokens");
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.get("messages")).hasSize(1);
        assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("user");
        assertThat(body.get("messages").get(0).get("content").asText()).isEqualTo(prompt);
        assertThat(body.get("temperature").isNumber()).isTrue();
        assertThat(body.get("temperature").decimalValue()).isEqualByComparingTo("0.7");
        assertThat(body.get("max_tokens").isInt()).isTrue();
        assertThat(body.get("max_tokens").asInt()).isEqualTo(1000);
    }

    @Test
    void readsContentReasoningFinishReasonUsageIdAndModel() {
        String body = """
                {"id":"chatcmpl-123","object":"chat.completion","model":"gpt-4o-2024-08-06",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"{\\"operation\\":\\"hold\\"}",
                   "reasoning_content":"BTC is flat."},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":812,"completion_tokens":45,"total_tokens":857}}
                """;

        ModelReply reply = chat.readResponse(200, body);

        assertThat(reply).isEqualTo(new ModelReply("{\"operation\":\"hold\"}", "BTC is flat.", "stop", 812, 45,
                "chatcmpl-123", "gpt-4o-2024-08-06"));
    }

    @Test
    void replyWithoutUsageOrReasoningHasNullsThere() {
        ModelReply reply = chat.readResponse(200, """
                {"choices":[{"message":{"content":"hi"},"finish_reason":"length"}]}""");

        assertThat(reply).isEqualTo(new ModelReply("hi", null, "length", null, null, null));
    }

    @Test
    void nullContentIsNullContentNotAFailure() {
        ModelReply reply = chat.readResponse(200, """
                {"id":"chatcmpl-9","choices":[{"message":{"role":"assistant","content":null},
                 "finish_reason":"content_filter"}],"usage":{"prompt_tokens":10,"completion_tokens":0}}""");

        assertThat(reply.content()).isNull();
        assertThat(reply.finishReason()).isEqualTo("content_filter");
        assertThat(reply.requestId()).isEqualTo("chatcmpl-9");
        assertThat(reply.outputTokens()).isZero();
    }

    @Test
    void non2xxWithOpenAiErrorJsonNamesStatusTypeAndMessage() {
        String body = """
                {"error":{"message":"Rate limit reached for gpt-4o-mini","type":"requests","param":null,
                 "code":"rate_limit_exceeded"}}""";

        ModelCallException e = catchThrowableOfType(() -> chat.readResponse(429, body), ModelCallException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_HTTP_ERROR);
        assertThat(e.getMessage())
                .isEqualTo("HTTP 429 from chat completions: requests: Rate limit reached for gpt-4o-mini");
        assertThat(e.requestId()).isNull();
    }

    @Test
    void non2xxWithPlainStringErrorUsesIt() {
        ModelCallException e = catchThrowableOfType(
                () -> chat.readResponse(401, "{\"error\":\"invalid api key\"}"), ModelCallException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_HTTP_ERROR);
        assertThat(e.getMessage()).isEqualTo("HTTP 401 from chat completions: invalid api key");
    }

    @Test
    void non2xxWithHtmlBodyQuotesTheBodyOnOneLine() {
        String html = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center>nginx</center>\n</body>\n</html>";

        ModelCallException e = catchThrowableOfType(() -> chat.readResponse(502, html), ModelCallException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_HTTP_ERROR);
        assertThat(e.getMessage()).isEqualTo("HTTP 502 from chat completions: <html> <head><title>502 Bad Gateway"
                + "</title></head> <body> <center>nginx</center> </body> </html>");
    }

    @Test
    void non2xxWithLongOrEmptyBodyIsAbbreviated() {
        ModelCallException longBody = catchThrowableOfType(() -> chat.readResponse(500, "x".repeat(2000)),
                ModelCallException.class);
        ModelCallException empty = catchThrowableOfType(() -> chat.readResponse(503, ""), ModelCallException.class);

        assertThat(longBody.getMessage()).isEqualTo("HTTP 500 from chat completions: " + "x".repeat(500) + "…");
        assertThat(empty.getMessage()).isEqualTo("HTTP 503 from chat completions: (empty body)");
    }

    @Test
    void okWithoutChoicesIsModelCallFailedWithTheId() {
        ModelCallException e = catchThrowableOfType(
                () -> chat.readResponse(200, "{\"id\":\"chatcmpl-7\",\"choices\":[]}"), ModelCallException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_CALL_FAILED);
        assertThat(e.getMessage()).isEqualTo("chat completions answer has no choices: {\"id\":\"chatcmpl-7\",\"choices\":[]}");
        assertThat(e.requestId()).isEqualTo("chatcmpl-7");
    }

    @Test
    void okWithABodyThatIsNotJsonIsModelCallFailed() {
        ModelCallException e = catchThrowableOfType(() -> chat.readResponse(200, "<html>login page</html>"),
                ModelCallException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_CALL_FAILED);
        assertThat(e.getMessage())
                .isEqualTo("chat completions answered HTTP 200 with a body that is not JSON: <html>login page</html>");
        assertThat(e.requestId()).isNull();
    }
}
