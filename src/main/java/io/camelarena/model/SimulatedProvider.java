package io.camelarena.model;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code simulated} provider as the model-provider routes call it: the {@link SimulatedModel}'s reply with the
 * token counts a real model would report (OpenAI's o200k_base tokenizer, through jtokkit), and, at
 * {@code arena.model.simulated.failure-rate}, the failures real models show, so the offline demo shows failure rows,
 * error rates and retries:
 * <ul>
 *   <li>{@link Failure#CUT_AT_MAX_TOKENS}: the reply stops inside its JSON, finish reason {@code length}
 *       (PARSE_ERROR);</li>
 *   <li>{@link Failure#PROSE_ONLY}: an opinion in prose with no JSON decision (PARSE_ERROR);</li>
 *   <li>{@link Failure#PORTION_OUT_OF_RANGE}: a decision asking for 150% of the cash (REJECTED, PORTION_OUT_OF_RANGE;
 *       an out-of-range leverage would only be clamped by the rules);</li>
 *   <li>{@link Failure#SLOW_ANSWER}: no answer within {@code arena.model.simulated.slow-answer-ms} on the first one to
 *       three attempts: retried, and a MODEL_TIMEOUT when every attempt is slow.</li>
 * </ul>
 * Which tick and account fail, and how, follows from a hash of the tick id and the account name, like the strategy's
 * own picks: the same input always gives the same answer.
 */
public final class SimulatedProvider {

    /** The kinds of failure the simulated provider shows. */
    public enum Failure { CUT_AT_MAX_TOKENS, PROSE_ONLY, PORTION_OUT_OF_RANGE, SLOW_ANSWER }

    private static final Pattern PORTION_FIELD = Pattern.compile("(\"target_portion_of_balance\": )[0-9.Ee+-]+");
    /** Of 10,000: the resolution of the failure rate. */
    private static final int RATE_SCALE = 10_000;

    private final SimulatedModel model;
    private final int failuresPer10k;
    private final long slowAnswerMs;
    private final Encoding tokenizer = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    /**
     * @param failureRate  the share of answers that fail, 0 to 1
     * @param slowAnswerMs how long a slow attempt waits before it times out
     */
    public SimulatedProvider(SimulatedModel model, BigDecimal failureRate, long slowAnswerMs) {
        if (failureRate.signum() < 0 || failureRate.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalStateException("arena.model.simulated.failure-rate must be between 0 and 1, was "
                    + failureRate.toPlainString());
        }
        if (slowAnswerMs < 0) {
            throw new IllegalStateException("arena.model.simulated.slow-answer-ms must not be negative, was "
                    + slowAnswerMs);
        }
        this.model = model;
        this.failuresPer10k = failureRate.multiply(BigDecimal.valueOf(RATE_SCALE)).intValue();
        this.slowAnswerMs = slowAnswerMs;
    }

    public SimulatedModel model() {
        return model;
    }

    /**
     * The answer to attempt {@code attempt} (1 for the first) of {@code request}.
     *
     * @throws SocketTimeoutException a slow attempt, after {@code slowAnswerMs}
     */
    public ModelReply answer(ModelRequest request, int attempt) throws SocketTimeoutException {
        String reply = model.reply(request.account(), request.portfolio(), request.snapshot());
        String finishReason = "stop";
        Optional<Failure> failure = failureOf(request);
        if (failure.isPresent()) {
            switch (failure.get()) {
                case CUT_AT_MAX_TOKENS -> {
                    int json = Math.max(0, reply.indexOf("```json"));
                    reply = reply.substring(0, json + (reply.length() - json) / 2);
                    finishReason = "length";
                }
                case PROSE_ONLY -> reply = "Looking at " + String.join(", ", request.snapshot().prices().keySet())
                        + " and the headlines, momentum seems to be fading and I would rather wait for a clearer "
                        + "signal before committing capital. Overall, staying cautious looks wise this round.";
                case PORTION_OUT_OF_RANGE -> reply = PORTION_FIELD.matcher(reply).replaceFirst("$11.5");
                case SLOW_ANSWER -> {
                    if (attempt <= slowAttempts(request)) {
                        sleep();
                        throw new SocketTimeoutException("simulated model: no answer within " + slowAnswerMs
                                + " ms (arena.model.simulated.slow-answer-ms), attempt " + attempt);
                    }
                }
                default -> throw new IllegalStateException("unknown failure " + failure.get());
            }
        }
        return new ModelReply(reply, null, finishReason, tokens(request.prompt()), tokens(reply),
                "sim-" + request.tickId() + "-" + request.account().name(), model.modelName(request.account()));
    }

    /** The failure this request shows, if any. */
    Optional<Failure> failureOf(ModelRequest request) {
        if (failuresPer10k == 0 || hash(request, "fail", RATE_SCALE) >= failuresPer10k) {
            return Optional.empty();
        }
        Failure[] kinds = Failure.values();
        return Optional.of(kinds[hash(request, "kind", kinds.length)]);
    }

    /** How many attempts of a slow request are slow: 1 to 3, so some recover on a retry and some time out. */
    static int slowAttempts(ModelRequest request) {
        return 1 + hash(request, "slow", 3);
    }

    /** Tokens of {@code text} as o200k_base counts them; null for no text. */
    Integer tokens(String text) {
        return text == null ? null : tokenizer.countTokensOrdinary(text);
    }

    private static int hash(ModelRequest request, String purpose, int bound) {
        return Math.floorMod((request.tickId() + "|" + request.account().name() + "|" + purpose).hashCode(), bound);
    }

    private void sleep() {
        try {
            Thread.sleep(slowAnswerMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
