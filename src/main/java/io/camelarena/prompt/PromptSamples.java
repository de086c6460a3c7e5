package io.camelarena.prompt;

import io.camelarena.account.AccountSettings;
import io.camelarena.account.DecisionHistory;
import io.camelarena.account.Portfolio;
import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.market.MarketContext;
import io.camelarena.market.MarketSnapshot;
import io.camelarena.market.SeriesAnalysis;
import io.camelarena.market.VenueContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data a template edit is rendered with before it is applied: a tick where every source answered (positions,
 * history, venue context, indicator series with warm-up gaps, news) and one where everything beside the prices failed
 * and the account has no position and no history. A template that renders both without an error is accepted.
 */
final class PromptSamples {

    private static final List<String> SYMBOLS = List.of("BTC", "ETH");
    private static final Instant T = Instant.parse("2026-11-25T12:00:04Z");
    private static volatile List<Map<String, Object>> samples;

    private PromptSamples() {
    }

    static List<Map<String, Object>> all() {
        List<Map<String, Object>> s = samples;
        if (s == null) {
            s = List.of(full(), bare(), PromptSamples.withHistory(bare(), DecisionHistory.EMPTY));
            samples = s;
        }
        return s;
    }

    private static Map<String, Object> full() {
        PromptBuilder builder = new PromptBuilder(100_000, SYMBOLS, null, PromptBuilder.DEFAULT_HISTORY_CHARS,
                "hyperliquid");
        Map<String, BigDecimal> latest = new LinkedHashMap<>();
        latest.put("close", new BigDecimal("95234.5"));
        latest.put("ema20", new BigDecimal("95101.2"));
        latest.put("macd_signal", null);
        Map<String, List<BigDecimal>> recent = new LinkedHashMap<>();
        recent.put("close", List.of(new BigDecimal("95100"), new BigDecimal("95234.5")));
        recent.put("macd", java.util.Arrays.asList(null, new BigDecimal("12.5")));
        Map<String, SeriesAnalysis> btc = new LinkedHashMap<>();
        btc.put("3m", new SeriesAnalysis("3m", 100, T.minusSeconds(5), latest, recent, null));
        btc.put("4h", SeriesAnalysis.unavailable("4h", "HTTP 500"));
        MarketContext context = new MarketContext(
                Map.of("BTC", new VenueContext("BTC", new BigDecimal("95236"), new BigDecimal("95211"),
                        new BigDecimal("0.0000125"), new BigDecimal("26489.48"), new BigDecimal("2394829453.31"), 40,
                        T.minusSeconds(1))),
                "no venue context for ETH", Map.of("BTC", btc), "BTC 4h: HTTP 500", Map.of(), T.minusSeconds(2),
                T.minusSeconds(1), T.minusSeconds(5), T.minusSeconds(600), true, true);
        MarketSnapshot snapshot = new MarketSnapshot("sample-1", T, Map.of("BTC", new BigDecimal("95234.5")),
                List.of("ETH"), null, "2026-11-25 | Bitcoin holds $95K: text", null, context, 1L);
        Portfolio portfolio = new Portfolio(1, new BigDecimal("5000"), BigDecimal.ZERO, new BigDecimal("4500"),
                List.of(new Position("BTC", Side.LONG, new BigDecimal("0.1"), new BigDecimal("90000"), 2,
                        new BigDecimal("4500")),
                        new Position("ETH", Side.SHORT, new BigDecimal("1"), new BigDecimal("3500"), 1,
                                new BigDecimal("3500"))));
        DecisionHistory history = new DecisionHistory(List.of(
                new DecisionHistory.Entry(T.minusSeconds(600), "open", "BTC", "long", "EXECUTED", null, null,
                        new BigDecimal("6.3"), "Momentum is up."),
                new DecisionHistory.Entry(T.minusSeconds(300), "close", "ETH", "short", "REJECTED", "NO_POSITION",
                        null, null, null),
                new DecisionHistory.Entry(T.minusSeconds(200), "close", "SOL", "long", "EXECUTED", null,
                        new BigDecimal("-12.5"), new BigDecimal("1.2"), "Stop."),
                new DecisionHistory.Entry(T.minusSeconds(100), "none", null, null, "MODEL_ERROR", "MODEL_TIMEOUT",
                        null, null, null)));
        return builder.data(account(), portfolio, snapshot, history);
    }

    private static Map<String, Object> withHistory(Map<String, Object> data, DecisionHistory history) {
        Map<String, Object> copy = new LinkedHashMap<>(data);
        copy.put("history", Map.of("enabled", true, "available", history.available(), "entries", List.of()));
        return copy;
    }

    private static Map<String, Object> bare() {
        PromptBuilder builder = new PromptBuilder(100_000, SYMBOLS, null, PromptBuilder.DEFAULT_HISTORY_CHARS,
                "binance");
        MarketContext context = new MarketContext(Map.of(), "premiumIndex failed", Map.of(), "all failed", Map.of(),
                T, null, null, null, true, true);
        MarketSnapshot snapshot = new MarketSnapshot("sample-2", T, Map.of("ETH", new BigDecimal("3400")),
                List.of("BTC"), null, "", "news failed", context, null);
        Portfolio portfolio = new Portfolio(1, new BigDecimal("10000"), BigDecimal.ZERO, BigDecimal.ZERO, List.of());
        return builder.data(account(), portfolio, snapshot, DecisionHistory.UNAVAILABLE);
    }

    private static AccountSettings account() {
        return new AccountSettings(1, "sample", "simulated", "momentum", null, null, null, null, 1000, 5,
                new BigDecimal("10000"), true);
    }
}
