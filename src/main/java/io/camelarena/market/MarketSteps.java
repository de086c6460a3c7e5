package io.camelarena.market;

import com.rometools.rome.feed.synd.SyndFeed;
import java.util.List;
import java.util.Locale;

/** The steps of the fetch-prices and fetch-news routes around the HTTP calls. */
public final class MarketSteps {

    public static final String HYPERLIQUID_URL = "https://api.hyperliquid.xyz/info";
    public static final String BINANCE_URL = "https://api.binance.com/api/v3/ticker/price";

    private final PriceParser priceParser;
    private final NewsDigestBuilder newsDigest;
    private final List<String> symbols;
    private final String provider;
    private final String pricesUrl;
    private final java.time.Clock clock;

    /**
     * @param configuredPricesUrl {@code arena.market.prices.url}; blank means the provider's public endpoint
     */
    public MarketSteps(PriceParser priceParser, NewsDigestBuilder newsDigest, List<String> symbols, String provider,
            String configuredPricesUrl) {
        this(priceParser, newsDigest, symbols, provider, configuredPricesUrl, java.time.Clock.systemUTC());
    }

    /** @param clock the decision's clock: news dated after its time is left out */
    public MarketSteps(PriceParser priceParser, NewsDigestBuilder newsDigest, List<String> symbols, String provider,
            String configuredPricesUrl, java.time.Clock clock) {
        this.clock = clock;
        this.priceParser = priceParser;
        this.newsDigest = newsDigest;
        this.symbols = List.copyOf(symbols);
        this.provider = provider.toLowerCase(Locale.ROOT);
        if (!this.provider.equals("hyperliquid") && !this.provider.equals("binance")) {
            throw new IllegalStateException("arena.market.prices.provider must be hyperliquid or binance, was '"
                    + provider + "'");
        }
        this.pricesUrl = configuredPricesUrl == null || configuredPricesUrl.isBlank()
                ? (this.provider.equals("binance") ? BINANCE_URL : HYPERLIQUID_URL)
                : configuredPricesUrl.trim();
    }

    public String provider() {
        return provider;
    }

    public String pricesUrl() {
        return pricesUrl;
    }

    public String pricesHttpMethod() {
        return provider.equals("binance") ? "GET" : "POST";
    }

    /** The request body the provider expects: Hyperliquid's info query, nothing for Binance. */
    public String pricesRequestBody() {
        return provider.equals("binance") ? null : "{\"type\":\"allMids\"}";
    }

    public PriceFetch parsePrices(String body) {
        return parsePrices(provider, body);
    }

    public PriceFetch parsePrices(String sourceProvider, String body) {
        PriceParser.ParsedPrices parsed = priceParser.parse(sourceProvider, body, symbols);
        String error = parsed.prices().isEmpty() ? "the price answer had none of " + symbols : null;
        return new PriceFetch(parsed.prices(), parsed.missing(), error);
    }

    public PriceFetch pricesFailed(Exception failure) {
        return pricesFailed(pricesUrl, failure);
    }

    /** A failed fetch from a source other than the configured URL (the demo playback). */
    public PriceFetch pricesFailed(String source, Exception failure) {
        return PriceFetch.failed("prices from " + source + " failed: " + oneLine(failure), symbols);
    }

    public NewsFetch digestNews(SyndFeed feed) {
        NewsDigestBuilder.Digest digest = newsDigest.digest(feed, clock.instant());
        return new NewsFetch(digest.text(), null, digest.newest());
    }

    public NewsFetch newsFailed(Exception failure) {
        return NewsFetch.failed("news failed: " + oneLine(failure));
    }

    static String oneLine(Throwable failure) {
        Throwable root = io.camelarena.support.Failures.rootCause(failure);
        String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (root != failure) {
            text += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        text = text.replaceAll("\\s+", " ");
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
