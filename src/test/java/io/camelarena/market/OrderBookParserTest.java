package io.camelarena.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camelarena.flow.ArenaRouteTestSupport;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The venues' order book answers as they come over the wire: prices and sizes as strings, sides best first. */
class OrderBookParserTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-25T14:20:01Z");
    private final OrderBookParser parser = new OrderBookParser();

    private static OrderBook.Level level(String price, String size) {
        return new OrderBook.Level(new BigDecimal(price), new BigDecimal(size));
    }

    @Test
    void hyperliquidL2BookGivesBidsAndAsksBestFirstWithTheVenuesTime() {
        OrderBook book = parser.hyperliquid(ArenaRouteTestSupport.resource("/stubs/hyperliquid-l2Book-BTC.json"),
                "BTC", RECEIVED);

        assertThat(book.symbol()).isEqualTo("BTC");
        assertThat(book.asOf()).isEqualTo(Instant.ofEpochMilli(1795616399512L));
        assertThat(book.bids()).hasSize(8).startsWith(level("95235", "0.8"), level("95234", "0.7"),
                level("95230", "2"));
        assertThat(book.asks()).hasSize(8).startsWith(level("95236", "0.5"), level("95237", "1.2"),
                level("95240", "3"));
        assertThat(book.bids().get(7)).isEqualTo(level("95214", "12.07111"));
        assertThat(book.sideTakenBy(true)).isSameAs(book.asks());
        assertThat(book.sideTakenBy(false)).isSameAs(book.bids());
    }

    @Test
    void binanceDepthGivesBidsAndAsksBestFirstWithTheTransactionTime() {
        OrderBook book = parser.binance(ArenaRouteTestSupport.resource("/stubs/binance-depth-BTCUSDT.json"), "BTC",
                RECEIVED);

        // T (transaction time) rather than E (message time)
        assertThat(book.asOf()).isEqualTo(Instant.ofEpochMilli(1795616399521L));
        assertThat(book.bids()).hasSize(6).startsWith(level("95231", "0.8"), level("95230.9", "0.7"));
        assertThat(book.asks()).hasSize(6).startsWith(level("95231.1", "0.5"), level("95231.2", "1.2"),
                level("95231.6", "3"));
        assertThat(book.asks().get(5)).isEqualTo(level("95233", "5.44"));
    }

    @Test
    void levelsInAnyOrderComeOutBestFirstOnEachSide() {
        OrderBook hyperliquid = parser.hyperliquid("""
                {"coin":"ETH","time":1795616399512,"levels":[
                  [{"px":"3420.1","sz":"1","n":1},{"px":"3421.5","sz":"2","n":1},{"px":"3420.9","sz":"3","n":1}],
                  [{"px":"3423.0","sz":"4","n":1},{"px":"3421.6","sz":"5","n":1},{"px":"3422.2","sz":"6","n":1}]]}
                """, "ETH", RECEIVED);
        assertThat(hyperliquid.bids()).extracting(OrderBook.Level::price).map(BigDecimal::toPlainString)
                .containsExactly("3421.5", "3420.9", "3420.1");
        assertThat(hyperliquid.asks()).extracting(OrderBook.Level::price).map(BigDecimal::toPlainString)
                .containsExactly("3421.6", "3422.2", "3423");

        OrderBook binance = parser.binance("""
                {"lastUpdateId":1,"E":2,"T":3,"bids":[["10.0","1"],["10.2","1"],["10.1","1"]],
                 "asks":[["10.5","1"],["10.3","1"],["10.4","1"]]}""", "ETH", RECEIVED);
        assertThat(binance.bids()).extracting(OrderBook.Level::price).map(BigDecimal::toPlainString)
                .containsExactly("10.2", "10.1", "10");
        assertThat(binance.asks()).extracting(OrderBook.Level::price).map(BigDecimal::toPlainString)
                .containsExactly("10.3", "10.4", "10.5");
    }

    @Test
    void emptySidesAreEmptyListsAndTheReceiptTimeStandsInForAMissingVenueTime() {
        OrderBook hyperliquid = parser.hyperliquid("{\"coin\":\"SOL\",\"levels\":[[],[]]}", "SOL", RECEIVED);
        assertThat(hyperliquid.bids()).isEmpty();
        assertThat(hyperliquid.asks()).isEmpty();
        assertThat(hyperliquid.asOf()).isEqualTo(RECEIVED);

        OrderBook binance = parser.binance("{\"lastUpdateId\":7,\"bids\":[[\"198.42\",\"3\"]],\"asks\":[]}", "SOL",
                RECEIVED);
        assertThat(binance.bids()).containsExactly(level("198.42", "3"));
        assertThat(binance.asks()).isEmpty();
        assertThat(binance.asOf()).isEqualTo(RECEIVED);
    }

    @Test
    void aLevelOfSizeZeroIsLeftOutAndNumbersMayAlsoComeAsJsonNumbers() {
        OrderBook book = parser.binance("{\"bids\":[[\"100.5\",\"0.000\"],[100.4,2.5]],\"asks\":[[\"100.6\",\"1\"]]}",
                "BTC", RECEIVED);
        assertThat(book.bids()).containsExactly(level("100.4", "2.5"));
    }

    @Test
    void anAnswerThatIsNotTheVenuesShapeSaysWhyWithoutRepeatingIt() {
        assertThatThrownBy(() -> parser.hyperliquid("[1,2]", "BTC", RECEIVED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("l2Book: expected {coin, time, levels: [bids, asks]}, got ARRAY");
        assertThatThrownBy(() -> parser.hyperliquid("{\"coin\":\"BTC\",\"levels\":[[]]}", "BTC", RECEIVED))
                .hasMessage("l2Book: expected {coin, time, levels: [bids, asks]}, got an object without two level "
                        + "arrays");
        assertThatThrownBy(() -> parser.hyperliquid("{\"coin\":\"ETH\",\"levels\":[[],[]]}", "BTC", RECEIVED))
                .hasMessage("l2Book: the answer is the book of ETH, not of BTC");
        assertThatThrownBy(() -> parser.hyperliquid("{\"coin\":\"BTC\",\"levels\":[[{\"px\":\"95235.0\","
                + "\"sz\":\"x\",\"n\":3}],[]]}", "BTC", RECEIVED))
                .hasMessage("l2Book: bid 0 has a missing, non-numeric or non-positive price or a negative size");
        assertThatThrownBy(() -> parser.binance("{\"bids\":[],\"asks\":[[\"1\",\"1\"],[\"-2\",\"1\"]]}", "BTC",
                RECEIVED))
                .hasMessage("depth: ask 1 has a missing, non-numeric or non-positive price or a negative size");
        assertThatThrownBy(() -> parser.binance("{\"bids\":[[\"1\"]],\"asks\":[]}", "BTC", RECEIVED))
                .hasMessage("depth: bid 0 is not a [price, quantity] pair");
        assertThatThrownBy(() -> parser.binance("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", "BTC", RECEIVED))
                .hasMessage("depth: expected {lastUpdateId, E, T, bids, asks}, got an object without bids and asks "
                        + "arrays");
        assertThatThrownBy(() -> parser.binance("<html>502 Bad Gateway</html>", "BTC", RECEIVED))
                .hasMessageStartingWith("depth: malformed JSON at line 1");
        assertThatThrownBy(() -> parser.hyperliquid("", "BTC", RECEIVED)).hasMessage("l2Book: empty answer");
    }
}
