package io.camelarena.prompt;

import io.camelarena.account.AccountSettings;
import io.camelarena.account.DecisionHistory;
import io.camelarena.account.Portfolio;
import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.market.Candle;
import io.camelarena.market.CandleFixtures;
import io.camelarena.market.Indicators;
import io.camelarena.market.MarketContext;
import io.camelarena.market.MarketSnapshot;
import io.camelarena.market.SeriesAnalysis;
import io.camelarena.market.VenueContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tick with every source (venue context, two candle series, news) and an account with a position and history. */
final class PromptFixtures {

    static final List<String> SYMBOLS = List.of("BTC", "ETH");
    static final Instant TAKEN = Instant.parse("2026-11-25T12:00:04Z");
    static final Indicators INDICATORS = new Indicators(List.of(Indicators.DEFAULT_LATEST.split(",")),
            List.of(Indicators.DEFAULT_RECENT.split(",")), 10);

    private PromptFixtures() {
    }

    static MarketSnapshot fullSnapshot(String news) {
        Map<String, Map<String, SeriesAnalysis>> series = new LinkedHashMap<>();
        series.put("BTC", analyses(new BigDecimal("95000"), 1));
        Map<String, SeriesAnalysis> eth = new LinkedHashMap<>();
        eth.put("3m", SeriesAnalysis.unavailable("3m", "HTTP 500"));
        eth.put("4h", SeriesAnalysis.unavailable("4h", "HTTP 500"));
        series.put("ETH", eth);
        Map<String, VenueContext> venue = new LinkedHashMap<>();
        venue.put("BTC", new VenueContext("BTC", new BigDecimal("95236"), new BigDecimal("95211"),
                new BigDecimal("0.0000125"), new BigDecimal("26489.48468"), new BigDecimal("2394829453.3127198219"),
                40, TAKEN.minusSeconds(1)));
        MarketContext context = new MarketContext(venue, "no venue context for ETH", series, "ETH 3m: HTTP 500",
                Map.of(), TAKEN.minusSeconds(2), TAKEN.minusSeconds(1), Instant.parse("2026-11-25T11:59:59.999Z"),
                Instant.parse("2026-11-25T09:30:00Z"), true, true);
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        prices.put("BTC", new BigDecimal("95234.5"));
        prices.put("ETH", new BigDecimal("3421.25"));
        return new MarketSnapshot("T-1", TAKEN, prices, List.of(), null, news, null, context, 7L);
    }

    static Map<String, SeriesAnalysis> analyses(BigDecimal base, int scale) {
        List<Candle> intraday = CandleFixtures.candles(Instant.parse("2026-11-25T07:00:00Z"), Duration.ofMinutes(3),
                100, base, scale);
        List<Candle> fourHour = CandleFixtures.candles(Instant.parse("2026-11-08T20:00:00Z"), Duration.ofHours(4),
                100, base, scale);
        Map<String, SeriesAnalysis> m = new LinkedHashMap<>();
        m.put("3m", INDICATORS.analyse("3m", intraday, true));
        m.put("4h", INDICATORS.analyse("4h", fourHour, false));
        return m;
    }

    static Portfolio portfolio() {
        return new Portfolio(1, new BigDecimal("5500"), BigDecimal.ZERO, new BigDecimal("4500"), List.of(
                new Position("BTC", Side.LONG, new BigDecimal("0.1"), new BigDecimal("90000"), 2,
                        new BigDecimal("4500"))));
    }

    static DecisionHistory history() {
        return new DecisionHistory(List.of(
                new DecisionHistory.Entry(Instant.parse("2026-11-25T11:40:03.120Z"), "open", "BTC", "long",
                        "EXECUTED", null, null, new BigDecimal("6.3"), "Breakout above 94k with rising volume."),
                new DecisionHistory.Entry(Instant.parse("2026-11-25T11:45:03Z"), "close", "ETH", "short", "REJECTED",
                        "NO_POSITION", null, null, "Take profit."),
                new DecisionHistory.Entry(Instant.parse("2026-11-25T11:50:03Z"), "close", "SOL", "long", "EXECUTED",
                        null, new BigDecimal("-12.5"), new BigDecimal("1.39"), "Stop loss hit."),
                new DecisionHistory.Entry(Instant.parse("2026-11-25T11:55:03Z"), "none", null, null, "MODEL_ERROR",
                        "MODEL_TIMEOUT", null, null, null)));
    }

    static AccountSettings account() {
        return new AccountSettings(1, "alpha", "simulated", "momentum", null, null, null, null, 0, 5,
                new BigDecimal("10000"), true);
    }
}
