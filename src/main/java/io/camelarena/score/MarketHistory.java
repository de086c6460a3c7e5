package io.camelarena.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The stored prices of the configured symbols at every tick that valued the market (completed or paused with prices,
 * as the leaderboard's "prices now" counts them), kept in memory. A refresh reads the qualifying ticks above the
 * highest id read; when their count says an older tick qualified since (a tick that was still running), it reads
 * them all again.
 */
final class MarketHistory {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALUED = " FROM market_ticks WHERE status IN ('COMPLETED', 'PAUSED') "
            + "AND prices_json IS NOT NULL AND prices_json <> '{}'";

    /** A tick's time and the price of each configured symbol (null where it had none). */
    record PriceTick(long time, BigDecimal[] prices) {
    }

    private final List<String> symbols;
    private List<PriceTick> ticks = new ArrayList<>();
    private long lastId;

    MarketHistory(List<String> symbols) {
        this.symbols = List.copyOf(symbols);
    }

    List<String> symbols() {
        return symbols;
    }

    synchronized void refresh(Connection c) throws SQLException {
        long count;
        try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*)" + VALUED);
                ResultSet rs = st.executeQuery()) {
            rs.next();
            count = rs.getLong(1);
        }
        if (count == ticks.size()) {
            return;
        }
        List<PriceTick> read = new ArrayList<>(ticks);
        long from = lastId;
        if (count < ticks.size()) {
            read.clear();
            from = 0;
        }
        long maxId = read(c, from, read);
        if (read.size() != count && from > 0) {
            read.clear();
            maxId = read(c, 0, read);
        }
        read.sort(Comparator.comparingLong(PriceTick::time));
        ticks = read;
        lastId = maxId;
    }

    private long read(Connection c, long after, List<PriceTick> into) throws SQLException {
        long maxId = after;
        try (PreparedStatement st = Rows.streaming(c, "SELECT id, started_at, prices_json" + VALUED
                + " AND id > ? ORDER BY id")) {
            st.setLong(1, after);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    maxId = Math.max(maxId, rs.getLong(1));
                    into.add(new PriceTick(rs.getTimestamp(2).getTime(), prices(rs.getString(3))));
                }
            }
        }
        return maxId;
    }

    /** The configured symbols' prices in a tick's prices_json; a symbol missing or not a positive number is null. */
    BigDecimal[] prices(String json) {
        BigDecimal[] prices = new BigDecimal[symbols.size()];
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (Exception e) {
            return prices;
        }
        for (int i = 0; i < prices.length; i++) {
            JsonNode p = node == null ? null : node.get(symbols.get(i));
            if (p != null && (p.isNumber() || p.isTextual())) {
                try {
                    BigDecimal v = new BigDecimal(p.asText());
                    prices[i] = v.signum() > 0 ? v : null;
                } catch (NumberFormatException e) {
                    prices[i] = null;
                }
            }
        }
        return prices;
    }

    /** The ticks in the period, oldest first. */
    synchronized List<PriceTick> ticks(Period period) {
        List<PriceTick> in = new ArrayList<>();
        for (PriceTick t : ticks) {
            if (period.contains(t.time())) {
                in.add(t);
            }
        }
        return in;
    }
}
