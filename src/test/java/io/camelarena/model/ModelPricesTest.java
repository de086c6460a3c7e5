package io.camelarena.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelPricesTest {

    private static ModelPrices prices(Map<String, String> properties) {
        return ModelPrices.from(properties.keySet(), key -> Optional.ofNullable(properties.get(key)));
    }

    @Test
    void aModelIdBecomesItsPropertyKeyLowerCasedWithOnlyLettersDigitsDotsAndDashes() {
        assertThat(ModelPrices.propertyKey("gpt-4o")).isEqualTo("gpt-4o");
        assertThat(ModelPrices.propertyKey("gpt-4.1-mini")).isEqualTo("gpt-4.1-mini");
        assertThat(ModelPrices.propertyKey("anthropic.claude-sonnet-4-20250514-v1:0"))
                .isEqualTo("anthropic.claude-sonnet-4-20250514-v1-0");
        assertThat(ModelPrices.propertyKey("deepseek/deepseek-chat")).isEqualTo("deepseek-deepseek-chat");
        assertThat(ModelPrices.propertyKey(" Qwen_Plus ")).isEqualTo("qwen-plus");
    }

    @Test
    void aModelIsFoundUnderTheKeyOfItsId() {
        ModelPrices prices = prices(Map.of(
                "arena.pricing.anthropic.claude-sonnet-4-20250514-v1-0.input-usd-per-mtok", "3",
                "arena.pricing.anthropic.claude-sonnet-4-20250514-v1-0.output-usd-per-mtok", "15"));

        assertThat(prices.price("anthropic.claude-sonnet-4-20250514-v1:0")).contains(
                new ModelPrices.Price(new BigDecimal("3"), new BigDecimal("15")));
    }

    @Test
    void aBedrockInferenceProfileTakesThePriceOfItsModelUnlessItHasItsOwn() {
        ModelPrices prices = prices(Map.of(
                "arena.pricing.anthropic.claude-3-5-haiku-20241022-v1-0.input-usd-per-mtok", "0.80",
                "arena.pricing.anthropic.claude-3-5-haiku-20241022-v1-0.output-usd-per-mtok", "4.00",
                "arena.pricing.eu.anthropic.claude-3-5-haiku-20241022-v1-0.input-usd-per-mtok", "0.88",
                "arena.pricing.eu.anthropic.claude-3-5-haiku-20241022-v1-0.output-usd-per-mtok", "4.40"));

        assertThat(prices.price("us.anthropic.claude-3-5-haiku-20241022-v1:0").orElseThrow().inputPerMillion())
                .isEqualByComparingTo("0.80");
        assertThat(prices.price("eu.anthropic.claude-3-5-haiku-20241022-v1:0").orElseThrow().inputPerMillion())
                .isEqualByComparingTo("0.88");
        // a model id that merely starts like a geography is not cut
        assertThat(prices.price("us.gpt-4o")).isEmpty();
    }

    @Test
    void theCostIsTheTokensAtThePricePerMillionRoundedTo8Decimals() {
        ModelPrices prices = prices(Map.of("arena.pricing.gpt-4o-mini.input-usd-per-mtok", "0.15",
                "arena.pricing.gpt-4o-mini.output-usd-per-mtok", "0.60"));

        // (2,345 x 0.15 + 321 x 0.60) / 1,000,000 = (351.75 + 192.6) / 1,000,000 = 0.00054435
        assertThat(prices.cost("gpt-4o-mini", 2345, 321)).isEqualTo(new BigDecimal("0.00054435"));
        // 1 x 0.15 / 1,000,000 = 0.00000015; 1 output token: 0.0000006
        assertThat(prices.cost("gpt-4o-mini", 1, null)).isEqualTo(new BigDecimal("0.00000015"));
        assertThat(prices.cost("gpt-4o-mini", null, null)).isEqualByComparingTo("0");
        // 3 input tokens at 0.0000025 per million: 7.5E-12, rounded HALF_EVEN to 8 decimals is 0
        ModelPrices tiny = prices(Map.of("arena.pricing.t.input-usd-per-mtok", "0.0000025",
                "arena.pricing.t.output-usd-per-mtok", "0"));
        assertThat(tiny.cost("t", 3, 0)).isEqualByComparingTo("0");
    }

    @Test
    void anUnknownModelHasNoPriceAndNoCost() {
        ModelPrices prices = prices(Map.of("arena.pricing.gpt-4o.input-usd-per-mtok", "2.50",
                "arena.pricing.gpt-4o.output-usd-per-mtok", "10.00"));

        assertThat(prices.price("momentum")).isEmpty();
        assertThat(prices.cost("momentum", 1000, 1000)).isNull();
        assertThat(prices.cost(null, 1000, 1000)).isNull();
    }

    @Test
    void aPriceNeedsBothHalvesAndANonNegativeNumber() {
        assertThatThrownBy(() -> prices(Map.of("arena.pricing.x.input-usd-per-mtok", "1")))
                .hasMessageContaining("arena.pricing.x.output-usd-per-mtok is missing");
        assertThatThrownBy(() -> prices(Map.of("arena.pricing.x.input-usd-per-mtok", "cheap",
                "arena.pricing.x.output-usd-per-mtok", "1")))
                .hasMessageContaining("arena.pricing.x.input-usd-per-mtok must be a number");
        assertThatThrownBy(() -> prices(Map.of("arena.pricing.x.input-usd-per-mtok", "-1",
                "arena.pricing.x.output-usd-per-mtok", "1")))
                .hasMessageContaining("must be at least 0");
        assertThatThrownBy(() -> ModelPrices.from(Set.of("arena.pricing.x.price"), k -> Optional.of("1")))
                .hasMessageContaining("arena.pricing.x.price is not arena.pricing.<model>");
    }

    @Test
    void theShippedTablePricesTheModelIdsAccountsUse() throws Exception {
        java.util.Properties file = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("application.properties"))) {
            file.load(in);
        }
        Set<String> keys = new java.util.TreeSet<>();
        file.stringPropertyNames().stream().filter(k -> k.startsWith(ModelPrices.PREFIX)).forEach(keys::add);
        ModelPrices shipped = ModelPrices.from(keys, k -> Optional.ofNullable(file.getProperty(k)));

        assertThat(shipped.price("gpt-4o").orElseThrow().outputPerMillion()).isEqualByComparingTo("10.00");
        assertThat(shipped.price("gpt-4.1-mini").orElseThrow().inputPerMillion()).isEqualByComparingTo("0.40");
        assertThat(shipped.price("o4-mini")).isPresent();
        assertThat(shipped.price("anthropic.claude-sonnet-4-20250514-v1:0").orElseThrow().inputPerMillion())
                .isEqualByComparingTo("3.00");
        assertThat(shipped.price("us.anthropic.claude-3-7-sonnet-20250219-v1:0")).isPresent();
        assertThat(shipped.price("anthropic.claude-3-5-haiku-20241022-v1:0")).isPresent();
        assertThat(shipped.price("deepseek-chat")).isPresent();
        // the demo's simulated models are not priced
        assertThat(shipped.price("momentum")).isEmpty();
        assertThat(shipped.price("contrarian")).isEmpty();
    }
}
