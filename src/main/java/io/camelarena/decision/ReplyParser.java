package io.camelarena.decision;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads a {@link TradeDecision} out of a model's raw reply text. Never throws: every input gives a
 * {@link ParseOutcome.Parsed} or a {@link ParseOutcome.Failed} with {@link ErrorCode#EMPTY_REPLY},
 * {@link ErrorCode#UNPARSEABLE_REPLY} or {@link ErrorCode#UNKNOWN_OPERATION}. The decision is not validated against
 * the portfolio here; see {@link DecisionValidator}.
 *
 * <h2>Extraction</h2>
 * <ol>
 * <li>Reasoning blocks are removed: {@code <think>...</think>} and {@code <thinking>...</thinking>} in any case; a
 * reply that has a closing tag but no opening one before it (the template opened the block) loses everything up to
 * the closing tag; an opening tag that is never closed drops the rest of the reply. Outside reasoning, a tag inside a
 * JSON string (a reason that mentions {@code </think>}) is text, not a tag.</li>
 * <li>Decision objects are looked for in markdown fences (```json or ```; one fence may hold several JSON values), in
 * a reply that is a JSON array holding exactly one object, and in balanced {@code {...}} spans in prose (braces
 * inside JSON strings do not count).</li>
 * <li>The last decision object in the reply is the answer: models echo the format or give an example before they
 * answer, and correct themselves. {@link ParseOutcome.Parsed#decisionObjects()} says how many the reply held.</li>
 * </ol>
 * A candidate is a decision when it has an {@code operation} field, directly or inside a top-level {@code decision}
 * object. An array of several decisions that comes last is refused as UNPARSEABLE_REPLY. When no candidate is a
 * decision, the first object that parsed is used, which then fails with UNKNOWN_OPERATION. Field names are
 * case-insensitive. Jackson parses with comments and trailing commas allowed, nesting limited to
 * {@value #MAX_NESTING_DEPTH}; only the first {@value JsonExtractor#MAX_SCAN_CHARS} characters after removing
 * reasoning are searched.
 *
 * <h2>Normalization</h2>
 * <ul>
 * <li>{@code operation}: open, close, hold in any case. Aliases: close_position and exit mean close; wait, none
 * and no_action mean hold (spaces and hyphens count as underscores). buy and long mean open long, sell and short
 * mean open short; the alias supplies the direction when the reply gives none. When the reply gives the opposite
 * direction ("sell" with direction long, which could mean closing a long) the reply is refused as
 * UNKNOWN_OPERATION instead of guessing.</li>
 * <li>{@code direction}: long/buy and short/sell in any case; anything else becomes null (the validator then
 * reports INVALID_DIRECTION for open and close).</li>
 * <li>{@code target_portion_of_balance} (aliases {@code target_portion}, {@code portion}): a number, a numeric
 * string, or a percent string ("30%" is 0.30), kept exactly as given without clamping; missing or unreadable is
 * null. A value with more digits or decimal places than {@link ReplyNumbers} allows (1e-600000000) is kept too, and
 * the validator refuses it before any arithmetic.</li>
 * <li>{@code leverage}: 5, 5.0, "5", "5.0", "5x", "5X" are 5; fractions are rounded down (2.5 is 2) so the model
 * never gets more leverage than it asked for; missing or unreadable is 1; clamped to 1..maxLeverage (by comparison
 * alone, so 1e+600000000 is the maximum and 1e-600000000 is 1 at once).</li>
 * <li>{@code symbol}: trimmed and upper-cased, quote and perpetual suffixes removed: BTCUSDT, BTC-USD, BTC/USDC,
 * BTC_USDT, BTC-PERP, BTCPERP, BTC/USDT:USDT all become BTC. Blank is null.</li>
 * <li>{@code reason}: as given; missing is the empty string.</li>
 * </ul>
 *
 * <p>Thread-safe once constructed.
 */
public final class ReplyParser {

    static final int MAX_NESTING_DEPTH = 64;
    private static final int MAX_NUMBER_LENGTH = 100;

    private final JsonExtractor extractor;

    public ReplyParser() {
        this.extractor = new JsonExtractor(newMapper());
    }

    private static ObjectMapper newMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(JsonExtractor.MAX_SCAN_CHARS)
                        .maxDocumentLength(JsonExtractor.MAX_SCAN_CHARS)
                        .build())
                .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
                .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    /**
     * @param reply       the model's reply text, may be null
     * @param maxLeverage the account's maximum leverage; values below 1 count as 1
     */
    public ParseOutcome parse(String reply, int maxLeverage) {
        try {
            return parseOrThrow(reply, maxLeverage);
        } catch (RuntimeException e) {
            // Not expected; a bad reply must never break the caller's route.
            return failed(ErrorCode.UNPARSEABLE_REPLY, "could not parse reply: " + e.getClass().getSimpleName());
        }
    }

    private ParseOutcome parseOrThrow(String reply, int maxLeverage) {
        if (reply == null || reply.isBlank()) {
            return failed(ErrorCode.EMPTY_REPLY,
                    reply == null || reply.isEmpty() ? "reply is empty" : "reply is blank (" + reply.length() + " chars)");
        }
        String answer = ThinkingStripper.strip(reply);
        if (answer.isBlank()) {
            return failed(ErrorCode.UNPARSEABLE_REPLY,
                    "reply has only reasoning and no answer (" + reply.length() + " chars)");
        }
        JsonExtractor.Extraction extraction = extractor.extract(answer);
        if (extraction.object() == null) {
            return failed(ErrorCode.UNPARSEABLE_REPLY, extraction.failure());
        }
        ParseOutcome outcome = DecisionNormalizer.normalize(DecisionFields.of(extraction.object()), maxLeverage);
        if (outcome instanceof ParseOutcome.Parsed parsed && extraction.decisions() > 1) {
            return new ParseOutcome.Parsed(parsed.decision(), extraction.decisions());
        }
        return outcome;
    }

    private static ParseOutcome failed(ErrorCode code, String message) {
        return new ParseOutcome.Failed(new DecisionError(code, message));
    }
}
