package io.camelarena.prompt;

import io.camelarena.account.AccountSettings;
import io.camelarena.account.Portfolio;
import io.camelarena.account.Position;
import io.camelarena.support.TextLimits;
import io.camelarena.market.MarketSnapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the user prompt for one account at one tick: role, portfolio, market prices, news, reply format and rules.
 *
 * <p>The output depends only on the inputs (no clock, no hash-ordered collections), so the same tick gives every model
 * the same text apart from its own portfolio and leverage limit. Length is counted in code points, like the
 * {@code user_prompt} column. When the prompt is too long the news is shortened first, line by line from the end;
 * only if that is not enough is the whole prompt cut with {@link TextLimits#truncate}.
 */
public final class PromptBuilder {

    static final String NEWS_TRUNCATED = "[news truncated]";
    static final String NO_NEWS = "(no news available this tick)";
    static final String NEWS_HEADER = "Latest Crypto News (CoinJournal):";

    private static final String SECTION_SEPARATOR = "\n\n";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final int maxChars;
    private final List<String> symbols;
    // One tick at a time: a single cached entry is enough (a race only builds the same section twice).
    private volatile SharedMarketSection lastShared;

    /**
     * @param maxChars maximum prompt length in code points (the app uses {@link TextLimits#PROMPT})
     * @param symbols  the configured symbols, in the order they are shown
     */
    public PromptBuilder(int maxChars, List<String> symbols) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive: " + maxChars);
        }
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("at least one symbol is needed");
        }
        this.maxChars = maxChars;
        this.symbols = List.copyOf(symbols);
    }

    public String build(AccountSettings account, Portfolio portfolio, MarketSnapshot snapshot) {
        SharedMarketSection shared = shared(snapshot);
        String beforeNews = ROLE_SECTION + SECTION_SEPARATOR + portfolioSection(portfolio, snapshot.prices())
                + shared.beforeNews();
        String afterNews = SECTION_SEPARATOR + replyFormatSection(account) + SECTION_SEPARATOR + rulesSection(account);

        int newsBudget = maxChars - TextLimits.length(beforeNews) - TextLimits.length(afterNews);
        String news = fitNews(shared, newsBudget);
        return TextLimits.truncate(beforeNews + news + afterNews, maxChars);
    }

    /**
     * The parts of the prompt that are the same for every account of a tick: market prices and the full (not yet
     * shortened) news section. Useful to log once per tick or to compare what models were shown.
     */
    public String buildSharedMarketSection(MarketSnapshot snapshot) {
        SharedMarketSection shared = shared(snapshot);
        return shared.beforeNews().substring(SECTION_SEPARATOR.length()) + shared.newsBody();
    }

    /**
     * The shared part of the tick's prompts, built once per snapshot (a tick's accounts all hold the same snapshot
     * instance) and reused by every account of the tick; only the portfolio and the account's leverage limit are
     * built per account.
     */
    SharedMarketSection shared(MarketSnapshot snapshot) {
        SharedMarketSection cached = lastShared;
        if (cached != null && cached.snapshot() == snapshot) {
            return cached;
        }
        String body = newsBody(snapshot);
        String[] lines = body.split("\\R");
        int[] lineLengths = new int[lines.length];
        for (int i = 0; i < lines.length; i++) {
            lineLengths[i] = TextLimits.length(lines[i]);
        }
        SharedMarketSection built = new SharedMarketSection(snapshot,
                SECTION_SEPARATOR + marketPricesSection(snapshot) + SECTION_SEPARATOR + NEWS_HEADER + "\n",
                body, TextLimits.length(body), lines, lineLengths);
        lastShared = built;
        return built;
    }

    /** Prices and news of one snapshot, with the news already split into lines and measured in code points. */
    record SharedMarketSection(MarketSnapshot snapshot, String beforeNews, String newsBody, int newsLength,
            String[] newsLines, int[] newsLineLengths) {
    }

    // ---- sections

    private static final String ROLE_SECTION = "You are a cryptocurrency trading AI. "
            + "Based on the following portfolio and market data, "
            + "decide on a trading action. Positions can use leverage; "
            + "long positions gain when the price rises, short positions gain when the price falls.";

    private String portfolioSection(Portfolio portfolio, Map<String, BigDecimal> prices) {
        StringBuilder text = new StringBuilder("Portfolio Data:\n");
        text.append("- Cash Available: ").append(money(portfolio.cash())).append('\n');
        text.append("- Frozen Cash: ").append(money(portfolio.frozenCash())).append('\n');
        text.append("- Margin In Use: ").append(money(portfolio.marginInUse())).append('\n');
        text.append("- Total Assets: ").append(money(portfolio.totalAssets(prices))).append('\n');
        if (portfolio.positions().isEmpty()) {
            text.append("- Current Positions: none");
        } else {
            text.append("- Current Positions:");
            for (Position position : inSymbolOrder(portfolio.positions())) {
                text.append("\n  - ").append(positionLine(position, prices.get(position.symbol())));
            }
        }
        return text.toString();
    }

    private static String positionLine(Position position, BigDecimal currentPrice) {
        String line = position.symbol() + ": " + position.side().wire()
                + ", quantity " + position.quantity().stripTrailingZeros().toPlainString()
                + ", average entry " + position.avgEntryPrice().toPlainString()
                + ", leverage " + position.leverage() + "x"
                + ", margin " + money(position.margin());
        if (currentPrice == null) {
            return line + ", current price unknown (no price this tick), unrealized PnL unknown";
        }
        BigDecimal pnl = position.unrealizedPnl(currentPrice);
        return line + ", current price " + currentPrice.toPlainString()
                + ", unrealized PnL " + signedMoney(pnl) + percentOfMargin(pnl, position.margin());
    }

    private String marketPricesSection(MarketSnapshot snapshot) {
        StringBuilder text = new StringBuilder("Current Market Prices");
        if (snapshot.takenAt() != null) {
            text.append(" (as of ").append(snapshot.takenAt()).append(')');
        }
        text.append(":\n").append(pricesObject(snapshot.prices()));
        List<String> missing = symbols.stream().filter(s -> !snapshot.prices().containsKey(s)).toList();
        if (!missing.isEmpty()) {
            text.append("\n(no price this tick: ").append(String.join(", ", missing)).append(')');
        }
        return text.toString();
    }

    private String pricesObject(Map<String, BigDecimal> prices) {
        List<String> entries = symbols.stream()
                .filter(prices::containsKey)
                .map(s -> "  \"" + s + "\": " + prices.get(s).toPlainString())
                .toList();
        return entries.isEmpty() ? "{}" : "{\n" + String.join(",\n", entries) + "\n}";
    }

    private static String newsBody(MarketSnapshot snapshot) {
        String digest = snapshot.newsDigest().strip();
        return digest.isEmpty() ? NO_NEWS : digest;
    }

    private String replyFormatSection(AccountSettings account) {
        String symbolChoices = symbols.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
        int maxLeverage = maxLeverage(account);
        return "Respond with ONLY a JSON object with exactly these fields:\n"
                + "- \"operation\": \"open\", \"close\" or \"hold\"\n"
                + "- \"symbol\": one of " + symbolChoices + "\n"
                + "- \"direction\": \"long\" or \"short\"\n"
                + "- \"target_portion_of_balance\": a number greater than 0 and at most 1\n"
                + "- \"leverage\": an integer from 1 to " + maxLeverage + "\n"
                + "- \"reason\": a short string explaining the decision\n"
                + "\n"
                + "Example:\n"
                + "{\n"
                + "  \"operation\": \"open\",\n"
                + "  \"symbol\": \"" + symbols.get(0) + "\",\n"
                + "  \"direction\": \"long\",\n"
                + "  \"target_portion_of_balance\": 0.2,\n"
                + "  \"leverage\": " + Math.min(2, maxLeverage) + ",\n"
                + "  \"reason\": \"Price is holding above support and news is positive; opening a moderate long.\"\n"
                + "}";
    }

    private static String rulesSection(AccountSettings account) {
        return "Rules:\n"
                + "- At most one position per symbol: to change a position, close it first.\n"
                + "- open: the notional is target_portion_of_balance of Cash Available; "
                + "margin = notional / leverage; a taker fee is charged on the notional.\n"
                + "- close: closes target_portion_of_balance of the existing position in that symbol "
                + "(1 closes it fully).\n"
                + "- leverage: an integer from 1 to " + maxLeverage(account) + ".\n"
                + "- hold: no trade; symbol, direction and target_portion_of_balance are not needed.\n"
                + "- Respond with ONLY the JSON object, no other text.";
    }

    // ---- news shortening

    /**
     * {@code body} if it fits in {@code budget} code points; otherwise as many whole lines from the start as fit,
     * followed by the {@link #NEWS_TRUNCATED} marker. If not even the first line fits, its beginning is kept.
     */
    private static String fitNews(SharedMarketSection shared, int budget) {
        String body = shared.newsBody();
        if (shared.newsLength() <= budget) {
            return body;
        }
        int lineBudget = budget - TextLimits.length("\n" + NEWS_TRUNCATED);
        List<String> kept = new ArrayList<>();
        int used = 0;
        String[] lines = shared.newsLines();
        for (int i = 0; i < lines.length; i++) {
            int needed = shared.newsLineLengths()[i] + (kept.isEmpty() ? 0 : 1);
            if (used + needed > lineBudget) {
                break;
            }
            kept.add(lines[i]);
            used += needed;
        }
        if (kept.isEmpty()) {
            String firstLinePart = lineBudget > 0 ? TextLimits.prefix(lines[0], lineBudget) : "";
            return firstLinePart.isEmpty() ? NEWS_TRUNCATED : firstLinePart + "\n" + NEWS_TRUNCATED;
        }
        return String.join("\n", kept) + "\n" + NEWS_TRUNCATED;
    }

    // ---- helpers

    private List<Position> inSymbolOrder(List<Position> positions) {
        Comparator<Position> configuredOrder = Comparator.comparingInt(p -> {
            int index = symbols.indexOf(p.symbol());
            return index < 0 ? Integer.MAX_VALUE : index;
        });
        return positions.stream().sorted(configuredOrder.thenComparing(Position::symbol)).toList();
    }

    private static int maxLeverage(AccountSettings account) {
        return Math.max(1, account.maxLeverage());
    }

    static String money(BigDecimal amount) {
        BigDecimal rounded = amount.setScale(2, RoundingMode.HALF_EVEN);
        return rounded.signum() < 0 ? "-$" + rounded.negate().toPlainString() : "$" + rounded.toPlainString();
    }

    private static String signedMoney(BigDecimal amount) {
        String formatted = money(amount);
        return formatted.startsWith("-") || formatted.equals("$0.00") ? formatted : "+" + formatted;
    }

    private static String percentOfMargin(BigDecimal pnl, BigDecimal margin) {
        if (margin.signum() <= 0) {
            return "";
        }
        BigDecimal percent = pnl.multiply(HUNDRED).divide(margin, 2, RoundingMode.HALF_EVEN);
        String sign = percent.signum() > 0 ? "+" : "";
        return " (" + sign + percent.toPlainString() + "% of margin)";
    }
}
