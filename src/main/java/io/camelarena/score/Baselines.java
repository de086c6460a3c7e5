package io.camelarena.score;

import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.execution.OrderRefusedException;
import io.camelarena.execution.PaperTradingMath;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The two passive strategies every account is measured against over the same period, from the stored prices of each
 * tick, with the ledger's own rules ({@link PaperTradingMath#open} at 1x, taker fee on the notional, the open scaled
 * down so that margin + fee fit the cash):
 *
 * <ul>
 * <li>{@code buy-and-hold BTC}: at the period's first tick that priced BTC, the whole initial cash opens BTC long at
 * 1x;</li>
 * <li>{@code equal-weight basket}: at the period's first tick, each configured symbol it priced gets initial cash / k
 * (k such symbols, rounded DOWN to 8 decimals) and opens long at 1x.</li>
 * </ul>
 * The series starts with the initial cash at that tick, then at every later tick holds cash left + margin + unrealized
 * PnL at the tick's prices (a symbol the tick did not price keeps its last price), so the open fee shows in the first
 * return. Worked example (fee 0.07%): 10,000 cash, BTC at 95,000: fits notional (10,000 - 0.00000001) / 1.0007 =
 * 9,993.00489..., quantity 0.10518952, notional 9,993.0044, fee 6.99510308, cash left 0.00049...; at 100,000 the
 * equity is 0.00049 + 9,993.0044 + 0.10518952 x 5,000 = 10,518.95 (+5.19%, where BTC rose 5.26%).
 */
public final class Baselines {

    public static final String BTC = "BTC";
    public static final String BUY_AND_HOLD_BTC = "buy-and-hold BTC";
    public static final String EQUAL_WEIGHT_BASKET = "equal-weight basket";

    /** A baseline's series over the period, the symbols it holds and the open fees it paid. */
    public record Baseline(String name, List<String> symbols, EquitySeries series, BigDecimal fees) {
    }

    private Baselines() {
    }

    /** Buy-and-hold BTC, or null when BTC is not a configured symbol or no tick of the period priced it. */
    static Baseline buyAndHoldBtc(List<MarketHistory.PriceTick> ticks, List<String> symbols, BigDecimal initialCash,
            BigDecimal feeRate) {
        int btc = symbols.indexOf(BTC);
        if (btc < 0) {
            return null;
        }
        for (int s = 0; s < ticks.size(); s++) {
            if (ticks.get(s).prices()[btc] != null) {
                return hold(BUY_AND_HOLD_BTC, ticks.subList(s, ticks.size()), symbols, new int[] {btc}, initialCash,
                        feeRate);
            }
        }
        return null;
    }

    /** The equal-weight basket of the symbols the period's first tick priced, or null when there is no tick. */
    static Baseline equalWeightBasket(List<MarketHistory.PriceTick> ticks, List<String> symbols,
            BigDecimal initialCash, BigDecimal feeRate) {
        if (ticks.isEmpty()) {
            return null;
        }
        BigDecimal[] first = ticks.get(0).prices();
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < first.length; i++) {
            if (first[i] != null) {
                held.add(i);
            }
        }
        if (held.isEmpty()) {
            return null;
        }
        return hold(EQUAL_WEIGHT_BASKET, ticks, symbols, held.stream().mapToInt(Integer::intValue).toArray(),
                initialCash, feeRate);
    }

    private static Baseline hold(String name, List<MarketHistory.PriceTick> ticks, List<String> symbols, int[] held,
            BigDecimal initialCash, BigDecimal feeRate) {
        BigDecimal share = initialCash.divide(BigDecimal.valueOf(held.length), 8, RoundingMode.DOWN);
        BigDecimal idle = initialCash.subtract(share.multiply(BigDecimal.valueOf(held.length)));
        Position[] positions = new Position[held.length];
        BigDecimal fees = BigDecimal.ZERO;
        BigDecimal[] last = new BigDecimal[held.length];
        BigDecimal[] opening = ticks.get(0).prices();
        for (int k = 0; k < held.length; k++) {
            BigDecimal price = opening[held[k]];
            last[k] = price;
            try {
                PaperTradingMath.OpenFill fill = PaperTradingMath.open(share, BigDecimal.ONE, price, 1, feeRate);
                positions[k] = fill.position(symbols.get(held[k]), Side.LONG);
                fees = fees.add(fill.fee());
                idle = idle.add(fill.cashAfter());
            } catch (OrderRefusedException e) {
                idle = idle.add(share); // a share too small to buy anything stays cash
            }
        }
        long[] times = new long[ticks.size()];
        long[] cents = new long[ticks.size()];
        times[0] = ticks.get(0).time();
        cents[0] = EquitySeries.cents(initialCash);
        for (int j = 1; j < ticks.size(); j++) {
            BigDecimal equity = idle;
            for (int k = 0; k < held.length; k++) {
                BigDecimal p = ticks.get(j).prices()[held[k]];
                last[k] = p != null ? p : last[k];
                if (positions[k] != null) {
                    equity = equity.add(positions[k].margin()).add(positions[k].unrealizedPnl(last[k]));
                }
            }
            times[j] = ticks.get(j).time();
            cents[j] = EquitySeries.cents(equity);
        }
        List<String> names = new ArrayList<>();
        for (int i : held) {
            names.add(symbols.get(i));
        }
        return new Baseline(name, List.copyOf(names), new EquitySeries(times, cents), fees);
    }
}
