package io.camelarena.market;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Condenses news items into the plain-text digest shown to every model.
 *
 * <p>One line per item, newest first (undated items last, in their original order):
 * <pre>
 * 2025-11-18 | title: text
 * title: text                  (no publication date: no date part)
 * 2025-11-18 | title           (no text, or text equal to the title)
 * 2025-11-18 | text            (no title)
 * </pre>
 * Dates are UTC. Title and text are reduced to plain text: HTML removed, entities decoded, whitespace (including
 * line breaks) collapsed, other control characters dropped, and the WordPress trailer "The post ... appeared first on
 * ...." removed. A text longer than the per-item cap is cut at a word boundary and ends with "…".
 *
 * <p>The digest is at most {@code maxChars} characters, counted as code points, newlines included. Items are added
 * in order until the next one would not fit; if not even the first fits, it is cut to the limit. Items with neither
 * title nor text are skipped. News is untrusted input: it is only cleaned, never interpreted.
 */
public final class NewsDigestBuilder {

    public static final int DEFAULT_MAX_ITEM_TEXT_CHARS = 400;

    private static final String ELLIPSIS = "…";
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\u00A0\\u2007\\u202F\\u2028\\u2029]+");
    private static final Pattern CONTROL_BUT_WHITESPACE = Pattern.compile("[\\p{Cc}&&[^\\s]]");
    private static final int TRAILER_WINDOW = 1000;
    /*
     * Elements whose content the HTML parser keeps as raw text, markup included ("<noscript><img onerror=...>"):
     * fallback or form content, never the news itself, so dropped like script and style.
     */
    private static final String RAW_TEXT_ELEMENTS =
            "noscript, noembed, noframes, iframe, xmp, textarea, plaintext, title";
    /*
     * Greedy prefix: when "The post" occurs in the article too, the last trailer-shaped tail is the one removed.
     * The site part is short, so a sentence merely mentioning "appeared first on" mid-text is left alone.
     */
    private static final Pattern WORDPRESS_TRAILER = Pattern.compile(
            "^(.*)\\s*\\bThe post\\s+\\S.*?\\s+appeared first on\\s+\\S.{0,100}$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /**
     * A news item as published; title and text may contain HTML.
     *
     * @param published publication time, or null when unknown
     */
    public record NewsItem(Instant published, String title, String text) {
    }

    private final int maxChars;
    private final int maxItemTextChars;

    public NewsDigestBuilder(int maxChars) {
        this(maxChars, DEFAULT_MAX_ITEM_TEXT_CHARS);
    }

    public NewsDigestBuilder(int maxChars, int maxItemTextChars) {
        if (maxChars < 1 || maxItemTextChars < 1) {
            throw new IllegalArgumentException(
                    "maxChars and maxItemTextChars must be positive: " + maxChars + ", " + maxItemTextChars);
        }
        this.maxChars = maxChars;
        this.maxItemTextChars = maxItemTextChars;
    }

    /** The digest of a feed parsed by ROME; text comes from the description, else from the content. */
    public String digest(SyndFeed feed) {
        if (feed == null || feed.getEntries() == null) {
            return "";
        }
        return digest(feed.getEntries().stream().map(NewsDigestBuilder::toItem).toList());
    }

    /** A digest and the publication time of its newest dated item (null when none is dated). */
    public record Digest(String text, Instant newest) {
    }

    /**
     * The digest of the items published at or before {@code notAfter} (an item dated later, such as one with a wrong
     * time zone, is left out: no input from after the decision); undated items are kept, as they carry no time.
     */
    public Digest digest(SyndFeed feed, Instant notAfter) {
        if (feed == null || feed.getEntries() == null) {
            return new Digest("", null);
        }
        List<NewsItem> items = feed.getEntries().stream().map(NewsDigestBuilder::toItem)
                .filter(i -> i.published() == null || !i.published().isAfter(notAfter)).toList();
        String text = digest(items);
        // items go in newest first, dated before undated: the first one with a line is the newest in the digest
        Instant newest = text.isEmpty() ? null : newestFirst(items).stream().filter(i -> !line(i).isEmpty())
                .findFirst().map(NewsItem::published).orElse(null);
        return new Digest(text, newest);
    }

    public String digest(List<NewsItem> items) {
        if (items == null) {
            return "";
        }
        List<String> lines = newestFirst(items).stream()
                .map(this::line)
                .filter(line -> !line.isEmpty())
                .toList();
        return fit(lines);
    }

    private static NewsItem toItem(SyndEntry entry) {
        Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
        Instant published = date == null ? null : date.toInstant();
        return new NewsItem(published, entry.getTitle(), bodyHtml(entry));
    }

    private static String bodyHtml(SyndEntry entry) {
        SyndContent description = entry.getDescription();
        if (description != null && !plainText(description.getValue()).isEmpty()) {
            return description.getValue();
        }
        return entry.getContents().stream()
                .map(SyndContent::getValue)
                .filter(Objects::nonNull)
                .collect(Collectors.joining(" "));
    }

    private static List<NewsItem> newestFirst(List<NewsItem> items) {
        List<NewsItem> sorted = new ArrayList<>(items);
        sorted.removeIf(Objects::isNull);
        // List.sort is stable: items with equal or no dates keep their feed order.
        sorted.sort(Comparator.comparing(NewsItem::published, Comparator.nullsLast(Comparator.reverseOrder())));
        return sorted;
    }

    /** The item's digest line, or "" when it has neither title nor text. */
    private String line(NewsItem item) {
        String title = plainText(item.title());
        String text = capped(withoutTrailer(plainText(item.text())), maxItemTextChars);
        if (text.equals(title)) {
            text = "";
        }
        String headline = title.isEmpty() || text.isEmpty() ? title + text : title + ": " + text;
        if (headline.isEmpty()) {
            return "";
        }
        return item.published() == null ? headline : DATE.format(item.published()) + " | " + headline;
    }

    private String fit(List<String> lines) {
        StringBuilder digest = new StringBuilder();
        int used = 0;
        for (String line : lines) {
            int needed = codePoints(line) + (digest.length() == 0 ? 0 : 1);
            if (used + needed > maxChars) {
                if (digest.length() == 0) {
                    return capped(line, maxChars);
                }
                break;
            }
            if (digest.length() > 0) {
                digest.append('\n');
            }
            digest.append(line);
            used += needed;
        }
        return digest.toString();
    }

    /** HTML reduced to one line of plain text; null gives "". */
    static String plainText(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        Document document = Jsoup.parse(html);
        document.select(RAW_TEXT_ELEMENTS).remove();
        String text = document.text();
        text = CONTROL_BUT_WHITESPACE.matcher(text).replaceAll("");
        return WHITESPACE.matcher(text).replaceAll(" ").strip();
    }

    static String withoutTrailer(String text) {
        // The trailer is short and at the end; searching only the tail keeps a huge article from costing n^2.
        int from = Math.max(0, text.length() - TRAILER_WINDOW);
        Matcher m = WORDPRESS_TRAILER.matcher(text).region(from, text.length());
        return m.matches() ? text.substring(0, m.end(1)).strip() : text;
    }

    /**
     * The text cut to at most {@code max} code points, ending with "…" when cut. The cut is at the last space if that
     * keeps at least half the room, else mid-word; it never splits a surrogate pair.
     */
    static String capped(String text, int max) {
        if (codePoints(text) <= max) {
            return text;
        }
        int room = max - 1; // for the ellipsis
        String head = text.substring(0, text.offsetByCodePoints(0, room));
        int lastSpace = head.lastIndexOf(' ');
        if (lastSpace > 0 && codePoints(head.substring(0, lastSpace)) >= room / 2) {
            head = head.substring(0, lastSpace);
        }
        return head.stripTrailing() + ELLIPSIS;
    }

    private static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }
}
