package io.camelarena.market;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Result of the fetch-prices route: prices of the configured symbols, or why there are none. */
public record PriceFetch(Map<String, BigDecimal> prices, List<String> missing, String error) {

    public static PriceFetch failed(String error, List<String> symbols) {
        return new PriceFetch(Map.of(), symbols, error);
    }
}
