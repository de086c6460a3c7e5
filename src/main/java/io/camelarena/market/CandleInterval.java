package io.camelarena.market;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A candle interval as both venues name it ({@code 1m}, {@code 3m}, {@code 15m}, {@code 1h}, {@code 4h}, {@code 1d},
 * {@code 1w}) and how many closed candles of it the prompt uses.
 */
public record CandleInterval(String name, Duration length, int count) {

    private static final Pattern NAME = Pattern.compile("(\\d{1,3})([mhdw])");

    public CandleInterval {
        if (count < 1 || count > 1000) {
            throw new IllegalArgumentException("candle count of " + name + " must be 1..1000, was " + count);
        }
    }

    /** {@code 3m} as a duration; the venues' monthly {@code 1M} is not supported (its length varies). */
    public static Duration lengthOf(String name) {
        Matcher m = NAME.matcher(name == null ? "" : name.trim());
        if (!m.matches() || Integer.parseInt(m.group(1)) == 0) {
            throw new IllegalArgumentException("candle interval '" + name + "' is not one like 1m, 3m, 15m, 1h, 4h, "
                    + "1d or 1w");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /**
     * {@code 3m:100,4h:100}: the candle series of the prompt, in order; the first is the intraday series whose recent
     * values the prompt lists.
     */
    public static List<CandleInterval> parseList(String spec) {
        List<CandleInterval> result = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return result;
        }
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("candle series '" + p + "' must be INTERVAL:COUNT, such as 3m:100");
            }
            String name = p.substring(0, colon).trim();
            int count;
            try {
                count = Integer.parseInt(p.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("candle series '" + p + "' must be INTERVAL:COUNT, such as 3m:100");
            }
            if (result.stream().anyMatch(c -> c.name().equals(name))) {
                throw new IllegalArgumentException("candle series " + name + " is given twice");
            }
            result.add(new CandleInterval(name, lengthOf(name), count));
        }
        return result;
    }
}
