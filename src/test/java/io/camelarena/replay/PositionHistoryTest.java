package io.camelarena.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.account.Position;
import io.camelarena.account.Side;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PositionHistoryTest {

    private static PositionHistory.Fill fill(String symbol, String op, String side, String qty, String price,
            String margin) {
        return new PositionHistory.Fill(symbol, op, side, new BigDecimal(qty), new BigDecimal(price), 2,
                new BigDecimal(margin));
    }

    @Test
    void opensStartPositionsClosesReduceAndEndThem() {
        List<Position> positions = PositionHistory.positionsAfter(List.of(
                fill("BTC", "open", "long", "0.01", "95000", "475"),
                fill("ETH", "open", "short", "1", "3000", "1500"),
                fill("BTC", "close", "long", "0.004", "96000", "190"),
                fill("ETH", "close", "short", "1", "2900", "1500"),
                fill("SOL", "close", "long", "1", "100", "50")));
        assertThat(positions).containsExactly(new Position("BTC", Side.LONG, new BigDecimal("0.006"),
                new BigDecimal("95000"), 2, new BigDecimal("285")));
    }

    @Test
    void aReopenedSymbolHoldsTheNewPosition() {
        assertThat(PositionHistory.positionsAfter(List.of(
                fill("BTC", "open", "long", "0.01", "95000", "475"),
                fill("BTC", "close", "long", "0.01", "96000", "475"),
                fill("BTC", "open", "short", "0.02", "97000", "970"))))
                .extracting(p -> p.side() + " " + p.quantity())
                .containsExactly("SHORT 0.02");
    }
}
