package io.camelarena.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camelarena.account.DecisionHistory;
import io.camelarena.support.TextLimits;
import io.camelarena.market.MarketContext;
import io.camelarena.market.MarketSnapshot;
import io.camelarena.market.MarketSnapshots;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The new sections of the shipped template, exactly, and the order in which a long prompt is cut. */
class PromptSectionsTest {

    private static final String NEWS = "2026-11-25 | Bitcoin holds $95K: ETF inflows.";
    private final PromptBuilder builder = new PromptBuilder(TextLimits.PROMPT, PromptFixtures.SYMBOLS);

    private String prompt(PromptBuilder b, MarketSnapshot snapshot, DecisionHistory history) {
        return b.build(PromptFixtures.account(), PromptFixtures.portfolio(), snapshot, history, null);
    }

    @Test
    void historyVenueAndIndicatorSectionsExactly() {
        String prompt = prompt(builder, PromptFixtures.fullSnapshot(NEWS), PromptFixtures.history());

        assertThat(prompt).contains("""
                - Current Positions:
                  - BTC: long, quantity 0.1, average entry 90000, leverage 2x, margin $4500.00, current price 95234.5, \
                unrealized PnL +$523.45 (+11.63% of margin), liquidation price 45000

                Your Recent Decisions (oldest first):
                - 2026-11-25T11:40:03Z open BTC long: EXECUTED, fee $6.30
                - 2026-11-25T11:45:03Z close ETH short: REJECTED NO_POSITION
                - 2026-11-25T11:50:03Z close SOL long: EXECUTED, realized PnL -$12.50, fee $1.39
                - 2026-11-25T11:55:03Z none: MODEL_ERROR MODEL_TIMEOUT

                Current Market Prices (as of 2026-11-25T12:00:04Z):""");
        assertThat(prompt).contains("""
                }

                Perpetual Futures (hyperliquid; funding per hour, open interest in coins, 24h notional volume; as of \
                2026-11-25T12:00:03Z):
                - BTC: mark 95236, oracle 95211, funding 0.00125%, open interest 26489.48468, volume $2394829453.31, \
                max leverage 40x
                - ETH: unavailable this tick

                Technical Indicators (from closed candles only):
                BTC 3m (100 candles closed by 2026-11-25T12:00:00Z): close 97234.5, EMA20 97601, EMA50 97246.1, \
                MACD -11.168, MACD signal 182.153, RSI7 26.4338, RSI14 41.52, ATR3 881.474, ATR14 914.426, volume 16.1, \
                average volume 21.115
                  close, last 10 oldest first: [98359.2, 98070.3, 97785.7, 97536.8, 97346.2, 97225.1, 97171.1, \
                97170.3, 97200.1, 97234.5]
                  EMA20, last 10 oldest first: [97961.9, 97972.2, 97954.5, 97914.7, 97860.5, 97800, 97740.1, 97685.9, \
                97639.6, 97601]
                  MACD, last 10 oldest first: [586.2, 522.035, 443.112, 356.372, 269.147, 188.082, 118.117, 61.8924, \
                19.5132, -11.168]
                  RSI7, last 10 oldest first: [53.9592, 41.7884, 33.1856, 27.425, 23.7429, 21.5939, 20.6228, 20.6068, \
                23.199, 26.4338]
                  RSI14, last 10 oldest first: [65.4691, 57.5228, 50.9608, 46.0167, 42.6078, 40.5522, 39.634, 39.6197, \
                40.4819, 41.52]
                BTC 4h (100 candles closed by 2026-11-25T12:00:00Z): close 97234.5, EMA20 97601, EMA50 97246.1, \
                MACD -11.168, MACD signal 182.153, RSI7 26.4338, RSI14 41.52, ATR3 881.474, ATR14 914.426, volume 16.1, \
                average volume 21.115
                ETH 3m: unavailable this tick
                ETH 4h: unavailable this tick

                Latest Crypto News (CoinJournal):
                2026-11-25 | Bitcoin holds $95K: ETF inflows.

                Respond with ONLY a JSON object""");
    }

    @Test
    void thePromptBuiltFromTheStoredSnapshotIsTheOriginalPrompt() {
        MarketSnapshot original = PromptFixtures.fullSnapshot(NEWS);

        MarketSnapshot stored = MarketSnapshots.fromJson(MarketSnapshots.toJson(original));

        assertThat(stored.snapshotId()).isNull();
        assertThat(stored.withSnapshotId(7)).isEqualTo(original);
        assertThat(prompt(new PromptBuilder(TextLimits.PROMPT, PromptFixtures.SYMBOLS), stored,
                PromptFixtures.history())).isEqualTo(prompt(builder, original, PromptFixtures.history()));
    }

    @Test
    void failedSourcesSayUnavailableAndAnEmptyHistorySaysSo() {
        MarketContext failed = new MarketContext(Map.of(), "premiumIndex failed", Map.of(), "all failed", Map.of(),
                null, null, null, null, true, true);
        MarketSnapshot snapshot = new MarketSnapshot("T-2", PromptFixtures.TAKEN,
                Map.of("BTC", new BigDecimal("95234.5")), List.of("ETH"), null, "", "news failed", failed, null);

        String prompt = prompt(builder, snapshot, DecisionHistory.EMPTY);

        assertThat(prompt).contains("""
                Your Recent Decisions (oldest first):
                (none yet)
                """);
        assertThat(prompt(builder, snapshot, DecisionHistory.UNAVAILABLE)).contains("""
                Your Recent Decisions (oldest first):
                (unavailable this tick)

                Current Market Prices""");
        assertThat(prompt).contains("""
                (no price this tick: ETH)

                Perpetual Futures (hyperliquid; funding per hour, open interest in coins, 24h notional volume):
                (unavailable this tick)

                Technical Indicators (from closed candles only):
                (unavailable this tick)

                Latest Crypto News (CoinJournal):
                (no news available this tick)""");
    }

    @Test
    void sourcesThatAreOffHaveNoSectionAndNoHistoryMeansNoHistorySection() {
        String prompt = builder.build(PromptFixtures.account(), PromptFixtures.portfolio(),
                new MarketSnapshot("T-3", PromptFixtures.TAKEN, Map.of("BTC", BigDecimal.ONE), List.of("ETH"), null,
                        "", null));

        assertThat(prompt).doesNotContain("Perpetual Futures", "Technical Indicators", "Your Recent Decisions");
    }

    @Test
    void aLongPromptLosesNewsFirstThenTheOldestHistoryThenRecentValues() {
        String news = IntStream.rangeClosed(1, 40).mapToObj(i -> "2026-11-25 | Headline " + i + ": text text")
                .collect(Collectors.joining("\n"));
        MarketSnapshot snapshot = PromptFixtures.fullSnapshot(news);
        PromptBuilder unlimited = new PromptBuilder(100_000, PromptFixtures.SYMBOLS);
        String full = prompt(unlimited, snapshot, PromptFixtures.history());
        String noNews = prompt(unlimited, PromptFixtures.fullSnapshot(""), PromptFixtures.history());
        int newsLength = TextLimits.length(news);

        // a little too long: some news lines go, nothing else
        String a = prompt(new PromptBuilder(TextLimits.length(full) - 100, PromptFixtures.SYMBOLS), snapshot,
                PromptFixtures.history());
        assertThat(a).contains("Headline 1:", "[news truncated]", "11:40:03Z open BTC", "last 10 oldest first")
                .doesNotContain("Headline 40:");
        // shorter than the prompt without news: all news and the oldest history entry go, the recent values stay
        int limit = TextLimits.length(noNews) - 60;
        String b = prompt(new PromptBuilder(limit, PromptFixtures.SYMBOLS), snapshot, PromptFixtures.history());
        assertThat(TextLimits.length(b)).isLessThanOrEqualTo(limit);
        assertThat(b).contains("Latest Crypto News (CoinJournal):\n[news truncated]\n")
                .doesNotContain("11:40:03Z open BTC").contains("11:45:03Z close ETH", "last 10 oldest first");
        // shorter than without news and history: the recent lists shrink (10, then 5, ...)
        String noHistory = prompt(unlimited, PromptFixtures.fullSnapshot(""), DecisionHistory.EMPTY);
        int limit2 = TextLimits.length(noHistory) - 150;
        String c = prompt(new PromptBuilder(limit2, PromptFixtures.SYMBOLS), snapshot, PromptFixtures.history());
        assertThat(TextLimits.length(c)).isLessThanOrEqualTo(limit2);
        assertThat(c).contains("(none yet)", "close, last 5 oldest first: [97225.1, 97171.1, 97170.3, 97200.1, "
                + "97234.5]").doesNotContain("last 10", "…[truncated");
        assertThat(newsLength).isGreaterThan(100);
    }

    @Test
    void eachAccountCanHaveItsOwnTemplate(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("prompt.ftl"), Files.readString(Path.of("templates/prompt.ftl")));
        Files.writeString(dir.resolve("terse.ftl"), "Cash ${portfolio.cash}. Prices:\n${market.pricesJson}\n"
                + "<#list indicators.symbols as s><#list s.series as c><#if c.available>${s.symbol} ${c.interval}: "
                + "<#list c.latest as i>${i.label}=${i.value}<#sep> </#list>\n</#if></#list></#list>"
                + "Answer as JSON with operation, symbol, direction, target_portion_of_balance, leverage (1.."
                + "${account.maxLeverage}), reason.\n", StandardCharsets.UTF_8);
        PromptTemplates templates = PromptTemplates.load(dir, "prompt.ftl");
        PromptBuilder b = new PromptBuilder(TextLimits.PROMPT, PromptFixtures.SYMBOLS, templates, 1500,
                "hyperliquid");
        MarketSnapshot snapshot = PromptFixtures.fullSnapshot(NEWS);

        String standard = b.build(PromptFixtures.account(), PromptFixtures.portfolio(), snapshot, null, null);
        String terse = b.build(PromptFixtures.account(), PromptFixtures.portfolio(), snapshot, null, "terse.ftl");

        assertThat(standard).isEqualTo(prompt(builder, snapshot, null));
        assertThat(terse).startsWith("Cash $5500.00. Prices:\n{\n  \"BTC\": 95234.5,")
                .contains("BTC 3m: close=97234.5 EMA20=97601 EMA50=97246.1")
                .endsWith("leverage (1..5), reason.");
        assertThatThrownBy(() -> b.build(PromptFixtures.account(), PromptFixtures.portfolio(), snapshot, null,
                "missing.ftl")).hasMessageContaining("no prompt template missing.ftl");
    }
}
