package io.camelarena.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.account.AccountSettings;
import io.camelarena.decision.ErrorCode;
import io.camelarena.market.MarketSnapshot;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** The model call's output: what call-model answers for a reply and for each kind of failure. */
class ModelCallStepsTest {

    private static final DefaultCamelContext CONTEXT = new DefaultCamelContext();
    private static final String KEY = "sk-test-abcdefghijklmnop1234";

    private final ApiKeys apiKeys = keys();
    private final ModelCallSteps steps = new ModelCallSteps(new OpenAiChat(), new BedrockConverse(),
            new BedrockClients(apiKeys, Optional.empty(), Duration.ofSeconds(1)),
            new SimulatedProvider(new SimulatedModel(), BigDecimal.ZERO, 0), apiKeys,
            key -> Optional.empty());

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

    @Test
    void aReplyIsAnsweredScrubbedWithTheAttemptsAndTheLastFailedAttempt() {
        Exchange exchange = callOf("openai");
        ModelCall call = ModelCallSteps.call(exchange);
        call.attemptStarted();
        call.lastError("HTTP 503 from the provider");
        call.attemptStarted();
        exchange.getMessage().setBody(new ModelReply("{\"operation\":\"hold\"} my key is " + KEY, "thinking " + KEY,
                "stop", 120, 30, "req-1"));

        ModelAnswer answer = steps.answer(exchange);

        assertThat(answer.failed()).isFalse();
        assertThat(answer.reply().content()).isEqualTo("{\"operation\":\"hold\"} my key is ***");
        assertThat(answer.reply().reasoning()).isEqualTo("thinking ***");
        assertThat(answer.reply().inputTokens()).isEqualTo(120);
        assertThat(answer.attempts()).isEqualTo(2);
        assertThat(answer.lastError()).isEqualTo("HTTP 503 from the provider");
        assertThat(answer.requestId()).isEqualTo("req-1");
        assertThat(answer.model()).as("the account's model stays").isNull();
    }

    @Test
    void aModelCallExceptionKeepsItsCodeAndRequestId() {
        ModelAnswer answer = failedWith(new ModelCallException(ErrorCode.MODEL_HTTP_ERROR,
                "HTTP 401 from the provider: bad key " + KEY, "req-9", 401, null));
        assertThat(answer.failed()).isTrue();
        assertThat(answer.errorCode()).isEqualTo(ErrorCode.MODEL_HTTP_ERROR);
        assertThat(answer.errorMessage()).isEqualTo("HTTP 401 from the provider: bad key ***");
        assertThat(answer.requestId()).isEqualTo("req-9");
        assertThat(answer.reply()).isNull();
    }

    @Test
    void anOpenBreakerIsCircuitOpen() {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("openai-test");
        breaker.transitionToOpenState();
        ModelAnswer answer = failedWith(CallNotPermittedException.createCallNotPermittedException(breaker));
        assertThat(answer.errorCode()).isEqualTo(ErrorCode.CIRCUIT_OPEN);
        assertThat(answer.errorMessage()).startsWith("not called: CallNotPermittedException");
    }

    @Test
    void aTimeoutAnywhereInTheCausesIsModelTimeout() {
        ModelAnswer answer = failedWith(new RuntimeException("wrapped", new SocketTimeoutException("Read timed out")));
        assertThat(answer.errorCode()).isEqualTo(ErrorCode.MODEL_TIMEOUT);
        assertThat(answer.errorMessage()).contains("Read timed out");
    }

    @Test
    void aBedrockErrorAnswerIsAnHttpErrorWithItsCodeAndRequestId() {
        AwsServiceException aws = (AwsServiceException) AwsServiceException.builder().statusCode(400)
                .requestId("aws-req-7").awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException")
                        .errorMessage("The provided model identifier is invalid.").build()).build();
        ModelAnswer answer = failedWith(aws);
        assertThat(answer.errorCode()).isEqualTo(ErrorCode.MODEL_HTTP_ERROR);
        assertThat(answer.errorMessage()).isEqualTo(
                "HTTP 400 from Bedrock Converse: ValidationException: The provided model identifier is invalid.");
        assertThat(answer.requestId()).isEqualTo("aws-req-7");
    }

    @Test
    void anyOtherFailureIsModelCallFailed() {
        ModelAnswer answer = failedWith(new IllegalStateException("connection refused"));
        assertThat(answer.errorCode()).isEqualTo(ErrorCode.MODEL_CALL_FAILED);
        assertThat(answer.errorMessage()).isEqualTo("IllegalStateException: connection refused");
        assertThat(answer.attempts()).isZero();
    }

    @Test
    void theSimulatedModelAnswersWithOneAttemptAndNamesItsStrategy() throws Exception {
        Exchange exchange = callOf("simulated");
        ModelCallSteps.call(exchange).attemptStarted();
        ModelReply reply = steps.callSimulated(exchange);
        assertThat(reply.responseModel()).isEqualTo(new SimulatedModel().modelName(account("simulated")));
        exchange.getMessage().setBody(reply);
        ModelAnswer answer = steps.answer(exchange);
        assertThat(answer.failed()).isFalse();
        assertThat(answer.attempts()).isEqualTo(1);
        assertThat(answer.model()).isEqualTo(new SimulatedModel().modelName(account("simulated")));
        assertThat(answer.reply().content()).contains("\"operation\"");
        assertThat(answer.reply().inputTokens()).isEqualTo(1); // "prompt"
        assertThat(answer.reply().outputTokens()).isPositive();
        assertThat(answer.requestId()).isEqualTo("sim-t-1-acc-simulated");
    }

    /** Keys are scrubbed once resolved: the runtime resolves every account's key at start-up. */
    private static ApiKeys keys() {
        ApiKeys keys = new ApiKeys(name -> name.equals("KEY_ENV") ? Optional.of(KEY) : Optional.empty());
        keys.resolve("KEY_ENV");
        return keys;
    }

    private ModelAnswer failedWith(Exception failure) {
        Exchange exchange = callOf("openai");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        return steps.failed(exchange);
    }

    private static Exchange callOf(String provider) {
        Exchange exchange = new DefaultExchange(CONTEXT);
        exchange.setProperty(ModelCall.PROPERTY, new ModelCall(new ModelRequest("t-1", account(provider), "prompt",
                new io.camelarena.account.Portfolio(1, new BigDecimal("10000"), BigDecimal.ZERO, BigDecimal.ZERO,
                        List.of()), new MarketSnapshot("t-1", Instant.now(), Map.of("BTC", new BigDecimal("95000")), List.of(),
                        null, "", null), Instant.now())));
        return exchange;
    }

    private static AccountSettings account(String provider) {
        return new AccountSettings(1, "acc-" + provider, provider, "m", null, "KEY_ENV", null, null, 0, 10,
                new BigDecimal("10000"), true);
    }
}
