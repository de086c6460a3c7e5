package io.camelarena.market;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What the perpetual futures venue says about one symbol: mark and oracle/index price, funding as an hourly rate,
 * open interest (in the symbol's units), 24 h notional volume and the venue's maximum leverage. A value the venue does
 * not publish is null (Binance's public endpoints give neither 24 h volume in premiumIndex nor the maximum leverage).
 *
 * @param asOf when the venue's figures were current: the time the venue stamped on them, else when they arrived
 */
public record VenueContext(String symbol, BigDecimal markPrice, BigDecimal oraclePrice, BigDecimal fundingRateHourly,
        BigDecimal openInterest, BigDecimal dayNotionalVolume, Integer maxLeverage, Instant asOf) {
}
