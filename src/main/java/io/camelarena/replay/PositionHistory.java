package io.camelarena.replay;

import io.camelarena.account.Position;
import io.camelarena.account.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The open positions of an account at a past moment, rebuilt from its filled orders up to then (oldest first): an
 * open starts the symbol's position, a close takes its quantity and released margin off it, and a position whose
 * quantity reaches zero is gone. The same one-position-per-symbol rules the order executor keeps.
 */
public final class PositionHistory {

    /** A filled order as stored in the orders table. */
    public record Fill(String symbol, String operation, String side, BigDecimal quantity, BigDecimal price,
            int leverage, BigDecimal margin) {
    }

    private PositionHistory() {
    }

    /** @return positions ordered by symbol, as the portfolio repository loads them */
    public static List<Position> positionsAfter(List<Fill> fills) {
        Map<String, Position> open = new TreeMap<>();
        for (Fill f : fills) {
            Side side = Side.valueOf(f.side().toUpperCase(Locale.ROOT));
            if (f.operation().equalsIgnoreCase("open")) {
                open.put(f.symbol(), new Position(f.symbol(), side, f.quantity(), f.price(), f.leverage(), f.margin()));
            } else if (f.operation().equalsIgnoreCase("close")) {
                Position p = open.get(f.symbol());
                if (p == null) {
                    continue;
                }
                BigDecimal left = p.quantity().subtract(f.quantity());
                if (left.signum() <= 0) {
                    open.remove(f.symbol());
                } else {
                    open.put(f.symbol(), new Position(p.symbol(), p.side(), left, p.avgEntryPrice(), p.leverage(),
                            p.margin().subtract(f.margin()).max(BigDecimal.ZERO)));
                }
            }
        }
        return new ArrayList<>(open.values());
    }
}
