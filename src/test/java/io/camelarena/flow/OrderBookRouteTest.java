package io.camelarena.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.execution.FillPricer;
import io.camelarena.execution.FillPricers;
import io.camelarena.execution.SlippageModel;
import io.camelarena.market.OrderBookFetch;
import java.math.BigDecimal;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The slippage model book through the real routes (fetch-order-book, market-request, venue-feed) against Hyperliquid
 * l2Book answers served by WireMock: a round fetches each traded symbol's book once, when its first fill needs it,
 * however many fills (of however many accounts) need it; a venue answering 500 or garbage makes that round's fills of
 * the symbol use the fixed model.
 */
class OrderBookRouteTest extends ArenaRouteTestSupport {

    private static final String BTC_BOOK = "{\"type\":\"l2Book\",\"coin\":\"BTC\"}";
    private static final String ETH_BOOK = "{\"type\":\"l2Book\",\"coin\":\"ETH\"}";
    private static final String SOL_BOOK = "{\"type\":\"l2Book\",\"coin\":\"SOL\"}";
    private static final BigDecimal REFERENCE = new BigDecimal("95235.5");

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("arena.market.venue.timeout-ms", "3000");
        p.put("arena.accounts.solo.provider", "simulated");
        return p;
    }

    @BeforeEach
    void stubBooks() {
        wiremock.resetAll();
        wiremock.stubFor(post(urlEqualTo("/info")).withRequestBody(equalToJson(BTC_BOOK)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(resource("/stubs/hyperliquid-l2Book-BTC.json"))));
        wiremock.stubFor(post(urlEqualTo("/info")).withRequestBody(equalToJson(ETH_BOOK)).willReturn(aResponse()
                .withStatus(500).withBody("{\"error\":\"internal\"}")));
        wiremock.stubFor(post(urlEqualTo("/info")).withRequestBody(equalToJson(SOL_BOOK)).willReturn(aResponse()
                .withHeader("Content-Type", "text/html").withBody("<html><body>502 Bad Gateway</body></html>")));
    }

    private FillPricers pricers() {
        return context.getRegistry().lookupByNameAndType("fillPricers", FillPricers.class);
    }

    private int fetches(String body) {
        return wiremock.findAll(postRequestedFor(urlEqualTo("/info")).withRequestBody(equalToJson(body))).size();
    }

    @Test
    void aRoundFetchesEachTradedSymbolsBookOnceThroughTheRoutesHoweverManyFillsNeedIt() {
        assertThat(pricers().model()).isEqualTo(SlippageModel.BOOK);
        FillPricer firstAccount = pricers().forRound("tick-1");
        FillPricer secondAccount = pricers().forRound("tick-1");

        // the hand-computed walks of SlippageMathTest, on the same book as the venue sends it
        assertThat(firstAccount.fillPrice("BTC", true, new BigDecimal("2.1"), REFERENCE))
                .isEqualTo(new BigDecimal("95237.33333334"));
        assertThat(secondAccount.fillPrice("BTC", false, new BigDecimal("2.1"), REFERENCE))
                .isEqualTo(new BigDecimal("95233.23809523"));
        assertThat(firstAccount.fillPrice("BTC", true, new BigDecimal("0.2"), REFERENCE))
                .isEqualTo(new BigDecimal("95236.00000000"));

        assertThat(fetches(BTC_BOOK)).isEqualTo(1);
        // nothing is fetched for a symbol no fill needed
        assertThat(fetches(ETH_BOOK)).isZero();
        assertThat(wiremock.findAll(postRequestedFor(urlEqualTo("/info")))).hasSize(1);

        pricers().forRound("tick-2").fillPrice("BTC", true, new BigDecimal("0.2"), REFERENCE);
        assertThat(fetches(BTC_BOOK)).isEqualTo(2);
    }

    @Test
    void aVenueAnswering500OrGarbageMakesTheRoundsFillsOfThatSymbolFixedAndIsAskedOnce() {
        FillPricer round = pricers().forRound("tick-3");

        // 3421 x 1.0002 = 3421.6842; 3421 x 0.9998 = 3420.3158
        assertThat(round.fillPrice("ETH", true, new BigDecimal("1.5"), new BigDecimal("3421")))
                .isEqualTo(new BigDecimal("3421.68420000"));
        assertThat(round.fillPrice("ETH", false, new BigDecimal("0.5"), new BigDecimal("3421")))
                .isEqualTo(new BigDecimal("3420.31580000"));
        // 198.42 x 1.0002 = 198.459684; x 0.9998 = 198.380316
        assertThat(round.fillPrice("SOL", true, new BigDecimal("10"), new BigDecimal("198.42")))
                .isEqualTo(new BigDecimal("198.45968400"));
        assertThat(round.fillPrice("SOL", false, new BigDecimal("10"), new BigDecimal("198.42")))
                .isEqualTo(new BigDecimal("198.38031600"));

        assertThat(fetches(ETH_BOOK)).isEqualTo(1);
        assertThat(fetches(SOL_BOOK)).isEqualTo(1);
    }

    @Test
    void theFetchRouteEndsWithWhyThereIsNoBook() {
        OrderBookFetch failed = template.requestBody("direct:fetch-order-book", "ETH", OrderBookFetch.class);
        assertThat(failed.available()).isFalse();
        assertThat(failed.error()).startsWith("order book ETH: HttpOperationFailedException: ")
                .contains("statusCode: 500");

        OrderBookFetch garbage = template.requestBody("direct:fetch-order-book", "SOL", OrderBookFetch.class);
        assertThat(garbage.error()).startsWith("order book SOL: l2Book: malformed JSON at line 1");

        OrderBookFetch book = template.requestBody("direct:fetch-order-book", "BTC", OrderBookFetch.class);
        assertThat(book.available()).isTrue();
        assertThat(book.book().asks()).hasSize(8);
    }
}
