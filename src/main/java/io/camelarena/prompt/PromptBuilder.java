package io.camelarena.prompt;

import freemarker.template.Template;
import io.camelarena.account.AccountSettings;
import io.camelarena.account.DecisionHistory;
import io.camelarena.account.Portfolio;
import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.market.MarketContext;
import io.camelarena.support.TextLimits;
import io.camelarena.market.MarketSnapshot;
import io.camelarena.market.SeriesAnalysis;
import io.camelarena.market.VenueContext;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the user prompt for one account at one tick. Java computes the sections' data (portfolio, the account's
 * recent decisions, prices, venue context, indicators, news, reply format values); the account's template
 * ({@link PromptTemplates}, {@code templates/prompt.ftl} by default) arranges the words.
 *
 * <p>The output depends only on the inputs (no clock, no hash-ordered collections), so the same tick gives every model
 * the same text apart from its own portfolio, history and leverage limit. Length is counted in code points, like the
 * {@code user_prompt} column. When the prompt is too long, it is shortened in this order: the news, line by line from
 * the end; then the oldest history entries; then the recent indicator values (halved until none); only if that is
 * not enough is the whole prompt cut with {@link TextLimits#truncate}.
 */
public final class PromptBuilder {

    static final String NEWS_TRUNCATED = "[news truncated]";
    static final String NO_NEWS = "(no news available this tick)";
    public static final int DEFAULT_HISTORY_CHARS = 1500;
    static final int REASON_CHARS = 160;

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final MathContext SIX_DIGITS = new MathContext(6, RoundingMode.HALF_EVEN);

    private final int maxChars;
    private final List<String> symbols;
    private final PromptTemplates templates;
    private final int historyMaxChars;
    private final String venueProvider;
    // One tick at a time: a single cached entry is enough (a race only builds the same section twice).
    private volatile SharedMarketSection lastShared;

    /**
     * The shipped template, no history.
     *
     * @param maxChars maximum prompt length in code points (the app uses {@link TextLimits#PROMPT})
     * @param symbols  the configured symbols, in the order they are shown
     */
    public PromptBuilder(int maxChars, List<String> symbols) {
        this(maxChars, symbols, PromptTemplates.builtIn(), DEFAULT_HISTORY_CHARS, "hyperliquid");
    }

    /**
     * @param historyMaxChars bound of the history entries (their texts), oldest dropped first
     * @param venueProvider   the venue named in the venue section ({@code hyperliquid}, {@code binance})
     */
    public PromptBuilder(int maxChars, List<String> symbols, PromptTemplates templates, int historyMaxChars,
            String venueProvider) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive: " + maxChars);
        }
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("at least one symbol is needed");
        }
        // templates may be null only to compute sample data (PromptSamples)
        this.maxChars = maxChars;
        this.symbols = List.copyOf(symbols);
        this.templates = templates;
        this.historyMaxChars = historyMaxChars;
        this.venueProvider = venueProvider;
    }

    public PromptTemplates templates() {
        return templates;
    }

    /** With the default template and no history section. */
    public String build(AccountSettings account, Portfolio portfolio, MarketSnapshot snapshot) {
        return build(account, portfolio, snapshot, null, null);
    }

    /**
     * @param history      the account's recent decisions; null leaves the history section out
     * @param templateName the account's template (a file of the templates directory), null for the default
     */
    public String build(AccountSettings account, Portfolio portfolio, MarketSnapshot snapshot,
            DecisionHistory history, String templateName) {
        Template template = templates.template(templateName);
        SharedMarketSection shared = shared(snapshot);
        Map<String, Object> data = accountData(account, portfolio, snapshot);
        List<Map<String, Object>> entries = history == null ? null : historyEntries(history);
        boolean historyAvailable = history == null || history.available();
        data.put("history", historyData(entries, historyAvailable));
        data.put("news", Map.of("body", shared.newsBody()));
        String text = PromptTemplates.render(template, data);
        if (TextLimits.length(text) <= maxChars) {
            return text;
        }
        // 1. the news, line by line from the end, then all of it
        int over = TextLimits.length(text) - maxChars;
        for (int budget : new int[] {shared.newsLength() - over, 0}) {
            data.put("news", Map.of("body", fitNews(shared, budget)));
            text = PromptTemplates.render(template, data);
            if (TextLimits.length(text) <= maxChars) {
                return text;
            }
        }
        // 2. the oldest history entries
        while (entries != null && !entries.isEmpty()) {
            entries = entries.subList(1, entries.size());
            data.put("history", historyData(entries, historyAvailable));
            text = PromptTemplates.render(template, data);
            if (TextLimits.length(text) <= maxChars) {
                return text;
            }
        }
        // 3. the recent values of the indicator series
        for (int length = shared.seriesLength() / 2; shared.seriesLength() > 0; length /= 2) {
            data.put("indicators", indicatorsData(snapshot.context(), length));
            text = PromptTemplates.render(template, data);
            if (TextLimits.length(text) <= maxChars || length == 0) {
                break;
            }
        }
        return TextLimits.truncate(text, maxChars);
    }

    /** The whole data a template is given, nothing cut (the sample data of template validation). */
    Map<String, Object> data(AccountSettings account, Portfolio portfolio, MarketSnapshot snapshot,
            DecisionHistory history) {
        Map<String, Object> data = accountData(account, portfolio, snapshot);
        data.put("history", historyData(history == null ? null : historyEntries(history),
                history == null || history.available()));
        data.put("news", Map.of("body", shared(snapshot).newsBody()));
        return data;
    }

    /**
     * The parts of the prompt data that are the same for every account of a tick (prices, venue context, indicators,
     * the full news and its lines measured), built once per snapshot (a tick's accounts all hold the same snapshot
     * instance) and reused by every account of the tick.
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
        int seriesLength = snapshot.context().series().values().stream().flatMap(m -> m.values().stream())
                .flatMap(a -> a.recent().values().stream()).mapToInt(List::size).max().orElse(0);
        SharedMarketSection built = new SharedMarketSection(snapshot, marketData(snapshot),
                venueData(snapshot.context()), indicatorsData(snapshot.context(), seriesLength), seriesLength, body,
                TextLimits.length(body), lines, lineLengths);
        lastShared = built;
        return built;
    }

    /** The tick's shared data, with the news already split into lines and measured in code points. */
    record SharedMarketSection(MarketSnapshot snapshot, Map<String, Object> market, Map<String, Object> venue,
            Map<String, Object> indicators, int seriesLength, String newsBody, int newsLength, String[] newsLines,
            int[] newsLineLengths) {
    }

    // ---- data

    private Map<String, Object> accountData(AccountSettings account, Portfolio portfolio, MarketSnapshot snapshot) {
        SharedMarketSection shared = shared(snapshot);
        int maxLeverage = Math.max(1, account.maxLeverage());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("account", Map.of("name", account.name(), "maxLeverage", String.valueOf(maxLeverage),
                "exampleLeverage", String.valueOf(Math.min(2, maxLeverage))));
        data.put("symbols", symbols);
        data.put("symbolChoices", symbols.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", ")));
        data.put("exampleSymbol", symbols.get(0));
        data.put("portfolio", portfolioData(portfolio, snapshot.prices()));
        data.put("market", shared.market());
        data.put("venue", shared.venue());
        data.put("indicators", shared.indicators());
        return data;
    }

    private Map<String, Object> portfolioData(Portfolio portfolio, Map<String, BigDecimal> prices) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("cash", money(portfolio.cash()));
        p.put("frozenCash", money(portfolio.frozenCash()));
        p.put("marginInUse", money(portfolio.marginInUse()));
        p.put("totalAssets", money(portfolio.totalAssets(prices)));
        List<Map<String, Object>> positions = new ArrayList<>();
        for (Position position : inSymbolOrder(portfolio.positions())) {
            BigDecimal price = prices.get(position.symbol());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("symbol", position.symbol());
            row.put("side", position.side().wire());
            row.put("quantity", position.quantity().stripTrailingZeros().toPlainString());
            row.put("entry", position.avgEntryPrice().toPlainString());
            row.put("leverage", String.valueOf(position.leverage()));
            row.put("margin", money(position.margin()));
            if (price == null) {
                row.put("price", "");
                row.put("pnl", "");
                row.put("pnlOfMargin", "");
            } else {
                BigDecimal pnl = position.unrealizedPnl(price);
                row.put("price", price.toPlainString());
                row.put("pnl", signedMoney(pnl));
                row.put("pnlOfMargin", percentOfMargin(pnl, position.margin()));
            }
            BigDecimal liquidation = liquidationPrice(position);
            row.put("liquidation", liquidation == null ? "" : liquidation.toPlainString());
            row.put("takeProfit", position.ledger().takeProfit() == null ? ""
                    : plain(position.ledger().takeProfit()).toPlainString());
            row.put("stopLoss", position.ledger().stopLoss() == null ? ""
                    : plain(position.ledger().stopLoss()).toPlainString());
            positions.add(row);
        }
        p.put("positions", positions);
        return p;
    }

    /**
     * The ledger's liquidation price of the position (six significant digits) when it has one; for a position built
     * without the ledger's state, where its loss equals its margin (maintenance margin and fees left out): entry x
     * (1 - 1 / leverage) for a long, entry x (1 + 1 / leverage) for a short, six significant digits; null for a 1x
     * long, which cannot lose more than its margin before the price reaches zero.
     */
    static BigDecimal liquidationPrice(Position position) {
        if (position.ledger().checkedUntil() != null) {
            // the ledger's own (docs/ledger.md): maintenance margin and funding included; null when there is none
            return position.liquidationPrice() == null ? null
                    : plain(position.liquidationPrice().round(SIX_DIGITS));
        }
        BigDecimal step = BigDecimal.ONE.divide(BigDecimal.valueOf(Math.max(1, position.leverage())),
                MathContext.DECIMAL64);
        BigDecimal factor = position.side() == Side.LONG ? BigDecimal.ONE.subtract(step) : BigDecimal.ONE.add(step);
        if (factor.signum() <= 0) {
            return null;
        }
        return plain(position.avgEntryPrice().multiply(factor).round(SIX_DIGITS));
    }

    private Map<String, Object> marketData(MarketSnapshot snapshot) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("asOf", iso(snapshot.takenAt()));
        m.put("pricesJson", pricesObject(snapshot.prices()));
        m.put("missing", String.join(", ", symbols.stream().filter(s -> !snapshot.prices().containsKey(s)).toList()));
        return m;
    }

    private String pricesObject(Map<String, BigDecimal> prices) {
        List<String> entries = symbols.stream()
                .filter(prices::containsKey)
                .map(s -> "  \"" + s + "\": " + prices.get(s).toPlainString())
                .toList();
        return entries.isEmpty() ? "{}" : "{\n" + String.join(",\n", entries) + "\n}";
    }

    private Map<String, Object> venueData(MarketContext context) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("enabled", context.venueEnabled());
        v.put("available", !context.venue().isEmpty());
        v.put("provider", venueProvider);
        v.put("asOf", iso(context.venueAsOf()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String symbol : symbols) {
            VenueContext c = context.venue().get(symbol);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("symbol", symbol);
            row.put("available", c != null);
            row.put("mark", c == null ? "n/a" : number(c.markPrice()));
            row.put("oracle", c == null ? "n/a" : number(c.oraclePrice()));
            row.put("fundingPercent", c == null || c.fundingRateHourly() == null ? "n/a"
                    : plain(c.fundingRateHourly().multiply(HUNDRED)).toPlainString());
            row.put("openInterest", c == null ? "n/a" : number(c.openInterest()));
            row.put("volume", c == null || c.dayNotionalVolume() == null ? "n/a" : money(c.dayNotionalVolume()));
            row.put("maxLeverage", c == null || c.maxLeverage() == null ? "n/a" : c.maxLeverage() + "x");
            rows.add(row);
        }
        v.put("rows", rows);
        return v;
    }

    /** The indicator section's data with at most {@code recentLength} recent values per list. */
    private Map<String, Object> indicatorsData(MarketContext context, int recentLength) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("enabled", context.candlesEnabled());
        boolean any = false;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String symbol : symbols) {
            Map<String, SeriesAnalysis> series = context.series().get(symbol);
            if (series == null) {
                continue;
            }
            List<Map<String, Object>> list = new ArrayList<>();
            for (SeriesAnalysis a : series.values()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("interval", a.interval());
                s.put("available", a.available());
                s.put("candles", String.valueOf(a.candles()));
                s.put("closedBy", a.lastClose() == null ? "" : iso(a.lastClose().plusMillis(1)));
                List<Map<String, Object>> latest = new ArrayList<>();
                a.latest().forEach((k, v) -> latest.add(Map.of("label", label(k), "value", number(v))));
                s.put("latest", latest);
                List<Map<String, Object>> recent = new ArrayList<>();
                if (recentLength > 0) {
                    a.recent().forEach((k, values) -> recent.add(Map.of("label", label(k), "values",
                            values.subList(Math.max(0, values.size() - recentLength), values.size()).stream()
                                    .map(PromptBuilder::number).toList())));
                }
                s.put("recent", recent);
                any |= a.available();
                list.add(s);
            }
            rows.add(Map.of("symbol", symbol, "series", list));
        }
        d.put("available", any);
        d.put("symbols", rows);
        return d;
    }

    /** {@code ema20} as {@code EMA20}, {@code macd_signal} as {@code MACD signal}, ... */
    static String label(String key) {
        return switch (key) {
            case "close" -> "close";
            case "macd" -> "MACD";
            case "macd_signal" -> "MACD signal";
            case "volume" -> "volume";
            case "volume_avg" -> "average volume";
            default -> key.matches("(ema|rsi|atr)\\d+")
                    ? key.substring(0, 3).toUpperCase(java.util.Locale.ROOT) + key.substring(3) : key;
        };
    }

    /** The history entries, newest kept within the bound, oldest first. */
    private List<Map<String, Object>> historyEntries(DecisionHistory history) {
        List<Map<String, Object>> kept = new ArrayList<>();
        int used = 0;
        List<DecisionHistory.Entry> entries = history.entries();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Map<String, Object> e = historyEntry(entries.get(i));
            int size = e.values().stream().mapToInt(v -> TextLimits.length(v.toString()) + 2).sum();
            if (used + size > historyMaxChars) {
                break;
            }
            kept.add(0, e);
            used += size;
        }
        return kept;
    }

    private static Map<String, Object> historyEntry(DecisionHistory.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", e.time() == null ? "" : e.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        m.put("operation", nullToEmpty(e.operation()));
        m.put("symbol", nullToEmpty(e.symbol()));
        m.put("direction", nullToEmpty(e.direction()));
        m.put("status", nullToEmpty(e.status()));
        m.put("errorCode", nullToEmpty(e.errorCode()));
        m.put("realizedPnl", e.realizedPnl() == null ? "" : signedMoney(e.realizedPnl()));
        m.put("fee", e.fee() == null ? "" : money(e.fee()));
        String reason = e.reason() == null ? "" : e.reason().replaceAll("\\s+", " ").strip();
        m.put("reason", TextLimits.length(reason) > REASON_CHARS
                ? TextLimits.prefix(reason, REASON_CHARS - 1) + "…" : reason);
        return m;
    }

    private static Map<String, Object> historyData(List<Map<String, Object>> entries, boolean available) {
        return Map.of("enabled", entries != null, "available", available,
                "entries", entries == null ? List.of() : entries);
    }

    private static String newsBody(MarketSnapshot snapshot) {
        String digest = snapshot.newsDigest().strip();
        return digest.isEmpty() ? NO_NEWS : digest;
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

    /** An instant as ISO-8601 to the millisecond at most ({@code 2026-11-25T12:00:04.123Z}); "" for null. */
    private static String iso(java.time.Instant t) {
        return t == null ? "" : t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String number(BigDecimal value) {
        return value == null ? "n/a" : value.toPlainString();
    }

    private static BigDecimal plain(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
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
