package io.camelarena.market;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The steps of the fetch-venue, fetch-candles and market-request routes: which requests a tick makes to the
 * perpetual futures venue (the prices provider's: Hyperliquid or Binance USDⓈ-M), and what their answers give. The
 * requests of a tick depend on the configured symbols and series only, never on the number of accounts.
 *
 * <ul>
 *   <li>Venue context: Hyperliquid one {@code POST /info {"type":"metaAndAssetCtxs"}}; Binance
 *       {@code GET /fapi/v1/premiumIndex} and one {@code GET /fapi/v1/openInterest?symbol=} per symbol.</li>
 *   <li>Candles, per symbol and series (and the ledger interval since the previous tick): Hyperliquid
 *       {@code POST /info {"type":"candleSnapshot","req":{...}}}; Binance {@code GET /fapi/v1/klines}.</li>
 * </ul>
 * Never throws for a failed or malformed answer: what failed is named in the fetch's error.
 */
public final class VenueSteps {

    public static final String BINANCE_FUTURES_URL = "https://fapi.binance.com";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ERROR_CHARS = 900;

    private final String provider;
    private final String venueUrl;
    private final List<String> symbols;
    private final VenueParser parser;
    private final Indicators indicators;
    private final List<CandleInterval> series;
    private final String ledgerInterval;
    private final Duration ledgerLookback;
    private final boolean venueEnabled;
    private final Clock clock;
    private final long connectTimeoutMs;
    private final long timeoutMs;
    private volatile Instant ledgerFrom;

    /**
     * @param provider       {@code hyperliquid} or {@code binance}
     * @param venueUrl       Hyperliquid's info URL, or Binance's futures base URL
     * @param series         the prompt's candle series (empty: no candles)
     * @param ledgerInterval interval of the candles kept for the ledger since the previous tick, or null for none
     * @param ledgerLookback how far back the ledger candles reach at most (the first tick, a long pause)
     */
    public VenueSteps(String provider, String venueUrl, List<String> symbols, VenueParser parser,
            Indicators indicators, List<CandleInterval> series, String ledgerInterval, Duration ledgerLookback,
            boolean venueEnabled, long connectTimeoutMs, long timeoutMs, Clock clock) {
        this.provider = provider;
        this.venueUrl = venueUrl;
        this.symbols = List.copyOf(symbols);
        this.parser = parser;
        this.indicators = indicators;
        this.series = List.copyOf(series);
        this.ledgerInterval = ledgerInterval == null || ledgerInterval.isBlank() ? null : ledgerInterval.trim();
        if (this.ledgerInterval != null) {
            CandleInterval.lengthOf(this.ledgerInterval);
        }
        this.ledgerLookback = ledgerLookback;
        this.venueEnabled = venueEnabled;
        this.connectTimeoutMs = connectTimeoutMs;
        this.timeoutMs = timeoutMs;
        this.clock = clock;
    }

    /** The Hyperliquid info URL or Binance futures base URL for {@code arena.market.venue.url}. */
    public static String venueUrl(String provider, String configured, String pricesUrl) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return provider.equals("binance") ? BINANCE_FUTURES_URL : pricesUrl;
    }

    public boolean venueEnabled() {
        return venueEnabled;
    }

    public boolean candlesEnabled() {
        return !series.isEmpty() || ledgerInterval != null;
    }

    public List<CandleInterval> series() {
        return series;
    }

    public long connectTimeoutMs() {
        return connectTimeoutMs;
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    // ---- requests

    public List<MarketRequest> venueRequests() {
        if (!venueEnabled) {
            return List.of();
        }
        Instant now = clock.instant();
        if (provider.equals("binance")) {
            List<MarketRequest> requests = new ArrayList<>();
            requests.add(new MarketRequest("venue", null, null, "GET", venueUrl + "/fapi/v1/premiumIndex", null,
                    null, now));
            for (String symbol : symbols) {
                requests.add(new MarketRequest("open-interest", symbol, null, "GET", venueUrl
                        + "/fapi/v1/openInterest", "symbol=" + parser.binanceSymbol(symbol), null, now));
            }
            return requests;
        }
        return List.of(new MarketRequest("venue", null, null, "POST", venueUrl, null,
                "{\"type\":\"metaAndAssetCtxs\"}", now));
    }

    public List<MarketRequest> candleRequests() {
        Instant now = clock.instant();
        List<MarketRequest> requests = new ArrayList<>();
        for (String symbol : symbols) {
            for (CandleInterval s : series) {
                // one more than needed: the newest candle is usually still open and is left out
                Instant start = now.minus(s.length().multipliedBy(s.count() + 1L));
                requests.add(candleRequest(symbol, s.name(), start, now, s.count() + 1).request());
            }
            if (ledgerInterval != null) {
                Instant earliest = now.minus(ledgerLookback);
                Instant from = ledgerFrom == null || ledgerFrom.isBefore(earliest) ? earliest : ledgerFrom;
                int limit = (int) Math.min(1500, Duration.between(from, now).dividedBy(
                        CandleInterval.lengthOf(ledgerInterval)) + 2);
                requests.add(candleRequest(symbol, ledgerInterval, from, now, limit).ledger());
            }
        }
        return requests;
    }

    /**
     * The position watcher's requests between ticks: the ledger interval's candles of each symbol from the oldest
     * watermark of its positions ({@code since}; at most the ledger lookback back) to now. They do not move the
     * ticks' own ledger window. None when the ledger has no interval.
     */
    public List<MarketRequest> watchRequests(Map<String, Instant> since) {
        List<MarketRequest> requests = new ArrayList<>();
        if (ledgerInterval == null) {
            return requests;
        }
        Instant now = clock.instant();
        Instant earliest = now.minus(ledgerLookback);
        Duration length = CandleInterval.lengthOf(ledgerInterval);
        since.forEach((symbol, from) -> {
            Instant start = from == null || from.isBefore(earliest) ? earliest : from;
            if (start.isBefore(now)) {
                int limit = (int) Math.min(1500, Duration.between(start, now).dividedBy(length) + 2);
                requests.add(candleRequest(symbol, ledgerInterval, start, now, limit).ledger());
            }
        });
        return requests;
    }

    /** The watcher's closed ledger candles by symbol; a symbol whose request failed is left out and named. */
    public CandleFetch watchCandles(List<?> answers) {
        Map<String, List<Candle>> ledger = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (MarketAnswer a : answers(answers)) {
            if (!a.request().source().equals("ledger-candles")) {
                continue;
            }
            try {
                if (a.failed()) {
                    throw new IllegalArgumentException(a.error());
                }
                ledger.put(a.request().symbol(), parse(a, Integer.MAX_VALUE));
            } catch (RuntimeException e) {
                errors.add(a.request().symbol() + " " + ledgerInterval + " (ledger): " + e.getMessage());
            }
        }
        return new CandleFetch(Map.of(), ledger, errors.isEmpty() ? null : abbreviate(String.join("; ", errors)),
                null);
    }

    private Req candleRequest(String symbol, String interval, Instant start, Instant end, int limit) {
        if (provider.equals("binance")) {
            String query = "symbol=" + parser.binanceSymbol(symbol) + "&interval=" + interval + "&startTime="
                    + start.toEpochMilli() + "&endTime=" + end.toEpochMilli() + "&limit=" + limit;
            return new Req(new MarketRequest("candles", symbol, interval, "GET", venueUrl + "/fapi/v1/klines", query,
                    null, end));
        }
        ObjectNode body = JSON.createObjectNode().put("type", "candleSnapshot");
        body.putObject("req").put("coin", symbol).put("interval", interval).put("startTime", start.toEpochMilli())
                .put("endTime", end.toEpochMilli());
        return new Req(new MarketRequest("candles", symbol, interval, "POST", venueUrl, null, body.toString(), end));
    }

    /** A candle request under construction: {@link #ledger()} marks it as the ledger's. */
    private record Req(MarketRequest request) {
        MarketRequest ledger() {
            MarketRequest r = request;
            return new MarketRequest("ledger-candles", r.symbol(), r.series(), r.method(), r.url(), r.query(),
                    r.body(), r.sentAt());
        }
    }

    // ---- answers

    /** The answer of a request that returned {@code body}. */
    public MarketAnswer answered(MarketRequest request, String body) {
        return new MarketAnswer(request, body, null, clock.instant());
    }

    /** The answer of a request that failed (HTTP error, timeout, refused connection, ...). */
    public MarketAnswer failed(MarketRequest request, Exception failure) {
        return new MarketAnswer(request, null, MarketSteps.oneLine(failure), clock.instant());
    }

    public VenueFetch venue(List<?> answers) {
        List<MarketAnswer> list = answers(answers);
        if (list.isEmpty()) {
            return venueEnabled ? VenueFetch.failed("no venue answer", symbols)
                    : new VenueFetch(Map.of(), List.of(), null, null);
        }
        List<String> errors = new ArrayList<>();
        Map<String, VenueContext> contexts = Map.of();
        try {
            if (provider.equals("binance")) {
                MarketAnswer index = list.stream().filter(a -> a.request().source().equals("venue")).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no premiumIndex answer"));
                if (index.failed()) {
                    throw new IllegalArgumentException("premiumIndex failed: " + index.error());
                }
                Map<String, String> openInterest = new LinkedHashMap<>();
                for (MarketAnswer a : list) {
                    if (a.request().source().equals("open-interest")) {
                        if (a.failed()) {
                            errors.add("open interest " + a.request().symbol() + ": " + a.error());
                        } else {
                            openInterest.put(a.request().symbol(), a.body());
                        }
                    }
                }
                contexts = parser.binanceContexts(index.body(), openInterest, symbols, index.receivedAt());
            } else {
                MarketAnswer a = list.get(0);
                if (a.failed()) {
                    throw new IllegalArgumentException(a.error());
                }
                contexts = parser.hyperliquidContexts(a.body(), symbols, a.receivedAt());
            }
        } catch (RuntimeException e) {
            errors.add(0, e.getMessage());
        }
        Map<String, VenueContext> found = contexts;
        List<String> missing = symbols.stream().filter(s -> !found.containsKey(s)).toList();
        if (!missing.isEmpty() && errors.isEmpty()) {
            errors.add("no venue context for " + String.join(", ", missing));
        }
        Instant asOf = found.values().stream().map(VenueContext::asOf).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
        return new VenueFetch(found, missing, errors.isEmpty() ? null : abbreviate(String.join("; ", errors)), asOf);
    }

    public VenueFetch venueFailed(Exception failure) {
        return VenueFetch.failed(MarketSteps.oneLine(failure), symbols);
    }

    public CandleFetch candles(List<?> answers) {
        List<MarketAnswer> list = answers(answers);
        Map<String, Map<String, SeriesAnalysis>> bySymbol = new LinkedHashMap<>();
        Map<String, List<Candle>> ledger = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        Instant asOf = null;
        Instant ledgerEnd = null;
        for (String symbol : symbols) {
            Map<String, SeriesAnalysis> analyses = new LinkedHashMap<>();
            for (int i = 0; i < series.size(); i++) {
                CandleInterval s = series.get(i);
                MarketAnswer a = find(list, "candles", symbol, s.name());
                SeriesAnalysis analysis;
                try {
                    if (a == null) {
                        throw new IllegalArgumentException("no answer");
                    }
                    if (a.failed()) {
                        throw new IllegalArgumentException(a.error());
                    }
                    List<Candle> candles = parse(a, s.count());
                    analysis = indicators.analyse(s.name(), candles, i == 0);
                    if (!analysis.available()) {
                        throw new IllegalArgumentException(analysis.error());
                    }
                } catch (RuntimeException e) {
                    errors.add(symbol + " " + s.name() + ": " + e.getMessage());
                    analysis = SeriesAnalysis.unavailable(s.name(), e.getMessage());
                }
                if (analysis.lastClose() != null && (asOf == null || analysis.lastClose().isAfter(asOf))) {
                    asOf = analysis.lastClose();
                }
                analyses.put(s.name(), analysis);
            }
            if (!analyses.isEmpty()) {
                bySymbol.put(symbol, analyses);
            }
            if (ledgerInterval != null) {
                MarketAnswer a = find(list, "ledger-candles", symbol, ledgerInterval);
                try {
                    if (a == null || a.failed()) {
                        throw new IllegalArgumentException(a == null ? "no answer" : a.error());
                    }
                    ledger.put(symbol, parse(a, Integer.MAX_VALUE));
                    ledgerEnd = a.request().sentAt();
                } catch (RuntimeException e) {
                    errors.add(symbol + " " + ledgerInterval + " (ledger): " + e.getMessage());
                }
            }
        }
        if (ledgerEnd != null) {
            ledgerFrom = ledgerEnd;
        }
        return new CandleFetch(bySymbol, ledger, errors.isEmpty() ? null : abbreviate(String.join("; ", errors)),
                asOf);
    }

    public CandleFetch candlesFailed(Exception failure) {
        return CandleFetch.failed(MarketSteps.oneLine(failure));
    }

    private List<Candle> parse(MarketAnswer a, int count) {
        return provider.equals("binance") ? parser.binanceCandles(a.body(), a.request().sentAt(), count)
                : parser.hyperliquidCandles(a.body(), a.request().sentAt(), count);
    }

    private static MarketAnswer find(List<MarketAnswer> answers, String source, String symbol, String interval) {
        return answers.stream().filter(a -> a.request().source().equals(source)
                && symbol.equals(a.request().symbol()) && interval.equals(a.request().series())).findFirst()
                .orElse(null);
    }

    private static List<MarketAnswer> answers(List<?> raw) {
        return raw == null ? List.of() : raw.stream().filter(MarketAnswer.class::isInstance)
                .map(MarketAnswer.class::cast).collect(Collectors.toList());
    }

    private static String abbreviate(String text) {
        return text.length() <= ERROR_CHARS ? text : text.substring(0, ERROR_CHARS - 1) + "…";
    }
}
