package io.camelarena.account;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An account's money and positions as loaded at the start of a decision.
 *
 * @param cash         cash available (not locked as margin)
 * @param frozenCash   cash held for pending orders (paper trading fills at once, so normally zero)
 * @param marginInUse  sum of the margin locked by open positions
 */
public record Portfolio(long accountId, BigDecimal cash, BigDecimal frozenCash, BigDecimal marginInUse,
        List<Position> positions) {

    public Portfolio {
        positions = List.copyOf(positions);
    }

    public Optional<Position> position(String symbol) {
        return positions.stream().filter(p -> p.symbol().equals(symbol)).findFirst();
    }

    /** Sum of unrealized PnL of all positions at {@code prices}; a position without a price counts as zero. */
    public BigDecimal unrealizedPnl(Map<String, BigDecimal> prices) {
        BigDecimal total = BigDecimal.ZERO;
        for (Position p : positions) {
            BigDecimal price = prices.get(p.symbol());
            if (price != null) {
                total = total.add(p.unrealizedPnl(price));
            }
        }
        return total;
    }

    /** Total assets = cash + margin in use + unrealized PnL (sign correct for shorts). */
    public BigDecimal totalAssets(Map<String, BigDecimal> prices) {
        return cash.add(marginInUse).add(unrealizedPnl(prices));
    }

    /**
     * The symbols of open positions that have no price in {@code prices}: while there are any, {@link #totalAssets}
     * counts them at their entry price (unrealized PnL zero), which is not a valuation.
     */
    public List<String> unpricedSymbols(Map<String, BigDecimal> prices) {
        return positions.stream().map(Position::symbol).filter(symbol -> !prices.containsKey(symbol)).toList();
    }
}
