package io.camelarena.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelarena.account.AccountSettings;
import io.camelarena.account.Portfolio;
import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.decision.Operation;
import io.camelarena.decision.TradeDecision;
import io.camelarena.market.MarketSnapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in {@code simulated} provider: needs no key and no network, so the whole flow runs offline. It answers
 * like a chat model would: one sentence of prose, then the decision as a {@code ```json} fenced object.
 *
 * <p>Strategy, chosen by the account's {@code model} field:
 * <ul>
 *   <li>{@code momentum} (the default, also for unknown names) opens longs;</li>
 *   <li>{@code contrarian} opens shorts.</li>
 * </ul>
 * Both then follow the same rules:
 * <ol>
 *   <li>No prices this tick: hold.</li>
 *   <li>Open positions: close the first one (in price order) whose unrealized PnL is at or below -2% of its margin
 *       (stop-loss) or at or above +3% (take-profit), fully; otherwise hold.</li>
 *   <li>No position: with cash available, open one. The symbol among the priced ones and the portion (0.10 to 0.30
 *       of cash, in steps of 0.05) are picked from a hash of tick id and account name, so different accounts and
 *       ticks spread over symbols while the same input always gives the same reply. Leverage is min(3, account
 *       maximum).</li>
 * </ol>
 */
public final class SimulatedModel {

    public static final String PROVIDER = "simulated";

    static final BigDecimal STOP_LOSS_PERCENT = new BigDecimal("-2");
    static final BigDecimal TAKE_PROFIT_PERCENT = new BigDecimal("3");
    static final int PREFERRED_LEVERAGE = 3;
    private static final List<BigDecimal> PORTIONS = List.of(
            new BigDecimal("0.1"), new BigDecimal("0.15"), new BigDecimal("0.2"), new BigDecimal("0.25"),
            new BigDecimal("0.3"));
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter JSON_WRITER = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    enum Strategy {
        MOMENTUM(Side.LONG), CONTRARIAN(Side.SHORT);

        final Side openingSide;

        Strategy(Side openingSide) {
            this.openingSide = openingSide;
        }

        static Strategy of(String model) {
            return model != null && model.strip().equalsIgnoreCase("contrarian") ? CONTRARIAN : MOMENTUM;
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The strategy actually used for {@code account}: {@code momentum} or {@code contrarian}. */
    public String modelName(AccountSettings account) {
        return Strategy.of(account.model()).wire();
    }

    /** The reply text, as a chat model would send it: a sentence, then a fenced JSON decision. */
    public String reply(AccountSettings account, Portfolio portfolio, MarketSnapshot snapshot) {
        TradeDecision decision = decide(account, portfolio, snapshot);
        return summary(decision) + "\n\n```json\n" + toJson(decision) + "\n```";
    }

    /** The decision {@link #reply} renders. */
    public TradeDecision decide(AccountSettings account, Portfolio portfolio, MarketSnapshot snapshot) {
        if (!snapshot.hasPrices()) {
            return hold("No market prices this tick, so there is nothing to base a trade on; holding.");
        }
        if (!portfolio.positions().isEmpty()) {
            return manageOpenPositions(account, portfolio, snapshot.prices());
        }
        return openPosition(account, portfolio, snapshot);
    }

    // ---- strategy

    private TradeDecision manageOpenPositions(AccountSettings account, Portfolio portfolio,
            Map<String, BigDecimal> prices) {
        List<String> observations = new ArrayList<>();
        for (Position position : inPriceOrder(portfolio.positions(), prices)) {
            BigDecimal price = prices.get(position.symbol());
            if (price == null) {
                observations.add(position.symbol() + " has no price this tick");
                continue;
            }
            BigDecimal pnl = position.unrealizedPnl(price);
            String pnlText = describePnl(position, price, pnl);
            if (position.margin().signum() <= 0) {
                observations.add(pnlText); // no margin to measure the thresholds against
                continue;
            }
            if (isAtOrBelow(pnl, position.margin(), STOP_LOSS_PERCENT)) {
                return close(account, position, pnlText + ", at or below the " + STOP_LOSS_PERCENT
                        + "% stop-loss; closing the whole position.");
            }
            if (isAtOrAbove(pnl, position.margin(), TAKE_PROFIT_PERCENT)) {
                return close(account, position, pnlText + ", at or above the +" + TAKE_PROFIT_PERCENT
                        + "% take-profit; closing the whole position.");
            }
            observations.add(pnlText);
        }
        return hold(String.join("; ", observations) + ". Nothing has reached the " + STOP_LOSS_PERCENT
                + "% stop-loss or +" + TAKE_PROFIT_PERCENT + "% take-profit; holding.");
    }

    private TradeDecision openPosition(AccountSettings account, Portfolio portfolio, MarketSnapshot snapshot) {
        if (portfolio.cash().signum() <= 0) {
            return hold("No open position but no cash available (" + money(portfolio.cash()) + "); holding.");
        }
        Strategy strategy = Strategy.of(account.model());
        List<String> pricedSymbols = List.copyOf(snapshot.prices().keySet());
        String symbol = pricedSymbols.get(pick(snapshot, account, "symbol", pricedSymbols.size()));
        BigDecimal portion = PORTIONS.get(pick(snapshot, account, "portion", PORTIONS.size()));
        int leverage = Math.min(PREFERRED_LEVERAGE, maxLeverage(account));

        BigDecimal notional = portfolio.cash().multiply(portion);
        BigDecimal margin = notional.divide(BigDecimal.valueOf(leverage), 2, RoundingMode.HALF_EVEN);
        String reason = strategy.wire() + " entry: " + symbol + " at " + snapshot.prices().get(symbol).toPlainString()
                + "; opening " + strategy.openingSide.wire() + " with " + percent(portion) + " of "
                + money(portfolio.cash()) + " cash (notional " + money(notional) + ") at " + leverage
                + "x leverage, margin " + money(margin) + ". Will close at " + STOP_LOSS_PERCENT + "% or +"
                + TAKE_PROFIT_PERCENT + "% of margin.";
        return new TradeDecision(Operation.OPEN, symbol, strategy.openingSide, portion, leverage, reason);
    }

    private static TradeDecision close(AccountSettings account, Position position, String reason) {
        int leverage = Math.max(1, Math.min(position.leverage(), maxLeverage(account)));
        return new TradeDecision(Operation.CLOSE, position.symbol(), position.side(), BigDecimal.ONE, leverage, reason);
    }

    private static TradeDecision hold(String reason) {
        return new TradeDecision(Operation.HOLD, null, null, null, 1, reason);
    }

    /**
     * A deterministic choice in [0, bound) from tick id and account name. {@link String#hashCode} is specified by the
     * Java language, so the choice is the same on every JVM and every run.
     */
    private static int pick(MarketSnapshot snapshot, AccountSettings account, String purpose, int bound) {
        String seed = snapshot.tickId() + "|" + account.name() + "|" + purpose;
        return Math.floorMod(seed.hashCode(), bound);
    }

    // PnL thresholds are compared exactly (pnl x 100 against percent x margin) so -2.00% is a stop, not a rounding.
    private static boolean isAtOrBelow(BigDecimal pnl, BigDecimal margin, BigDecimal percent) {
        return pnl.multiply(HUNDRED).compareTo(percent.multiply(margin)) <= 0;
    }

    private static boolean isAtOrAbove(BigDecimal pnl, BigDecimal margin, BigDecimal percent) {
        return pnl.multiply(HUNDRED).compareTo(percent.multiply(margin)) >= 0;
    }

    private static List<Position> inPriceOrder(List<Position> positions, Map<String, BigDecimal> prices) {
        List<String> order = List.copyOf(prices.keySet());
        Comparator<Position> byPriceOrder = Comparator.comparingInt(p -> {
            int index = order.indexOf(p.symbol());
            return index < 0 ? Integer.MAX_VALUE : index;
        });
        return positions.stream().sorted(byPriceOrder.thenComparing(Position::symbol)).toList();
    }

    private static int maxLeverage(AccountSettings account) {
        return Math.max(1, account.maxLeverage());
    }

    // ---- rendering

    private static String summary(TradeDecision decision) {
        return switch (decision.operation()) {
            case OPEN -> "Opening a " + decision.direction().wire() + " position in " + decision.symbol() + " with "
                    + percent(decision.targetPortion()) + " of available cash at " + decision.leverage()
                    + "x leverage.";
            case CLOSE -> "Closing my " + decision.direction().wire() + " " + decision.symbol()
                    + " position: it reached my exit threshold.";
            case HOLD -> "No trade this time; I will hold.";
        };
    }

    private static String toJson(TradeDecision decision) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("operation", decision.operation().wire());
        json.put("symbol", decision.symbol());
        json.put("direction", decision.direction() == null ? null : decision.direction().wire());
        json.put("target_portion_of_balance", decision.targetPortion());
        json.put("leverage", decision.leverage());
        json.put("reason", decision.reason());
        try {
            return JSON_WRITER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a tree of strings and numbers", e);
        }
    }

    private static String describePnl(Position position, BigDecimal price, BigDecimal pnl) {
        return position.symbol() + " " + position.side().wire() + " from " + position.avgEntryPrice().toPlainString()
                + " now at " + price.toPlainString() + ": unrealized PnL " + signedMoney(pnl) + " is "
                + percentOfMargin(pnl, position.margin()) + " of margin " + money(position.margin());
    }

    private static String percentOfMargin(BigDecimal pnl, BigDecimal margin) {
        if (margin.signum() <= 0) {
            return "n/a%";
        }
        BigDecimal percent = pnl.multiply(HUNDRED).divide(margin, 2, RoundingMode.HALF_EVEN);
        return (percent.signum() > 0 ? "+" : "") + percent.toPlainString() + "%";
    }

    private static String percent(BigDecimal portion) {
        return portion.multiply(HUNDRED).stripTrailingZeros().toPlainString() + "%";
    }

    private static String money(BigDecimal amount) {
        BigDecimal rounded = amount.setScale(2, RoundingMode.HALF_EVEN);
        return rounded.signum() < 0 ? "-$" + rounded.negate().toPlainString() : "$" + rounded.toPlainString();
    }

    private static String signedMoney(BigDecimal amount) {
        String formatted = money(amount);
        return formatted.startsWith("-") || formatted.equals("$0.00") ? formatted : "+" + formatted;
    }
}
