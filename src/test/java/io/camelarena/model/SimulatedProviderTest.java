package io.camelarena.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camelarena.account.AccountSettings;
import io.camelarena.account.Portfolio;
import io.camelarena.decision.ErrorCode;
import io.camelarena.decision.ParseOutcome;
import io.camelarena.decision.ReplyParser;
import io.camelarena.market.MarketSnapshot;
import io.camelarena.model.SimulatedProvider.Failure;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The simulated provider: token counts as a real model reports them, and the failures real models show. */
class SimulatedProviderTest {

    private final SimulatedProvider healthy = new SimulatedProvider(new SimulatedModel(), BigDecimal.ZERO, 0);
    private final SimulatedProvider failing = new SimulatedProvider(new SimulatedModel(), BigDecimal.ONE, 0);

    @Test
    void tokensAreCountedAsOpenAisO200kTokenizerCountsThem() throws Exception {
        assertThat(healthy.tokens("Hello, world!")).isEqualTo(4);
        ModelReply reply = healthy.answer(request("t-1", "sim-a"), 1);
        assertThat(reply.inputTokens()).isEqualTo(healthy.tokens(request("t-1", "sim-a").prompt())).isPositive();
        assertThat(reply.outputTokens()).isEqualTo(healthy.tokens(reply.content())).isGreaterThan(20);
        assertThat(reply.finishReason()).isEqualTo("stop");
    }

    @Test
    void atRateZeroNothingFailsAndAtRateOneEverythingDoes() {
        for (int i = 0; i < 200; i++) {
            assertThat(healthy.failureOf(request("t-" + i, "sim-a"))).isEmpty();
            assertThat(failing.failureOf(request("t-" + i, "sim-a"))).isPresent();
        }
    }

    @Test
    void theRateIsTheShareOfFailingAnswersAndEveryKindOccurs() {
        SimulatedProvider fifth = new SimulatedProvider(new SimulatedModel(), new BigDecimal("0.2"), 0);
        Map<Failure, Integer> kinds = new EnumMap<>(Failure.class);
        int failed = 0;
        for (int i = 0; i < 5_000; i++) {
            Optional<Failure> failure = fifth.failureOf(request("20261130T1000" + i + "Z-" + i, "sim-" + (i % 7)));
            if (failure.isPresent()) {
                failed++;
                kinds.merge(failure.get(), 1, Integer::sum);
            }
        }
        assertThat(failed).isBetween(850, 1150);
        assertThat(kinds).containsOnlyKeys(Failure.values());
        assertThat(fifth.failureOf(request("t-same", "sim-a"))).as("the same input, the same answer")
                .isEqualTo(fifth.failureOf(request("t-same", "sim-a")));
    }

    @Test
    void eachFailureReadsAsItWouldFromARealModel() throws Exception {
        ReplyParser parser = new ReplyParser();
        Map<Failure, ModelRequest> examples = examples();

        ModelReply cut = failing.answer(examples.get(Failure.CUT_AT_MAX_TOKENS), 1);
        assertThat(cut.finishReason()).isEqualTo("length");
        assertThat(cut.content()).contains("```json").doesNotEndWith("```");
        assertThat(parser.parse(cut.content(), 10)).isInstanceOf(ParseOutcome.Failed.class);

        ModelReply prose = failing.answer(examples.get(Failure.PROSE_ONLY), 1);
        assertThat(prose.content()).doesNotContain("{");
        assertThat(((ParseOutcome.Failed) parser.parse(prose.content(), 10)).error().code())
                .isEqualTo(ErrorCode.UNPARSEABLE_REPLY);

        ModelReply portion = failing.answer(examples.get(Failure.PORTION_OUT_OF_RANGE), 1);
        assertThat(portion.content()).contains("\"target_portion_of_balance\": 1.5");
    }

    @Test
    void aSlowAnswerTimesOutOnItsSlowAttemptsAndThenAnswers() throws Exception {
        ModelRequest slow = examples().get(Failure.SLOW_ANSWER);
        int slowAttempts = SimulatedProvider.slowAttempts(slow);
        assertThat(slowAttempts).isBetween(1, 3);
        for (int attempt = 1; attempt <= slowAttempts; attempt++) {
            int n = attempt;
            assertThatThrownBy(() -> failing.answer(slow, n)).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("no answer within 0 ms (arena.model.simulated.slow-answer-ms), attempt " + n);
        }
        assertThat(failing.answer(slow, slowAttempts + 1).content()).contains("```json");
    }

    @Test
    void aRateOutside0To1IsRefusedAtStartUp() {
        assertThatThrownBy(() -> new SimulatedProvider(new SimulatedModel(), new BigDecimal("1.2"), 0))
                .hasMessageContaining("arena.model.simulated.failure-rate must be between 0 and 1, was 1.2");
    }

    /** A request of each failure kind (found by trying tick ids: the kind follows from a hash). */
    private Map<Failure, ModelRequest> examples() {
        Map<Failure, ModelRequest> examples = new EnumMap<>(Failure.class);
        for (int i = 0; examples.size() < Failure.values().length; i++) {
            ModelRequest request = request("t-" + i, "sim-a");
            examples.putIfAbsent(failing.failureOf(request).orElseThrow(), request);
        }
        return examples;
    }

    private static ModelRequest request(String tickId, String account) {
        AccountSettings settings = new AccountSettings(1, account, "simulated", "momentum", null, null, null, null, 0,
                10, new BigDecimal("10000"), true);
        Portfolio empty = new Portfolio(1, new BigDecimal("10000"), BigDecimal.ZERO, BigDecimal.ZERO, List.of());
        MarketSnapshot snapshot = new MarketSnapshot(tickId, Instant.parse("2026-11-30T10:00:00Z"),
                Map.of("BTC", new BigDecimal("95000"), "ETH", new BigDecimal("3400")), List.of(), null, "", null);
        return new ModelRequest(tickId, settings, "You are a trader. Prices: BTC 95000, ETH 3400. Decide.", empty,
                snapshot, Instant.now());
    }
}
