package io.camelarena.market;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Recorded market data for the offline {@code demo} profile: Hyperliquid {@code allMids} answers played back in a cycle
 * and one CoinJournal RSS feed, all bundled under {@code demo/} on the classpath.
 *
 * <p>Snapshots are {@code demo/prices/hyperliquid-allmids-001.json}, {@code -002.json}, ... and are found by probing
 * consecutive numbers, because a directory inside a jar cannot be listed portably.
 */
public final class DemoMarketPlayback {

    static final String PRICES_PATTERN = "demo/prices/hyperliquid-allmids-%03d.json";
    static final String NEWS_RESOURCE = "demo/news/coinjournal.xml";

    private final List<String> snapshots;
    private final String newsXml;
    private int next;

    public DemoMarketPlayback() {
        this.snapshots = loadSnapshots();
        this.newsXml = read(NEWS_RESOURCE);
        if (snapshots.isEmpty()) {
            throw new IllegalStateException("no demo price snapshots on the classpath: " + PRICES_PATTERN.formatted(1));
        }
        if (newsXml == null) {
            throw new IllegalStateException("no demo news on the classpath: " + NEWS_RESOURCE);
        }
    }

    /** The next recorded allMids answer; after the last one it starts again from the first. */
    public synchronized String nextPricesJson() {
        String json = snapshots.get(next);
        next = (next + 1) % snapshots.size();
        return json;
    }

    /** The recorded RSS 2.0 feed, always the same. */
    public String newsXml() {
        return newsXml;
    }

    /** A bundled answer to a venue request (venue context, candles), shaped as the venue's. */
    public String answer(MarketRequest request) {
        throw new IllegalStateException("no bundled answer for " + request.label());
    }

    /** How many price snapshots are bundled. */
    public int snapshotCount() {
        return snapshots.size();
    }

    private static List<String> loadSnapshots() {
        List<String> result = new ArrayList<>();
        for (int n = 1; ; n++) {
            String json = read(PRICES_PATTERN.formatted(n));
            if (json == null) {
                return List.copyOf(result);
            }
            result.add(json);
        }
    }

    /** The resource as UTF-8 text, or null when there is none. */
    private static String read(String resource) {
        try (InputStream in = DemoMarketPlayback.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
