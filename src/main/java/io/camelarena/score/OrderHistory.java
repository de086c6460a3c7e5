package io.camelarena.score;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every account's orders as the score needs them (time, fee, realized PnL) and the closed trades they make, kept in
 * memory and read incrementally (orders above the highest id read so far; orders are never changed once written).
 *
 * <p>A closed trade is a closing order (of any cause: a decision, a stop, a take-profit, a liquidation). Its net PnL
 * is its realized PnL - its fee - its penalty (a liquidation's; a negative one is a loss waived) - the share of the
 * position's open fees it closes: the opens of a symbol since it was last flat accumulate their fees and quantity; a close of q of a
 * held Q takes open fees x q / Q (rounded HALF_EVEN to 8 decimals) and leaves the rest to later closes. Example (fee
 * rate 0.07%): open 0.2 BTC at 95,000 (notional 19,000, fee 13.30); close 0.1 at 95,500: realized PnL 50.00, fee
 * 6.685, open fees 13.30 x 0.1 / 0.2 = 6.65, net = 50 - 6.685 - 6.65 = 36.665; the next close of 0.1 carries the other
 * 6.65. Its opening time is the first open since the symbol was flat.
 */
final class OrderHistory {

    record OrderEntry(long time, BigDecimal fee, BigDecimal realizedPnl) {
    }

    private static final class Account {
        final List<OrderEntry> orders = new ArrayList<>();
        final List<ClosedTrade> trades = new ArrayList<>();
        final Map<String, Open> open = new HashMap<>();
    }

    private static final class Open {
        BigDecimal quantity = BigDecimal.ZERO;
        BigDecimal fees = BigDecimal.ZERO;
        Instant since;
    }

    private final Map<Integer, Account> byAccount = new HashMap<>();
    private long lastId;

    synchronized void refresh(Connection c) throws SQLException {
        try (PreparedStatement st = Rows.streaming(c, "SELECT id, account_id, symbol, operation, quantity, fee, "
                + "realized_pnl, created_at, penalty FROM orders WHERE id > ? ORDER BY id")) {
            st.setLong(1, lastId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    lastId = rs.getLong(1);
                    add(rs.getInt(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5), rs.getBigDecimal(6),
                            rs.getBigDecimal(7), rs.getTimestamp(8).toInstant(), rs.getBigDecimal(9));
                }
            }
        }
    }

    void add(int accountId, String symbol, String operation, BigDecimal quantity, BigDecimal fee,
            BigDecimal realizedPnl, Instant at) {
        add(accountId, symbol, operation, quantity, fee, realizedPnl, at, BigDecimal.ZERO);
    }

    /** @param penalty what the close forfeited beyond its realized PnL (a liquidation), or a loss waived (negative) */
    void add(int accountId, String symbol, String operation, BigDecimal quantity, BigDecimal fee,
            BigDecimal realizedPnl, Instant at, BigDecimal penalty) {
        Account a = byAccount.computeIfAbsent(accountId, k -> new Account());
        a.orders.add(new OrderEntry(at.toEpochMilli(), fee, realizedPnl));
        Open open = a.open.computeIfAbsent(symbol, k -> new Open());
        if ("open".equalsIgnoreCase(operation)) {
            if (open.quantity.signum() == 0) {
                open.since = at;
            }
            open.quantity = open.quantity.add(quantity);
            open.fees = open.fees.add(fee);
            return;
        }
        if (!"close".equalsIgnoreCase(operation)) {
            return;
        }
        BigDecimal openFees = BigDecimal.ZERO;
        if (open.quantity.signum() > 0) {
            openFees = quantity.compareTo(open.quantity) >= 0 ? open.fees
                    : open.fees.multiply(quantity).divide(open.quantity, 8, RoundingMode.HALF_EVEN);
            open.quantity = open.quantity.subtract(quantity).max(BigDecimal.ZERO);
            open.fees = open.quantity.signum() == 0 ? BigDecimal.ZERO : open.fees.subtract(openFees);
        }
        a.trades.add(new ClosedTrade(open.since == null ? at : open.since, at,
                realizedPnl.subtract(fee).subtract(openFees).subtract(penalty)));
        if (open.quantity.signum() == 0) {
            open.since = null;
        }
    }

    /** Realized PnL and fees of the account's orders in the period. */
    synchronized Activity activity(int accountId, Period period) {
        Account a = byAccount.get(accountId);
        BigDecimal realized = BigDecimal.ZERO;
        BigDecimal fees = BigDecimal.ZERO;
        long count = 0;
        if (a != null) {
            for (OrderEntry o : a.orders) {
                if (period.contains(o.time())) {
                    count++;
                    realized = realized.add(o.realizedPnl());
                    fees = fees.add(o.fee());
                }
            }
        }
        return new Activity(realized, fees, count, BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, 0, BigDecimal.ZERO);
    }

    /** The trades the account closed in the period. */
    synchronized List<ClosedTrade> trades(int accountId, Period period) {
        Account a = byAccount.get(accountId);
        if (a == null) {
            return List.of();
        }
        List<ClosedTrade> in = new ArrayList<>();
        for (ClosedTrade t : a.trades) {
            if (period.contains(t.closedAt().toEpochMilli())) {
                in.add(t);
            }
        }
        return in;
    }
}
