package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.camelarena.market.Candle;
import io.camelarena.market.CandleFixtures;
import io.camelarena.tick.TickLifecycle;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The market a model decides in, through the real routes against WireMock serving Hyperliquid's real-shaped answers
 * (allMids, metaAndAssetCtxs, candleSnapshot; numbers as strings): the exact prompt sections, one set of requests per
 * tick whatever the number of accounts, a failing venue or candle source that still gives every account its decision,
 * the newest input time on each row, and a replay whose prompt is the original's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MarketContextRouteTest extends ArenaRouteTestSupport {

    static final List<String> ACCOUNTS = List.of("alpha", "beta", "gamma");

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("arena.symbols", "BTC,ETH");
        for (String name : ACCOUNTS) {
            p.put("arena.accounts." + name + ".provider", "simulated");
            p.put("arena.accounts." + name + ".model", "momentum");
        }
        return p;
    }

    private static MappingBuilder info(String type) {
        return post(urlEqualTo("/info")).withRequestBody(matchingJsonPath("$.type", equalTo(type)));
    }

    private static MappingBuilder candles(String coin, String interval) {
        return info("candleSnapshot").withRequestBody(matchingJsonPath("$.req.coin", equalTo(coin)))
                .withRequestBody(matchingJsonPath("$.req.interval", equalTo(interval)));
    }

    static String candleBody(String coin, String interval) {
        BigDecimal base = coin.equals("BTC") ? new BigDecimal("95000") : new BigDecimal("3400");
        int scale = coin.equals("BTC") ? 1 : 2;
        List<Candle> c = switch (interval) {
            case "3m" -> CandleFixtures.candles(Instant.parse("2026-11-25T07:00:00Z"), Duration.ofMinutes(3), 100,
                    base, scale);
            case "4h" -> CandleFixtures.candles(Instant.parse("2026-11-08T20:00:00Z"), Duration.ofHours(4), 100,
                    base, scale);
            default -> CandleFixtures.candles(Instant.parse("2026-11-25T11:50:00Z"), Duration.ofMinutes(1), 10,
                    base, scale);
        };
        return CandleFixtures.hyperliquidBody(coin, interval, c);
    }

    void stubVenue() {
        stubMarket();
        wiremock.stubFor(info("metaAndAssetCtxs").willReturn(json(resource("/stubs/hyperliquid-metaAndAssetCtxs.json"))));
        for (String coin : List.of("BTC", "ETH")) {
            for (String interval : List.of("3m", "4h", "1m")) {
                wiremock.stubFor(candles(coin, interval).willReturn(json(candleBody(coin, interval))));
            }
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    @BeforeEach
    void reset() {
        wiremock.resetAll();
    }

    private String prompt(String tickId, String account) throws Exception {
        // the as-of times of this run's clock, as one word
        return ((String) decisionRow(tickId, account).get("user_prompt"))
                .replaceAll("as of \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "as of T");
    }

    private int venueRequests() {
        return wiremock.findAll(postRequestedFor(urlEqualTo("/info"))).stream()
                .filter(r -> !r.getBodyAsString().contains("allMids")).toList().size();
    }

    @Test
    @Order(1)
    void thePromptShowsVenueContextAndIndicatorsFromClosedCandlesExactly() throws Exception {
        stubVenue();

        String tickId = triggerTick();

        String prompt = prompt(tickId, "alpha");
        assertThat(prompt).contains("""
                Current Market Prices (as of T):
                {
                  "BTC": 95234.5,
                  "ETH": 3421.23
                }

                Perpetual Futures (hyperliquid; funding per hour, open interest in coins, 24h notional volume; as of T):
                - BTC: mark 95236, oracle 95211, funding 0.00125%, open interest 26489.48468, volume $2394829453.31, \
                max leverage 40x
                - ETH: mark 3421.3, oracle 3420.4, funding 0.00086%, open interest 609174.4846, volume $1231445663.55, \
                max leverage 25x

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
                ETH 3m (100 candles closed by 2026-11-25T12:00:00Z): close 3479.97, EMA20 3493.09, EMA50 3480.38, \
                MACD -0.400029, MACD signal 6.51874, RSI7 26.4375, RSI14 41.5206, ATR3 31.5481, ATR14 32.7272, \
                volume 16.1, average volume 21.115
                """);
        assertThat(prompt).contains("""
                Your Recent Decisions (oldest first):
                (none yet)
                """);
        // every account's row names the tick's stored snapshot and an input time no later than its decision
        Map<String, Object> tick = query("SELECT * FROM market_ticks WHERE tick_id = '" + tickId + "'").get(0);
        assertThat(tick).containsEntry("status", "COMPLETED").containsEntry("market_errors", null);
        assertThat(tick.get("snapshot_id")).isNotNull();
        for (String account : ACCOUNTS) {
            Map<String, Object> row = decisionRow(tickId, account);
            assertThat(row.get("snapshot_id")).isEqualTo(tick.get("snapshot_id"));
            assertThat((Timestamp) row.get("inputs_as_of")).isNotNull()
                    .isBeforeOrEqualTo((Timestamp) row.get("decision_time"));
        }
    }

    @Test
    @Order(2)
    void requestsPerTickDoNotGrowWithTheNumberOfAccounts() throws Exception {
        stubVenue();
        TickLifecycle ticks = context.getRegistry().lookupByNameAndType("tickLifecycle", TickLifecycle.class);

        String deciding = triggerTick();
        int withThreeAccounts = venueRequests();
        wiremock.resetRequests();
        ticks.pause(); // the snapshot is still fetched and recorded, no account decides
        try {
            triggerTick();
        } finally {
            ticks.resume();
        }
        int withNoAccount = venueRequests();

        assertThat(query("SELECT id FROM ai_decision_logs WHERE tick_id = '" + deciding + "'")).hasSize(3);
        // 1 metaAndAssetCtxs + 2 symbols x (3m, 4h, 1m for the ledger) candleSnapshot
        assertThat(withThreeAccounts).isEqualTo(7).isEqualTo(withNoAccount);
        wiremock.verify(1, postRequestedFor(urlEqualTo("/info")).withRequestBody(equalToJson("{\"type\":\"allMids\"}")));
    }

    @Test
    @Order(3)
    void failingVenueAndCandleSourcesStillGiveEveryAccountItsDecision() throws Exception {
        stubMarket();
        wiremock.stubFor(info("metaAndAssetCtxs").willReturn(aResponse().withStatus(500).withBody("oops")));
        wiremock.stubFor(info("candleSnapshot").willReturn(aResponse().withStatus(502)));

        String tickId = triggerTick();

        Map<String, Object> tick = query("SELECT * FROM market_ticks WHERE tick_id = '" + tickId + "'").get(0);
        assertThat(tick).containsEntry("status", "COMPLETED").containsEntry("accounts", 3);
        assertThat((String) tick.get("market_errors")).startsWith("venue: HttpOperationFailedException: ")
                .contains("statusCode: 500").contains("; candles: BTC 3m: HttpOperationFailedException: ")
                .contains("statusCode: 502");
        for (String account : ACCOUNTS) {
            Map<String, Object> row = decisionRow(tickId, account);
            assertThat(row.get("status")).isNotEqualTo("REJECTED");
            assertThat(prompt(tickId, account)).contains("""
                    Perpetual Futures (hyperliquid; funding per hour, open interest in coins, 24h notional volume):
                    (unavailable this tick)

                    Technical Indicators (from closed candles only):
                    (unavailable this tick)
                    """);
        }
    }

    @Test
    @Order(4)
    void aReplaysPromptIsTheOriginalsAndFetchesNothing() throws Exception {
        stubVenue();
        String tickId = triggerTick();
        Map<String, Object> original = decisionRow(tickId, "beta");
        wiremock.resetRequests();

        var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        String answer = (String) server.invoke(new javax.management.ObjectName("camel-arena:type=Replay"),
                "startReplay", new Object[] {"{\"decisions\": [" + original.get("id") + "], \"targets\": [\"gamma\"]}"},
                new String[] {String.class.getName()});
        assertThat(answer).matches("run \\d+ queued: 1 replays");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !query(
                "SELECT id FROM ai_decision_logs WHERE replay_of = " + original.get("id")).isEmpty());

        Map<String, Object> replay = query("SELECT * FROM ai_decision_logs WHERE replay_of = " + original.get("id"))
                .get(0);
        assertThat(replay.get("user_prompt")).isEqualTo(original.get("user_prompt"));
        assertThat(replay.get("snapshot_id")).isEqualTo(original.get("snapshot_id"));
        assertThat(replay.get("inputs_as_of")).isEqualTo(original.get("inputs_as_of"));
        assertThat(wiremock.getAllServeEvents()).isEmpty();
    }
}
