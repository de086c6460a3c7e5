package io.camelarena.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelarena.replay.HypotheticalOutcome.Basis;
import io.camelarena.replay.HypotheticalOutcome.Outcome;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored tick prices (market_ticks.prices_json, in tick order), and the outcome of a decision-log row over the next
 * {@code horizonTicks} of them (see {@link HypotheticalOutcome}). P0 is the row's symbol's price in the row's own tick;
 * PK its price in the K-th later tick that has a price for the symbol (for a hold or no trade: the K-th later tick
 * with any price). Ticks whose prices are missing or not JSON are not counted.
 */
public final class HorizonPrices {

    private static final Logger LOG = LoggerFactory.getLogger(HorizonPrices.class);
    /** Prices as written (exact decimals), never through a double. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** One tick's prices. */
    public record TickPrices(String tickId, Map<String, BigDecimal> prices) {
    }

    private final List<TickPrices> ticks;
    private final Map<String, Integer> index = new HashMap<>();
    private final int horizonTicks;
    private final BigDecimal feeRate;

    public HorizonPrices(List<TickPrices> ticksInOrder, int horizonTicks, BigDecimal feeRate) {
        this.ticks = List.copyOf(ticksInOrder);
        for (int i = 0; i < ticks.size(); i++) {
            index.putIfAbsent(ticks.get(i).tickId(), i);
        }
        this.horizonTicks = horizonTicks;
        this.feeRate = feeRate;
    }

    /** Every tick with prices, oldest first (by id: ticks are recorded as they start). */
    public static HorizonPrices load(Connection c, int horizonTicks, BigDecimal feeRate) throws SQLException {
        List<TickPrices> ticks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tick_id, prices_json FROM market_ticks "
                + "WHERE prices_json IS NOT NULL ORDER BY id")) {
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, BigDecimal> prices = parse(rs.getString(1), rs.getString(2));
                    if (!prices.isEmpty()) {
                        ticks.add(new TickPrices(rs.getString(1), prices));
                    }
                }
            }
        }
        return new HorizonPrices(ticks, horizonTicks, feeRate);
    }

    private static Map<String, BigDecimal> parse(String tickId, String json) {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        try {
            JSON.readTree(json).fields().forEachRemaining(e -> {
                if (e.getValue().isNumber() && e.getValue().decimalValue().signum() > 0) {
                    prices.put(e.getKey(), e.getValue().decimalValue());
                }
            });
        } catch (JsonProcessingException e) {
            LOG.warn("prices of tick {} are not JSON, not counted for outcomes: {}", tickId, e.getOriginalMessage());
        }
        return prices;
    }

    public int horizonTicks() {
        return horizonTicks;
    }

    /**
     * The outcome of a row with the decision-log columns tick_id, status, operation, symbol, direction, leverage.
     */
    public Outcome score(Map<String, Object> row) {
        Basis basis = HypotheticalOutcome.basis(text(row.get("status")), text(row.get("operation")));
        String symbol = basis == Basis.OPEN || basis == Basis.CLOSE ? text(row.get("symbol")) : null;
        Integer at = index.get(text(row.get("tick_id")));
        BigDecimal p0 = at == null || symbol == null ? null : ticks.get(at).prices().get(symbol);
        if (at == null || symbol != null && p0 == null) {
            return HypotheticalOutcome.unpriced(basis);
        }
        int counted = 0;
        for (int i = at + 1; i < ticks.size(); i++) {
            TickPrices tick = ticks.get(i);
            if (symbol != null && !tick.prices().containsKey(symbol)) {
                continue;
            }
            if (++counted == horizonTicks) {
                return HypotheticalOutcome.scored(basis, text(row.get("direction")), integer(row.get("leverage")),
                        p0, symbol == null ? null : tick.prices().get(symbol), tick.tickId(), feeRate);
            }
        }
        return HypotheticalOutcome.pending(basis, p0);
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }

    private static Integer integer(Object v) {
        return v == null ? null : v instanceof Number n ? n.intValue() : Integer.valueOf(v.toString());
    }
}
