package io.camelarena.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camelarena.market.PriceParser.ParsedPrices;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PriceParserTest {

    private static final List<String> SYMBOLS = List.of("BTC", "ETH", "SOL");
    private static final String ALL_MIDS =
            "{\"@107\":\"12.3\",\"BTC\":\"95234.5\",\"ETH\":\"3421.23\",\"PURR/USDC\":\"0.21\",\"SOL\":\"198.45\","
                    + "\"kPEPE\":\"0.020113\"}";

    private final PriceParser parser = new PriceParser("USDT");

    @Test
    void hyperliquidGivesRequestedSymbolsInRequestOrder() {
        ParsedPrices parsed = parser.parse("hyperliquid", ALL_MIDS, List.of("SOL", "BTC", "ETH"));

        assertThat(parsed.prices()).containsExactly(
                entry("SOL", "198.45"), entry("BTC", "95234.5"), entry("ETH", "3421.23"));
        assertThat(parsed.missing()).isEmpty();
    }

    @Test
    void pricesKeepEveryDigitOfTheText() {
        String body = "{\"BTC\":\"95234.123456789012345678\",\"DOGE\":\"0.32145\"}";

        ParsedPrices parsed = parser.parse("hyperliquid", body, List.of("BTC", "DOGE"));

        assertThat(parsed.prices().get("BTC")).hasToString("95234.123456789012345678");
        assertThat(parsed.prices().get("DOGE")).hasToString("0.32145");
    }

    @Test
    void symbolsNotInTheAnswerAreMissing() {
        ParsedPrices parsed = parser.parse("hyperliquid", ALL_MIDS, List.of("BTC", "XRP", "ETH", "DOGE"));

        assertThat(parsed.prices()).containsOnlyKeys("BTC", "ETH");
        assertThat(parsed.missing()).containsExactly("XRP", "DOGE");
    }

    @Test
    void symbolsAreMatchedExactly() {
        ParsedPrices parsed = parser.parse("hyperliquid", ALL_MIDS, List.of("btc", "kPEPE"));

        assertThat(parsed.prices()).containsOnlyKeys("kPEPE");
        assertThat(parsed.missing()).containsExactly("btc");
    }

    @Test
    void nonPositiveOrNonNumericPricesAreMissing() {
        String body = "{\"A\":\"0\",\"B\":\"-1.5\",\"C\":\"abc\",\"D\":\"\",\"E\":null,\"F\":true,"
                + "\"G\":{\"px\":\"1\"},\"H\":\"NaN\",\"I\":\"0.000\",\"OK\":\" 2.5 \"}";
        List<String> symbols = List.of("A", "B", "C", "D", "E", "F", "G", "H", "I", "OK");

        ParsedPrices parsed = parser.parse("hyperliquid", body, symbols);

        assertThat(parsed.prices()).containsExactly(entry("OK", "2.5"));
        assertThat(parsed.missing()).containsExactly("A", "B", "C", "D", "E", "F", "G", "H", "I");
    }

    @Test
    @Timeout(5)
    void absurdExponentsAreMissingAndCheap() {
        String body = "{\"A\":\"1E+999999999\",\"B\":\"1e-999999999\",\"C\":\"1E+2147483647\",\"D\":\"1E+2\"}";

        ParsedPrices parsed = parser.parse("hyperliquid", body, List.of("A", "B", "C", "D"));

        assertThat(parsed.prices()).containsExactly(entry("D", "100"));
        assertThat(parsed.missing()).containsExactly("A", "B", "C");
    }

    @Test
    void jsonNumbersAreReadWithoutGoingThroughDouble() {
        String body = "{\"BTC\":95234.10000000000000001,\"ETH\":3421}";

        ParsedPrices parsed = parser.parse("hyperliquid", body, List.of("BTC", "ETH"));

        assertThat(parsed.prices().get("BTC")).hasToString("95234.10000000000000001");
        assertThat(parsed.prices().get("ETH")).hasToString("3421");
    }

    @Test
    void providerNameIsCaseInsensitive() {
        assertThat(parser.parse(" HyperLiquid ", ALL_MIDS, List.of("BTC")).prices()).containsKey("BTC");
    }

    @Test
    void duplicateSymbolsAreReportedOnce() {
        ParsedPrices parsed = parser.parse("hyperliquid", ALL_MIDS, List.of("XRP", "BTC", "XRP", "BTC"));

        assertThat(parsed.prices()).containsOnlyKeys("BTC");
        assertThat(parsed.missing()).containsExactly("XRP");
    }

    @Test
    void resultIsUnmodifiable() {
        ParsedPrices parsed = parser.parse("hyperliquid", ALL_MIDS, List.of("BTC", "XRP"));

        assertThatThrownBy(() -> parsed.prices().put("X", BigDecimal.ONE))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> parsed.missing().add("X")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void binanceLooksUpBasePlusUsdtAndDropsTrailingZeros() {
        String body = "[{\"symbol\":\"ETHBTC\",\"price\":\"0.03590000\"},"
                + "{\"symbol\":\"BTCUSDT\",\"price\":\"95234.50000000\"},"
                + "{\"symbol\":\"ETHUSDT\",\"price\":\"3400.00000000\"},"
                + "{\"symbol\":\"SOLUSDC\",\"price\":\"198.45000000\"}]";

        ParsedPrices parsed = parser.parse("binance", body, SYMBOLS);

        assertThat(parsed.prices()).containsExactly(entry("BTC", "95234.5"), entry("ETH", "3400"));
        assertThat(parsed.prices().get("ETH").toPlainString()).isEqualTo("3400");
        assertThat(parsed.prices().get("ETH").toString()).isEqualTo("3400");
        assertThat(parsed.missing()).containsExactly("SOL");
    }

    @Test
    void binanceQuoteAssetIsConfigurable() {
        String body = "[{\"symbol\":\"SOLUSDT\",\"price\":\"198.40000000\"},"
                + "{\"symbol\":\"SOLUSDC\",\"price\":\"198.45000000\"}]";

        ParsedPrices parsed = new PriceParser("USDC").parse("binance", body, List.of("SOL"));

        assertThat(parsed.prices()).containsExactly(entry("SOL", "198.45"));
    }

    @Test
    void binanceBadEntriesAndBadPricesAreSkipped() {
        String body = "[1,\"x\",null,{\"price\":\"5\"},{\"symbol\":\"BTCUSDT\",\"price\":\"0.00000000\"},"
                + "{\"symbol\":\"ETHUSDT\"},{\"symbol\":\"SOLUSDT\",\"price\":\"198.45\"}]";

        ParsedPrices parsed = parser.parse("binance", body, SYMBOLS);

        assertThat(parsed.prices()).containsExactly(entry("SOL", "198.45"));
        assertThat(parsed.missing()).containsExactly("BTC", "ETH");
    }

    @Test
    void hyperliquidArrayIsRejectedWithItsShape() {
        assertThatThrownBy(() -> parser.parse("hyperliquid", "[{\"BTC\":\"1\"}]", SYMBOLS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hyperliquid prices: expected a JSON object of coin to price, got ARRAY");
    }

    @Test
    void hyperliquidScalarIsRejectedWithItsShape() {
        assertThatThrownBy(() -> parser.parse("hyperliquid", "\"busy\"", SYMBOLS))
                .hasMessage("hyperliquid prices: expected a JSON object of coin to price, got STRING");
        assertThatThrownBy(() -> parser.parse("hyperliquid", "null", SYMBOLS))
                .hasMessage("hyperliquid prices: expected a JSON object of coin to price, got NULL");
    }

    @Test
    void binanceErrorObjectIsRejectedWithoutEchoingIt() {
        String body = "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}";

        assertThatThrownBy(() -> parser.parse("binance", body, SYMBOLS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("binance prices: expected a JSON array of {symbol, price}, got OBJECT");
    }

    @Test
    void malformedJsonSaysWhereButNotWhat() {
        String body = "<html><body>502 Bad Gateway secret-upstream-host</body></html>";

        assertThatThrownBy(() -> parser.parse("hyperliquid", body, SYMBOLS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hyperliquid prices: malformed JSON at line 1, column 1")
                .hasMessageNotContaining("secret");
    }

    @Test
    void truncatedJsonIsMalformed() {
        assertThatThrownBy(() -> parser.parse("binance", "[{\"symbol\":\"BTCUSDT\",\"pri", SYMBOLS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("binance prices: malformed JSON at line 1, column ");
    }

    @Test
    void trailingGarbageIsMalformed() {
        assertThatThrownBy(() -> parser.parse("hyperliquid", ALL_MIDS + " trailing", SYMBOLS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("hyperliquid prices: malformed JSON at line 1, column ")
                .hasMessageNotContaining("trailing");
    }

    @Test
    void emptyAnswerIsRejected() {
        assertThatThrownBy(() -> parser.parse("hyperliquid", "  ", SYMBOLS))
                .hasMessage("hyperliquid prices: empty answer");
        assertThatThrownBy(() -> parser.parse("binance", null, SYMBOLS))
                .hasMessage("binance prices: empty answer");
    }

    @Test
    void unknownProviderIsRejected() {
        assertThatThrownBy(() -> parser.parse("coinbase", "{}", SYMBOLS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown price provider 'coinbase' (expected hyperliquid or binance)");
    }

    @Test
    void blankQuoteAssetIsRejected() {
        assertThatThrownBy(() -> new PriceParser(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    private static java.util.Map.Entry<String, BigDecimal> entry(String symbol, String price) {
        return java.util.Map.entry(symbol, new BigDecimal(price));
    }
}
