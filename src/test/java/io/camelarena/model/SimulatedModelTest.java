package io.camelarena.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelarena.account.AccountSettings;
import io.camelarena.account.Portfolio;
import io.camelarena.account.Position;
import io.camelarena.account.Side;
import io.camelarena.market.MarketSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatedModelTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final SimulatedModel model = new SimulatedModel();

    @Test
    void replyIsProseThenFencedJsonWithAllFields() throws Exception {
        String reply = model.reply(account("momentum", 5), cashOnly("10000"), snapshot("tick-1", prices()));

        assertThat(reply).matches("(?s)[A-Z][^\\n]*\\.\\n\\n```json\\n\\{.*\\}\\n```");
        JsonNode json = fencedJson(reply);
        assertThat(json.fieldNames()).toIterable().containsExactly(
                "operation", "symbol", "direction", "target_portion_of_balance", "leverage", "reason");
    }

    @Test
    void sameInputGivesTheSameReply() {
        AccountSettings account = account("contrarian", 5);
        Portfolio portfolio = cashOnly("10000");
        MarketSnapshot snapshot = snapshot("tick-42", prices());

        assertThat(model.reply(account, portfolio, snapshot))
                .isEqualTo(new SimulatedModel().reply(account, portfolio, snapshot));
    }

    @Test
    void momentumOpensLongWithoutPosition() throws Exception {
        JsonNode json = fencedJson(model.reply(account("momentum", 10), cashOnly("10000"), snapshot("t", prices())));

        assertThat(json.get("operation").asText()).isEqualTo("open");
        assertThat(json.get("direction").asText()).isEqualTo("long");
        assertThat(json.get("symbol").asText()).isIn("BTC", "ETH", "SOL");
        assertThat(json.get("target_portion_of_balance").decimalValue())
                .isBetween(new BigDecimal("0.1"), new BigDecimal("0.3"));
        assertThat(json.get("leverage").asInt()).isEqualTo(3);
        String symbol = json.get("symbol").asText();
        assertThat(json.get("reason").asText())
                .contains(symbol + " at " + prices().get(symbol).toPlainString())
                .contains("$10000.00 cash").contains("3x leverage");
    }

    @Test
    void contrarianOpensShort() throws Exception {
        JsonNode json = fencedJson(model.reply(account(" Contrarian ", 5), cashOnly("10000"), snapshot("t", prices())));

        assertThat(json.get("operation").asText()).isEqualTo("open");
        assertThat(json.get("direction").asText()).isEqualTo("short");
    }

    @Test
    void differentTicksAndAccountsSpreadOverSymbolsAndPortions() throws Exception {
        Set<String> symbols = new HashSet<>();
        Set<BigDecimal> portions = new HashSet<>();
        for (int tick = 0; tick < 30; tick++) {
            JsonNode json = fencedJson(model.reply(account("momentum", 5), cashOnly("10000"),
                    snapshot("tick-" + tick, prices())));
            symbols.add(json.get("symbol").asText());
            portions.add(json.get("target_portion_of_balance").decimalValue());
        }
        assertThat(symbols).containsExactlyInAnyOrder("BTC", "ETH", "SOL");
        assertThat(portions).hasSizeGreaterThan(1)
                .allSatisfy(p -> assertThat(p).isBetween(new BigDecimal("0.1"), new BigDecimal("0.3")));
    }

    @ParameterizedTest
    @CsvSource({"0,1", "1,1", "2,2", "3,3", "20,3"})
    void openLeverageIsMinOfThreeAndAccountMaximum(int maxLeverage, int expected) throws Exception {
        JsonNode json = fencedJson(model.reply(account("momentum", maxLeverage), cashOnly("500"),
                snapshot("t", prices())));

        assertThat(json.get("leverage").asInt()).isEqualTo(expected);
    }

    @Test
    void closeLeverageNeverExceedsAccountMaximum() throws Exception {
        // position opened at 10x under an older, higher limit
        Portfolio portfolio = withPosition(position("BTC", Side.LONG, "1000", 10, "1000"));

        JsonNode json = fencedJson(model.reply(account("momentum", 2), portfolio, snapshot("t", Map.of(
                "BTC", new BigDecimal("900")))));

        assertThat(json.get("operation").asText()).isEqualTo("close");
        assertThat(json.get("leverage").asInt()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({
            // side, price, operation: entry 1000, quantity 1, margin 1000 -> 1 price unit is 0.1% of margin
            "LONG, 980, close",      // -2.00%: stop-loss is inclusive
            "LONG, 980.1, hold",     // -1.99%
            "LONG, 1030, close",     // +3.00%: take-profit is inclusive
            "LONG, 1029.9, hold",    // +2.99%
            "SHORT, 1020, close",    // short loses 2% when price rises
            "SHORT, 970, close",     // short gains 3% when price falls
            "SHORT, 1010, hold",
    })
    void positionIsClosedAtStopLossOrTakeProfitElseHeld(Side side, String price, String operation)
            throws Exception {
        Portfolio portfolio = withPosition(position("ETH", side, "1000", 2, "1000"));

        JsonNode json = fencedJson(model.reply(account("momentum", 5), portfolio,
                snapshot("t", Map.of("ETH", new BigDecimal(price)))));

        assertThat(json.get("operation").asText()).isEqualTo(operation);
        if (operation.equals("close")) {
            assertThat(json.get("symbol").asText()).isEqualTo("ETH");
            assertThat(json.get("direction").asText()).isEqualTo(side.wire());
            assertThat(json.get("target_portion_of_balance").decimalValue()).isEqualByComparingTo("1");
            assertThat(json.get("leverage").asInt()).isEqualTo(2);
        }
    }

    @Test
    void closeReasonNamesTheNumbers() throws Exception {
        Portfolio portfolio = withPosition(position("BTC", Side.SHORT, "90000", 2, "4500"));

        JsonNode json = fencedJson(model.reply(account("momentum", 5), portfolio,
                snapshot("t", Map.of("BTC", new BigDecimal("91000")))));

        assertThat(json.get("reason").asText()).isEqualTo("BTC short from 90000 now at 91000: unrealized PnL "
                + "-$1000.00 is -22.22% of margin $4500.00, at or below the -2% stop-loss; closing the whole position.");
    }

    @Test
    void holdHasNoSymbolDirectionOrPortionAndExplainsTheNumbers() throws Exception {
        Portfolio portfolio = withPosition(position("SOL", Side.LONG, "200", 3, "1000"));

        String reply = model.reply(account("momentum", 5), portfolio, snapshot("t", prices()));
        JsonNode json = fencedJson(reply);

        assertThat(reply).startsWith("No trade this time; I will hold.");
        assertThat(json.get("operation").asText()).isEqualTo("hold");
        assertThat(json.get("symbol").isNull()).isTrue();
        assertThat(json.get("direction").isNull()).isTrue();
        assertThat(json.get("target_portion_of_balance").isNull()).isTrue();
        assertThat(json.get("leverage").asInt()).isEqualTo(1);
        // SOL 198.45 vs entry 200 with quantity 1: -1.55 on 1000 margin
        assertThat(json.get("reason").asText()).contains("SOL long from 200 now at 198.45")
                .contains("unrealized PnL -$1.55 is -0.16% of margin $1000.00");
    }

    @Test
    void emptyPriceMapHolds() throws Exception {
        JsonNode json = fencedJson(model.reply(account("momentum", 5), cashOnly("10000"), snapshot("t", Map.of())));

        assertThat(json.get("operation").asText()).isEqualTo("hold");
        assertThat(json.get("reason").asText()).contains("No market prices");
    }

    @Test
    void positionWithoutPriceIsHeld() throws Exception {
        Portfolio portfolio = withPosition(position("XRP", Side.LONG, "2", 1, "100"));

        JsonNode json = fencedJson(model.reply(account("momentum", 5), portfolio, snapshot("t", prices())));

        assertThat(json.get("operation").asText()).isEqualTo("hold");
        assertThat(json.get("reason").asText()).contains("XRP has no price this tick");
    }

    @Test
    void noCashAndNoPositionHolds() throws Exception {
        JsonNode json = fencedJson(model.reply(account("momentum", 5), cashOnly("0"), snapshot("t", prices())));

        assertThat(json.get("operation").asText()).isEqualTo("hold");
        assertThat(json.get("reason").asText()).contains("$0.00");
    }

    @Test
    void modelNameIsTheStrategyInUse() {
        assertThat(model.modelName(account(null, 1))).isEqualTo("momentum");
        assertThat(model.modelName(account("gpt-4o", 1))).isEqualTo("momentum");
        assertThat(model.modelName(account("CONTRARIAN", 1))).isEqualTo("contrarian");
    }

    // ---- fixtures

    private static JsonNode fencedJson(String reply) throws Exception {
        int start = reply.indexOf("```json\n");
        int end = reply.lastIndexOf("\n```");
        assertThat(start).as("opening fence in %s", reply).isNotNegative();
        assertThat(end).as("closing fence in %s", reply).isGreaterThan(start);
        return MAPPER.readTree(reply.substring(start + "```json\n".length(), end));
    }

    private static AccountSettings account(String model, int maxLeverage) {
        return new AccountSettings(7, "sim-" + model, "simulated", model, null, null, null, null, 0, maxLeverage,
                new BigDecimal("10000"), true);
    }

    private static Portfolio cashOnly(String cash) {
        return new Portfolio(7, new BigDecimal(cash), BigDecimal.ZERO, BigDecimal.ZERO, List.of());
    }

    private static Position position(String symbol, Side side, String entry, int leverage, String margin) {
        return new Position(symbol, side, BigDecimal.ONE, new BigDecimal(entry), leverage, new BigDecimal(margin));
    }

    private static Portfolio withPosition(Position position) {
        return new Portfolio(7, new BigDecimal("5000"), BigDecimal.ZERO, position.margin(), List.of(position));
    }

    private static Map<String, BigDecimal> prices() {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        prices.put("BTC", new BigDecimal("95234.50"));
        prices.put("ETH", new BigDecimal("3421.23"));
        prices.put("SOL", new BigDecimal("198.45"));
        return prices;
    }

    private static MarketSnapshot snapshot(String tickId, Map<String, BigDecimal> prices) {
        return new MarketSnapshot(tickId, Instant.parse("2025-11-03T10:00:00Z"), prices, List.of(), null, "", null);
    }
}
