package io.camelarena.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.account.AccountSettings;
import io.camelarena.account.Portfolio;
import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.support.TextLimits;
import io.camelarena.market.MarketSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PromptBuilderTest {

    private static final List<String> SYMBOLS = List.of("BTC", "ETH", "SOL", "XRP");
    private static final AccountSettings ACCOUNT = account(5);

    private final PromptBuilder builder = new PromptBuilder(TextLimits.PROMPT, SYMBOLS);

    @Test
    void sectionsArePresentInOrder() {
        String prompt = builder.build(ACCOUNT, emptyPortfolio("10000"), snapshot(allPrices(), "2025-11-03 | BTC up: text"));

        assertThat(prompt).startsWith("You are a cryptocurrency trading AI.");
        assertThat(prompt).containsSubsequence(
                "Portfolio Data:",
                "- Cash Available: $10000.00",
                "- Frozen Cash: $0.00",
                "- Margin In Use: $0.00",
                "- Total Assets: $10000.00",
                "- Current Positions: none",
                "Current Market Prices (as of 2025-11-03T10:00:00Z):",
                "Latest Crypto News (CoinJournal):\n2025-11-03 | BTC up: text",
                "Respond with ONLY a JSON object",
                "Example:",
                "Rules:",
                "Respond with ONLY the JSON object, no other text.");
    }

    @Test
    void pricesAreAJsonObjectInConfiguredOrderWithPlainNumbers() {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        prices.put("SOL", new BigDecimal("198.45"));
        prices.put("BTC", new BigDecimal("95234.50"));
        prices.put("ETH", new BigDecimal("3.4E+3"));
        prices.put("XRP", new BigDecimal("0.000012"));

        String prompt = builder.build(ACCOUNT, emptyPortfolio("10000"), snapshot(prices, ""));

        assertThat(prompt).contains("""
                {
                  "BTC": 95234.50,
                  "ETH": 3400,
                  "SOL": 198.45,
                  "XRP": 0.000012
                }""");
        assertThat(prompt).doesNotContain("no price this tick");
    }

    @Test
    void missingSymbolsAreNamed() {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        prices.put("BTC", new BigDecimal("95000"));
        prices.put("SOL", new BigDecimal("200"));

        String prompt = builder.build(ACCOUNT, emptyPortfolio("10000"), snapshot(prices, ""));

        assertThat(prompt).contains("""
                {
                  "BTC": 95000,
                  "SOL": 200
                }
                (no price this tick: ETH, XRP)""");
    }

    @Test
    void noPricesAtAllGivesEmptyObjectAndNamesEverySymbol() {
        String prompt = builder.build(ACCOUNT, emptyPortfolio("10000"), snapshot(Map.of(), ""));

        assertThat(prompt).contains(":\n{}\n(no price this tick: BTC, ETH, SOL, XRP)");
    }

    @Test
    void emptyNewsSaysSo() {
        String prompt = builder.build(ACCOUNT, emptyPortfolio("10000"), snapshot(allPrices(), "  "));

        assertThat(prompt).contains("Latest Crypto News (CoinJournal):\n(no news available this tick)");
    }

    @Test
    void positionsShowUnrealizedPnlWithCorrectSignForLongAndShort() {
        Position btcLong = new Position("BTC", Side.LONG, new BigDecimal("0.10000000"), new BigDecimal("90000"), 2,
                new BigDecimal("4500"));
        Position ethShort = new Position("ETH", Side.SHORT, new BigDecimal("2"), new BigDecimal("3500"), 5,
                new BigDecimal("1400"));
        // listed ETH first to show that the prompt orders positions by configured symbol order
        Portfolio portfolio = new Portfolio(1, new BigDecimal("4100"), BigDecimal.ZERO, new BigDecimal("5900"),
                List.of(ethShort, btcLong));
        Map<String, BigDecimal> prices = Map.of("BTC", new BigDecimal("95000"), "ETH", new BigDecimal("3400"));

        String prompt = builder.build(ACCOUNT, portfolio, snapshot(prices, "news"));

        // long gains 0.1 x (95000 - 90000) = 500; short gains 2 x (3500 - 3400) = 200 because the price fell
        assertThat(prompt).contains("- Total Assets: $10700.00");
        assertThat(prompt).contains("- Margin In Use: $5900.00");
        assertThat(prompt).containsSubsequence(
                "- Current Positions:\n",
                "  - BTC: long, quantity 0.1, average entry 90000, leverage 2x, margin $4500.00, "
                        + "current price 95000, unrealized PnL +$500.00 (+11.11% of margin), "
                        + "liquidation price 45000\n",
                "  - ETH: short, quantity 2, average entry 3500, leverage 5x, margin $1400.00, "
                        + "current price 3400, unrealized PnL +$200.00 (+14.29% of margin), "
                        + "liquidation price 4200");
    }

    @Test
    void shortLosesWhenPriceRises() {
        Position ethShort = new Position("ETH", Side.SHORT, new BigDecimal("2"), new BigDecimal("3500"), 5,
                new BigDecimal("1400"));
        Portfolio portfolio = new Portfolio(1, new BigDecimal("8600"), BigDecimal.ZERO, new BigDecimal("1400"),
                List.of(ethShort));

        String prompt = builder.build(ACCOUNT, portfolio, snapshot(Map.of("ETH", new BigDecimal("3600.005")), ""));

        // 2 x (3500 - 3600.005) = -200.01; total 8600 + 1400 - 200.01
        assertThat(prompt).contains("unrealized PnL -$200.01 (-14.29% of margin)");
        assertThat(prompt).contains("- Total Assets: $9799.99");
    }

    @Test
    void moneyIsRoundedHalfEvenToTwoDecimals() {
        assertThat(PromptBuilder.money(new BigDecimal("10.125"))).isEqualTo("$10.12");
        assertThat(PromptBuilder.money(new BigDecimal("10.135"))).isEqualTo("$10.14");
        assertThat(PromptBuilder.money(new BigDecimal("-0.001"))).isEqualTo("$0.00");
        assertThat(PromptBuilder.money(new BigDecimal("-5"))).isEqualTo("-$5.00");
    }

    @Test
    void positionWithoutPriceSaysSoAndCountsZeroPnl() {
        Position xrpLong = new Position("XRP", Side.LONG, new BigDecimal("1000"), new BigDecimal("0.5"), 1,
                new BigDecimal("500"));
        Portfolio portfolio = new Portfolio(1, new BigDecimal("9500"), BigDecimal.ZERO, new BigDecimal("500"),
                List.of(xrpLong));

        String prompt = builder.build(ACCOUNT, portfolio, snapshot(Map.of("BTC", new BigDecimal("1")), ""));

        assertThat(prompt).contains("current price unknown (no price this tick), unrealized PnL unknown");
        assertThat(prompt).contains("- Total Assets: $10000.00");
    }

    @Test
    void replyFormatAndRulesUseTheAccountMaximumLeverageAndConfiguredSymbols() {
        String prompt = builder.build(account(3), emptyPortfolio("10000"), snapshot(allPrices(), ""));

        assertThat(prompt).contains("- \"operation\": \"open\", \"close\" or \"hold\"");
        assertThat(prompt).contains("- \"symbol\": one of \"BTC\", \"ETH\", \"SOL\", \"XRP\"");
        assertThat(prompt).contains("- \"direction\": \"long\" or \"short\"");
        assertThat(prompt).contains("- \"target_portion_of_balance\": a number greater than 0 and at most 1");
        assertThat(prompt).contains("- \"leverage\": an integer from 1 to 3");
        assertThat(prompt).contains("- leverage: an integer from 1 to 3.");
        assertThat(prompt).contains("- At most one position per symbol");
        assertThat(prompt).contains("margin = notional / leverage; a taker fee is charged on the notional.");
        assertThat(prompt).contains("- hold: no trade;");
        assertThat(prompt).contains("\"leverage\": 2,");
    }

    @Test
    void exampleLeverageNeverExceedsAMaximumOfOne() {
        String prompt = builder.build(account(1), emptyPortfolio("10000"), snapshot(allPrices(), ""));

        assertThat(prompt).contains("\"leverage\": 1,").contains("an integer from 1 to 1");
    }

    @Test
    void longNewsIsCutFirstLineByLineAndTheRestStaysIntact() {
        String news = IntStream.rangeClosed(1, 400)
                .mapToObj(i -> "2025-11-03 | Headline " + i + ": " + "story text ".repeat(5))
                .collect(Collectors.joining("\n"));
        MarketSnapshot snapshot = snapshot(allPrices(), news);
        String untruncated = builder.build(ACCOUNT, emptyPortfolio("10000"), snapshot(allPrices(), ""));

        String prompt = builder.build(ACCOUNT, emptyPortfolio("10000"), snapshot);

        assertThat(TextLimits.length(news)).isGreaterThan(TextLimits.PROMPT);
        assertThat(TextLimits.length(prompt)).isLessThanOrEqualTo(TextLimits.PROMPT);
        assertThat(prompt).contains("2025-11-03 | Headline 1: ").contains("[news truncated]");
        assertThat(prompt).doesNotContain("Headline 400:").doesNotContain("…[truncated");
        // whole lines only: the line before the marker is a complete headline
        String beforeMarker = prompt.substring(0, prompt.indexOf("\n[news truncated]"));
        assertThat(beforeMarker.substring(beforeMarker.lastIndexOf('\n') + 1)).endsWith("story text ");
        // everything after the news is the same as in a prompt without news
        String tail = untruncated.substring(untruncated.indexOf("\n\nRespond with ONLY a JSON object"));
        assertThat(prompt).endsWith(tail);
    }

    @Test
    void oneHugeNewsLineKeepsItsBeginning() {
        MarketSnapshot snapshot = snapshot(allPrices(), "x".repeat(20_000));

        String prompt = builder.build(ACCOUNT, emptyPortfolio("10000"), snapshot);

        assertThat(TextLimits.length(prompt)).isEqualTo(TextLimits.PROMPT);
        assertThat(prompt).contains("Latest Crypto News (CoinJournal):\nxxxx").contains("x\n[news truncated]\n\n");
        assertThat(prompt).endsWith("Respond with ONLY the JSON object, no other text.");
    }

    @Test
    void wholePromptIsCutAsLastResortWhenEvenWithoutNewsItIsTooLong() {
        PromptBuilder tiny = new PromptBuilder(300, SYMBOLS);

        String prompt = tiny.build(ACCOUNT, emptyPortfolio("10000"), snapshot(allPrices(), "some news"));

        assertThat(TextLimits.length(prompt)).isEqualTo(300);
        assertThat(prompt).startsWith("You are a cryptocurrency trading AI.").contains("…[truncated ");
    }

    @Test
    void outputIsDeterministic() {
        Portfolio portfolio = new Portfolio(1, new BigDecimal("100"), BigDecimal.ZERO, new BigDecimal("50"), List.of(
                new Position("SOL", Side.LONG, BigDecimal.ONE, new BigDecimal("190"), 3, new BigDecimal("50"))));
        MarketSnapshot snapshot = snapshot(allPrices(), "a\nb");

        assertThat(builder.build(ACCOUNT, portfolio, snapshot))
                .isEqualTo(new PromptBuilder(TextLimits.PROMPT, SYMBOLS).build(ACCOUNT, portfolio, snapshot));
    }

    @Test
    void accountsOfATickShareOneMarketSectionBuiltOnce() {
        MarketSnapshot snapshot = snapshot(allPrices(), "line one\nline two");
        MarketSnapshot nextTick = snapshot(allPrices(), "line three");

        var first = builder.shared(snapshot);
        String alpha = builder.build(account(5), emptyPortfolio("10000"), snapshot);
        String beta = builder.build(account(2), emptyPortfolio("500"), snapshot);

        assertThat(builder.shared(snapshot)).isSameAs(first);
        assertThat(builder.shared(nextTick)).isNotSameAs(first);
        // The shared section changes nothing in the text: a fresh builder gives the same prompts.
        assertThat(alpha).isEqualTo(new PromptBuilder(TextLimits.PROMPT, SYMBOLS)
                .build(account(5), emptyPortfolio("10000"), snapshot));
        assertThat(beta).isEqualTo(new PromptBuilder(TextLimits.PROMPT, SYMBOLS)
                .build(account(2), emptyPortfolio("500"), snapshot));
    }

    // ---- fixtures

    static AccountSettings account(int maxLeverage) {
        return new AccountSettings(1, "alpha", "simulated", "momentum", null, null, null, null, 0, maxLeverage,
                new BigDecimal("10000"), true);
    }

    private static Portfolio emptyPortfolio(String cash) {
        return new Portfolio(1, new BigDecimal(cash), BigDecimal.ZERO, BigDecimal.ZERO, List.of());
    }

    private static Map<String, BigDecimal> allPrices() {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        prices.put("BTC", new BigDecimal("95234.50"));
        prices.put("ETH", new BigDecimal("3421.23"));
        prices.put("SOL", new BigDecimal("198.45"));
        prices.put("XRP", new BigDecimal("2.1034"));
        return prices;
    }

    private static MarketSnapshot snapshot(Map<String, BigDecimal> prices, String news) {
        List<String> missing = SYMBOLS.stream().filter(s -> !prices.containsKey(s)).toList();
        return new MarketSnapshot("tick-1", Instant.parse("2025-11-03T10:00:00Z"), prices, missing, null, news, null);
    }
}
