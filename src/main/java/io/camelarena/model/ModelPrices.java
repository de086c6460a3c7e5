package io.camelarena.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a model's tokens cost: USD per million input and output tokens, from {@code arena.pricing.<key>.input-usd-per-mtok}
 * and {@code arena.pricing.<key>.output-usd-per-mtok}, where {@code <key>} is {@link #propertyKey} of the model id.
 *
 * <p>A decision's cost = (input tokens x input price + output tokens x output price) / 1,000,000, HALF_EVEN to 8
 * decimals (the cost_usd column). A model without both prices has no price: its cost is unknown (null), which the
 * leaderboard counts as 0 and flags. Missing token counts count as 0 tokens.
 */
public final class ModelPrices {

    public static final String PREFIX = "arena.pricing.";
    public static final String INPUT = ".input-usd-per-mtok";
    public static final String OUTPUT = ".output-usd-per-mtok";
    /** Scale of a decision's cost (cost_usd DECIMAL(18,8)). */
    public static final int SCALE = 8;
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    /** Anything but lower-case letters, digits, '.' and '-' becomes '-' in a property key. */
    private static final Pattern NOT_KEY = Pattern.compile("[^a-z0-9.-]");
    /**
     * Bedrock cross-region inference profiles put a geography before the model id ({@code us.anthropic...},
     * {@code global.anthropic...}); the price of the model id without it applies when the profile has none of its own.
     */
    private static final Pattern GEOGRAPHY = Pattern.compile("^(us|us-gov|eu|apac|jp|au|ca|global)\\.(?=.+\\..+)");

    /** USD per million tokens. */
    public record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    }

    private final Map<String, Price> prices;

    public ModelPrices(Map<String, Price> pricesByKey) {
        this.prices = Collections.unmodifiableMap(new TreeMap<>(pricesByKey));
    }

    /**
     * The prices under {@code arena.pricing.}: {@code keys} are the property names set there, {@code setting} reads a
     * value (so an environment variable or -D flag can override it). A key with only one of its two prices, or a
     * price that is not a number at least 0, fails naming the property.
     */
    public static ModelPrices from(Set<String> keys, Function<String, Optional<String>> setting) {
        Map<String, Price> byKey = new TreeMap<>();
        for (String key : keys) {
            String model;
            if (key.startsWith(PREFIX) && key.endsWith(INPUT)) {
                model = key.substring(PREFIX.length(), key.length() - INPUT.length());
            } else if (key.startsWith(PREFIX) && key.endsWith(OUTPUT)) {
                model = key.substring(PREFIX.length(), key.length() - OUTPUT.length());
            } else {
                throw new IllegalStateException("property " + key + " is not arena.pricing.<model>" + INPUT
                        + " or arena.pricing.<model>" + OUTPUT);
            }
            if (byKey.containsKey(model)) {
                continue;
            }
            BigDecimal in = price(PREFIX + model + INPUT, setting);
            BigDecimal out = price(PREFIX + model + OUTPUT, setting);
            byKey.put(model, new Price(in, out));
        }
        return new ModelPrices(byKey);
    }

    private static BigDecimal price(String key, Function<String, Optional<String>> setting) {
        String text = setting.apply(key).orElseThrow(() -> new IllegalStateException("property " + key
                + " is missing: a model's price needs both " + INPUT.substring(1) + " and " + OUTPUT.substring(1)));
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("property " + key + " must be a number (USD per million tokens), was '"
                    + text + "'");
        }
        if (value.signum() < 0) {
            throw new IllegalStateException("property " + key + " must be at least 0, was " + text);
        }
        return value;
    }

    /**
     * The property key segment of a model id: lower-cased, every character other than a-z, 0-9, '.' and '-' replaced
     * by '-'. {@code anthropic.claude-sonnet-4-20250514-v1:0} becomes {@code anthropic.claude-sonnet-4-20250514-v1-0},
     * {@code deepseek/deepseek-chat} becomes {@code deepseek-deepseek-chat}.
     */
    public static String propertyKey(String modelId) {
        return NOT_KEY.matcher(modelId.trim().toLowerCase(Locale.ROOT)).replaceAll("-");
    }

    /** The model's price: its own key, else (a Bedrock inference profile) the key without the geography prefix. */
    public Optional<Price> price(String modelId) {
        if (modelId == null || modelId.isBlank()) {
            return Optional.empty();
        }
        String key = propertyKey(modelId);
        Price own = prices.get(key);
        if (own != null) {
            return Optional.of(own);
        }
        var geography = GEOGRAPHY.matcher(key);
        return geography.find() ? Optional.ofNullable(prices.get(key.substring(geography.end()))) : Optional.empty();
    }

    /** The cost in USD of one call (8 decimals), or null when the model has no price. */
    public BigDecimal cost(String modelId, Integer inputTokens, Integer outputTokens) {
        return price(modelId).map(p -> costAt(p, inputTokens, outputTokens)).orElse(null);
    }

    static BigDecimal costAt(Price p, Integer inputTokens, Integer outputTokens) {
        BigDecimal in = BigDecimal.valueOf(inputTokens == null ? 0 : Math.max(0, inputTokens));
        BigDecimal out = BigDecimal.valueOf(outputTokens == null ? 0 : Math.max(0, outputTokens));
        return in.multiply(p.inputPerMillion()).add(out.multiply(p.outputPerMillion()))
                .divide(MILLION, SCALE, RoundingMode.HALF_EVEN);
    }

    /** The priced keys, for the start-up log. */
    public Set<String> keys() {
        return prices.keySet();
    }
}
