package io.camelarena.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import io.camelarena.market.NewsDigestBuilder.NewsItem;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class NewsDigestBuilderTest {

    /** The digest limit application.properties sets (arena.market.news.max-chars). */
    private static final int DIGEST_CHARS = 4000;
    private static final String ROCKET = "\uD83D\uDE80"; // one code point, two chars
    private static final Instant DAY1 = Instant.parse("2025-11-17T23:59:59Z");
    private static final Instant DAY2 = Instant.parse("2025-11-18T00:00:00Z");

    private static SyndFeed demoFeed;
    private static String fullDigest;

    @BeforeAll
    static void parseDemoFeed() throws Exception {
        demoFeed = parse(new DemoMarketPlayback().newsXml());
        fullDigest = new NewsDigestBuilder(1_000_000).digest(demoFeed);
    }

    @Test
    void itemsPublishedAfterTheDecisionTimeAreLeftOutAndTheNewestUsedIsReported() {
        NewsDigestBuilder builder = new NewsDigestBuilder(1_000_000);
        NewsDigestBuilder.Digest all = builder.digest(demoFeed, Instant.parse("2026-01-01T00:00:00Z"));
        Instant newest = demoFeed.getEntries().stream().map(e -> e.getPublishedDate().toInstant())
                .max(Instant::compareTo).orElseThrow();

        // a decision just before the newest item was published does not see it
        NewsDigestBuilder.Digest before = builder.digest(demoFeed, newest.minusSeconds(1));

        assertThat(all.text()).isEqualTo(fullDigest);
        assertThat(all.newest()).isEqualTo(newest);
        assertThat(before.text().split("\n")).hasSize(11);
        assertThat(before.text()).doesNotContain("Bitcoin reclaims $95K");
        assertThat(before.newest()).isBefore(newest);
    }

    @Test
    void demoFeedGivesOneDatedLinePerItemNewestFirst() {
        String[] lines = fullDigest.split("\n");

        assertThat(lines).hasSize(12);
        assertThat(lines).allMatch(line -> line.matches("2025-11-1[78] \\| [^|]+: .+"));
        assertThat(lines[0]).startsWith("2025-11-18 | Bitcoin reclaims $95K as spot ETF inflows return: Bitcoin "
                + "climbed back above $95,000");
        assertThat(lines[11]).isEqualTo("2025-11-17 | Bitcoin miners sell more coins as hashprice sinks: Public "
                + "bitcoin miners sold about 2,100 BTC in October, the most since April, as hashprice fell below $45 "
                + "per petahash per day.");
        List<String> dates = Arrays.stream(lines).map(line -> line.substring(0, 10)).toList();
        assertThat(dates).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void demoFeedIsStrippedOfHtmlEntitiesAndTrailers() {
        assertThat(fullDigest)
                .doesNotContain("<", ">", "&#", "&amp;", "&nbsp;", "\u00A0", "\r", "\t")
                .doesNotContainIgnoringCase("appeared first on")
                .doesNotContain("The post ");
        // HTML entities in escaped HTML and in the title, decoded
        assertThat(fullDigest).contains("Ethereum’s Fusaka upgrade: what traders need to know: Ethereum’s next hard "
                + "fork, Fusaka, is scheduled for early December & developers say client releases are ready. The "
                + "upgrade");
        assertThat(fullDigest).contains("Crypto Fear & Greed Index slips back to ‘Fear’: The Crypto Fear & Greed");
        // CDATA description with a list
        assertThat(fullDigest).contains("in a row. Raydium and Orca together handled over half of the flow. "
                + "Memecoin launchpads accounted for roughly a fifth. SOL changed hands at $198, little changed over 24 "
                + "hours.\n");
        // empty description: text from content:encoded
        assertThat(fullDigest).contains("| Ripple expands payments corridor in Southeast Asia: Ripple said it had "
                + "added two licensed partners in Vietnam and the Philippines to its cross-border payments network. The "
                + "company did not disclose volumes.\n");
    }

    @Test
    void longItemTextIsCutAtAWordWithEllipsis() {
        String line = Arrays.stream(fullDigest.split("\n"))
                .filter(l -> l.contains("Solana ETF filings pile up"))
                .findFirst().orElseThrow();
        String text = line.substring(line.indexOf(": ") + 2);

        assertThat(text).endsWith(" odds of approval…");
        assertThat(text.codePointCount(0, text.length())).isLessThanOrEqualTo(400);
    }

    @Test
    void defaultLimitStopsBeforeTheFirstItemThatDoesNotFit() {
        String digest = new NewsDigestBuilder(DIGEST_CHARS).digest(demoFeed);

        assertThat(fullDigest.length()).isGreaterThan(4000);
        assertThat(codePoints(digest)).isLessThanOrEqualTo(4000);
        assertThat(fullDigest).startsWith(digest + "\n");
        String nextLine = fullDigest.substring(digest.length() + 1).split("\n")[0];
        assertThat(codePoints(digest) + 1 + codePoints(nextLine)).isGreaterThan(4000);
    }

    @Test
    void limitEqualToTheWholeDigestKeepsEverythingAndOneLessDropsTheLastLine() {
        int full = codePoints(fullDigest);

        assertThat(new NewsDigestBuilder(full).digest(demoFeed)).isEqualTo(fullDigest);
        assertThat(new NewsDigestBuilder(full - 1).digest(demoFeed))
                .isEqualTo(fullDigest.substring(0, fullDigest.lastIndexOf('\n')));
    }

    @Test
    void firstLineIsCutWhenNotEvenItFits() {
        String firstLine = fullDigest.split("\n")[0];

        assertThat(new NewsDigestBuilder(codePoints(firstLine)).digest(demoFeed)).isEqualTo(firstLine);
        assertThat(new NewsDigestBuilder(50).digest(demoFeed))
                .isEqualTo("2025-11-18 | Bitcoin reclaims $95K as spot ETF…");
        assertThat(new NewsDigestBuilder(13).digest(demoFeed)).isEqualTo("2025-11-18…");
        assertThat(new NewsDigestBuilder(1).digest(demoFeed)).isEqualTo("…");
    }

    @Test
    void limitCountsCodePointsNotChars() {
        List<NewsItem> items = List.of(new NewsItem(null, ROCKET.repeat(10), null));

        assertThat(new NewsDigestBuilder(10).digest(items)).isEqualTo(ROCKET.repeat(10));
    }

    @Test
    void cuttingNeverSplitsASurrogatePair() {
        List<NewsItem> items = List.of(new NewsItem(null, "a" + ROCKET.repeat(20), null));

        for (int limit = 1; limit <= 21; limit++) {
            String digest = new NewsDigestBuilder(limit).digest(items);
            assertThat(codePoints(digest)).as("limit %d", limit).isLessThanOrEqualTo(limit);
            assertThat(hasLoneSurrogate(digest)).as("limit %d: %s", limit, digest).isFalse();
        }
        assertThat(new NewsDigestBuilder(5).digest(items)).isEqualTo("a" + ROCKET.repeat(3) + "…");
    }

    @Test
    void itemTextCapNeverSplitsASurrogatePair() {
        NewsItem item = new NewsItem(null, "Moon", ROCKET.repeat(500));

        String digest = new NewsDigestBuilder(4000, 400).digest(List.of(item));

        assertThat(digest).isEqualTo("Moon: " + ROCKET.repeat(399) + "…");
        assertThat(hasLoneSurrogate(digest)).isFalse();
    }

    @Test
    void multiByteTextAtTheDigestBoundary() {
        NewsItem first = new NewsItem(DAY2, "Ünïcödé ✓", "naïve 中文 " + ROCKET);
        NewsItem second = new NewsItem(DAY1, "x", ROCKET);
        String firstLine = "2025-11-18 | Ünïcödé ✓: naïve 中文 " + ROCKET;
        String secondLine = "2025-11-17 | x: " + ROCKET;
        int both = codePoints(firstLine) + 1 + codePoints(secondLine);

        assertThat(new NewsDigestBuilder(both).digest(List.of(first, second)))
                .isEqualTo(firstLine + "\n" + secondLine);
        assertThat(new NewsDigestBuilder(both - 1).digest(List.of(first, second))).isEqualTo(firstLine);
    }

    @Test
    void emptyFeedGivesEmptyDigest() throws Exception {
        String emptyRss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>CoinJournal</title>"
                + "<link>https://coinjournal.net</link><description>d</description></channel></rss>";
        NewsDigestBuilder builder = new NewsDigestBuilder(DIGEST_CHARS);

        assertThat(builder.digest(parse(emptyRss))).isEmpty();
        assertThat(builder.digest(new SyndFeedImpl())).isEmpty();
        assertThat(builder.digest(List.of())).isEmpty();
        assertThat(builder.digest((SyndFeed) null)).isEmpty();
        assertThat(builder.digest((List<NewsItem>) null)).isEmpty();
    }

    @Test
    void itemsWithNeitherTitleNorTextAreSkipped() {
        List<NewsItem> items = List.of(
                new NewsItem(DAY2, null, null),
                new NewsItem(DAY2, " <p> </p> ", "<img src=x>"),
                new NewsItem(DAY1, "Kept", null));

        assertThat(new NewsDigestBuilder(DIGEST_CHARS).digest(items)).isEqualTo("2025-11-17 | Kept");
    }

    @Test
    void partsThatAreMissingAreLeftOut() {
        List<NewsItem> items = List.of(
                new NewsItem(DAY2, "Title only", ""),
                new NewsItem(DAY2, null, "Text only"),
                new NewsItem(DAY2, "Same", "<p>Same</p>"),
                new NewsItem(null, "Undated", "text"));

        assertThat(new NewsDigestBuilder(DIGEST_CHARS).digest(items)).isEqualTo(String.join("\n",
                "2025-11-18 | Title only",
                "2025-11-18 | Text only",
                "2025-11-18 | Same",
                "Undated: text"));
    }

    @Test
    void newestFirstWithUndatedLastAndTiesInFeedOrder() {
        List<NewsItem> items = List.of(
                new NewsItem(null, "undated", null),
                new NewsItem(DAY1, "old", null),
                new NewsItem(DAY2, "new A", null),
                new NewsItem(DAY2, "new B", null));

        assertThat(new NewsDigestBuilder(DIGEST_CHARS).digest(items)).isEqualTo(String.join("\n",
                "2025-11-18 | new A", "2025-11-18 | new B", "2025-11-17 | old", "undated"));
    }

    @Test
    void datesAreUtc() {
        NewsItem lateEvening = new NewsItem(Instant.parse("2025-11-17T23:30:00-05:00"), "t", null);

        assertThat(new NewsDigestBuilder(DIGEST_CHARS).digest(List.of(lateEvening))).isEqualTo("2025-11-18 | t");
    }

    @Test
    void htmlIsReducedToOneLineOfText() {
        NewsItem item = new NewsItem(DAY2, "<b>BTC</b> &amp; ETH\n rally",
                "<p>Up&nbsp;5%&#8230;</p>\n\n<script>ignore(me)</script><p>Line\r\ntwo\u0007 &lt;b&gt; "
                        + "<!-- comment --></p><style>p{}</style>");

        assertThat(new NewsDigestBuilder(DIGEST_CHARS).digest(List.of(item)))
                .isEqualTo("2025-11-18 | BTC & ETH rally: Up 5%… Line two <b>");
    }

    @Test
    void wordPressTrailerIsRemovedInAnyCase() {
        NewsItem item = new NewsItem(DAY2, "T", "<p>Body.</p><p>the POST <a href='u'>T</a> Appeared First On "
                + "<a href='s'>Some Site</a>.</p>");

        assertThat(new NewsDigestBuilder(DIGEST_CHARS).digest(List.of(item))).isEqualTo("2025-11-18 | T: Body.");
    }

    @Test
    void onlyTheTrailerAtTheEndIsRemoved() {
        String text = "The post on X drew replies. It appeared first on a forum. Prices rose. "
                + "The post Big news appeared first on CoinJournal.";

        assertThat(NewsDigestBuilder.withoutTrailer(text))
                .isEqualTo("The post on X drew replies. It appeared first on a forum. Prices rose.");
        assertThat(NewsDigestBuilder.withoutTrailer("The post Big news appeared first on CoinJournal."))
                .isEmpty();
        assertThat(NewsDigestBuilder.withoutTrailer("The post office appeared first on the list of closures, "
                + "followed by several libraries and a number of other public services in the district this week."))
                .startsWith("The post office");
    }

    @Test
    @Timeout(5)
    void hugeHostileTextIsHandledQuickly() {
        String text = "The post x ".repeat(50_000) + "<b>".repeat(10_000) + " The post T appeared first on S.";

        String digest = new NewsDigestBuilder(DIGEST_CHARS).digest(List.of(new NewsItem(DAY2, "T", text)));

        assertThat(codePoints(digest)).isLessThanOrEqualTo(4000);
        assertThat(digest).startsWith("2025-11-18 | T: The post x The post x").endsWith("…");
    }

    @Test
    void trailerOnlyTextLeavesTheTitle() {
        NewsItem item = new NewsItem(DAY2, "Headline", "<p>The post <a>Headline</a> appeared first on "
                + "<a>CoinJournal</a>.</p>");

        assertThat(new NewsDigestBuilder(DIGEST_CHARS).digest(List.of(item))).isEqualTo("2025-11-18 | Headline");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new NewsDigestBuilder(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NewsDigestBuilder(100, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static SyndFeed parse(String xml) throws Exception {
        try (InputStream in = new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))) {
            return new SyndFeedInput().build(new XmlReader(in));
        }
    }

    private static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
