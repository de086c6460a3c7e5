package io.camelarena.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camelarena.config.ArenaProperties;
import io.camelarena.execution.H2TestDatabase;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class AccountCatalogTest {

    private static AccountCatalog catalog(String... keyValues) {
        Properties props = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.setProperty(keyValues[i], keyValues[i + 1]);
        }
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(props);
        return new AccountCatalog(new ArenaProperties(context.getPropertiesComponent()));
    }

    private static AccountSettings only(AccountCatalog catalog) {
        List<AccountSettings> declared = catalog.declared();
        assertThat(declared).hasSize(1);
        return declared.get(0);
    }

    @Test
    void openAiDefaults() {
        AccountSettings a = only(catalog("arena.accounts.gpt.provider", "openai"));

        assertThat(a).isEqualTo(new AccountSettings(0, "gpt", "openai", "gpt-4o-mini", "https://api.openai.com/v1",
                null, "OPENAI_API_KEY", new BigDecimal("0.7"), 1000, 10, new BigDecimal("10000"), true));
    }

    @Test
    void bedrockDefaults() {
        AccountSettings a = only(catalog("arena.accounts.claude.provider", "Bedrock"));

        assertThat(a).isEqualTo(new AccountSettings(0, "claude", "bedrock",
                "global.anthropic.claude-sonnet-4-5-20250929-v1:0", null, "us-east-1", null, new BigDecimal("0.7"),
                1000, 10, new BigDecimal("10000"), true));
    }

    @Test
    void simulatedIsTheDefaultProvider() {
        AccountSettings a = only(catalog("arena.accounts.sim.initial-cash", "2500"));

        assertThat(a).isEqualTo(new AccountSettings(0, "sim", "simulated", "momentum", null, null, null,
                new BigDecimal("0.7"), 1000, 10, new BigDecimal("2500"), true));
    }

    @Test
    void everyFieldCanBeSet() {
        AccountSettings a = only(catalog(
                "arena.accounts.deepseek.provider", "openai",
                "arena.accounts.deepseek.model", "deepseek-reasoner",
                "arena.accounts.deepseek.base-url", "https://api.deepseek.com",
                "arena.accounts.deepseek.api-key-env", "DEEPSEEK_API_KEY",
                "arena.accounts.deepseek.temperature", "0.2",
                "arena.accounts.deepseek.max-tokens", "4000",
                "arena.accounts.deepseek.max-leverage", "125",
                "arena.accounts.deepseek.initial-cash", "50000.5",
                "arena.accounts.deepseek.active", "false"));

        assertThat(a).isEqualTo(new AccountSettings(0, "deepseek", "openai", "deepseek-reasoner",
                "https://api.deepseek.com", null, "DEEPSEEK_API_KEY", new BigDecimal("0.2"), 4000, 125,
                new BigDecimal("50000.5"), false));
    }

    @Test
    void accountsOnlyNamedInTheNamesListAreDeclaredWithDefaults() {
        List<AccountSettings> declared = catalog(
                "arena.accounts.names", "alpha, beta",
                "arena.accounts.gamma.provider", "openai").declared();

        assertThat(declared).extracting(AccountSettings::name).containsExactly("alpha", "beta", "gamma");
        assertThat(declared).extracting(AccountSettings::provider).containsExactly("simulated", "simulated", "openai");
    }

    @Test
    void anAccountWhoseNameStartsWithNamesIsDeclared() {
        List<AccountSettings> declared = catalog(
                "arena.accounts.names", "alpha",
                "arena.accounts.namesake.provider", "openai").declared();

        assertThat(declared).extracting(AccountSettings::name).containsExactly("alpha", "namesake");
    }

    @Test
    void namesWithDotsKeepTheirDots() {
        assertThat(only(catalog("arena.accounts.gpt-4.1.model", "gpt-4.1")).name()).isEqualTo("gpt-4.1");
    }

    @Test
    void noAccountsDeclaredIsAnEmptyList() {
        assertThat(catalog("arena.symbols", "BTC").declared()).isEmpty();
    }

    @Test
    void unknownProviderIsRefusedNamingTheKeyAndTheChoices() {
        assertThatThrownBy(() -> catalog("arena.accounts.x.provider", "anthropic").declared())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("arena.accounts.x.provider must be one of")
                .hasMessageContaining("openai").hasMessageContaining("bedrock").hasMessageContaining("simulated")
                .hasMessageEndingWith("was 'anthropic'");
    }

    @Test
    void aBaseUrlCarryingAKeyIsRefusedWithoutRepeatingIt() {
        for (String url : List.of("http://bob:sk-userinfo-0123456789@127.0.0.1:9/v1",
                "https://api.example.com/v1?key=sk-query-0123456789", "https://api.example.com/v1#sk-frag-0123456")) {
            assertThatThrownBy(() -> catalog("arena.accounts.x.provider", "openai", "arena.accounts.x.base-url", url)
                    .declared())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("arena.accounts.x.base-url must not carry credentials")
                    .hasMessageNotContaining("sk-");
        }
        assertThatThrownBy(() -> catalog("arena.accounts.x.base-url", "ftp://example.com/v1").declared())
                .hasMessage("arena.accounts.x.base-url must be an http:// or https:// URL with a host");
        assertThat(only(catalog("arena.accounts.x.provider", "openai", "arena.accounts.x.base-url",
                "http://127.0.0.1:8080/v1")).baseUrl()).isEqualTo("http://127.0.0.1:8080/v1");
    }

    @Test
    void leverageZeroIsRefused() {
        assertThatThrownBy(() -> catalog("arena.accounts.x.max-leverage", "0").declared())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("arena.accounts.x.max-leverage must be 1..125, was 0");
        assertThatThrownBy(() -> catalog("arena.accounts.x.max-leverage", "126").declared())
                .hasMessage("arena.accounts.x.max-leverage must be 1..125, was 126");
    }

    @Test
    void negativeOrZeroCashIsRefused() {
        assertThatThrownBy(() -> catalog("arena.accounts.x.initial-cash", "-100").declared())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("arena.accounts.x.initial-cash must be positive, was -100");
        assertThatThrownBy(() -> catalog("arena.accounts.x.initial-cash", "0").declared())
                .hasMessage("arena.accounts.x.initial-cash must be positive, was 0");
    }

    @Test
    void maxTokensMustBePositive() {
        assertThatThrownBy(() -> catalog("arena.accounts.x.max-tokens", "0").declared())
                .hasMessage("arena.accounts.x.max-tokens must be positive, was 0");
    }

    @Test
    void nonNumericValuesNameTheKey() {
        assertThatThrownBy(() -> catalog("arena.accounts.x.initial-cash", "lots").declared())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("property arena.accounts.x.initial-cash has an invalid value 'lots'");
        assertThatThrownBy(() -> catalog("arena.accounts.x.active", "yes").declared())
                .hasMessage("property arena.accounts.x.active must be true or false, was 'yes'");
    }

    @Test
    void badNamesAreRefused() {
        assertThatThrownBy(() -> catalog("arena.accounts.names", "good,bad name").declared())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("account name 'bad name' must be 1-64 letters, digits, '.', '_' or '-'");
        assertThatThrownBy(() -> catalog("arena.accounts.-dash.provider", "openai").declared())
                .hasMessage("account name '-dash' must be 1-64 letters, digits, '.', '_' or '-'");
        String tooLong = "a".repeat(65);
        assertThatThrownBy(() -> catalog("arena.accounts.names", tooLong).declared())
                .hasMessage("account name '" + tooLong + "' must be 1-64 letters, digits, '.', '_' or '-'");
    }

    @Test
    void syncInsertsUpdatesWithoutTouchingCashAndDeactivatesUndeclared() throws Exception {
        try (H2TestDatabase db = new H2TestDatabase()) {
            List<AccountSettings> first = catalog(
                    "arena.accounts.gpt.provider", "openai",
                    "arena.accounts.gpt.initial-cash", "20000",
                    "arena.accounts.sim.initial-cash", "5000").declared();

            List<AccountSettings> synced = new AccountCatalog(null).sync(db.dataSource(), first);
            assertThat(synced).extracting(AccountSettings::name).containsExactly("gpt", "sim");
            assertThat(synced).allSatisfy(a -> assertThat(a.id()).isPositive());
            long gptId = synced.get(0).id();
            long simId = synced.get(1).id();
            Map<String, Object> gpt = db.row("SELECT * FROM accounts WHERE id = ?", gptId);
            assertThat(gpt).containsEntry("name", "gpt").containsEntry("provider", "openai")
                    .containsEntry("model", "gpt-4o-mini").containsEntry("base_url", "https://api.openai.com/v1")
                    .containsEntry("api_key_ref", "OPENAI_API_KEY").containsEntry("max_tokens", 1000)
                    .containsEntry("max_leverage", 10).containsEntry("active", true);
            assertThat((BigDecimal) gpt.get("initial_cash")).isEqualByComparingTo("20000");
            assertThat((BigDecimal) gpt.get("current_cash")).isEqualByComparingTo("20000");
            assertThat((BigDecimal) gpt.get("temperature")).isEqualByComparingTo("0.7");
            assertThat(db.decimal("SELECT current_cash FROM accounts WHERE id = ?", simId))
                    .isEqualByComparingTo("5000");

            // trading moved gpt's cash; then the configuration changes: new settings, new initial cash, sim removed
            db.execute("UPDATE accounts SET current_cash = 18765.4321 WHERE id = " + gptId);
            List<AccountSettings> second = catalog(
                    "arena.accounts.gpt.provider", "openai",
                    "arena.accounts.gpt.model", "gpt-4o",
                    "arena.accounts.gpt.temperature", "0.3",
                    "arena.accounts.gpt.max-leverage", "20",
                    "arena.accounts.gpt.initial-cash", "99999",
                    "arena.accounts.claude.provider", "bedrock").declared();

            List<AccountSettings> resynced = new AccountCatalog(null).sync(db.dataSource(), second);

            // declared order: names list first, then the keys in alphabetical order
            assertThat(resynced).extracting(AccountSettings::name).containsExactly("claude", "gpt");
            assertThat(resynced.get(1).id()).isEqualTo(gptId);
            Map<String, Object> updated = db.row("SELECT * FROM accounts WHERE id = ?", gptId);
            assertThat(updated).containsEntry("model", "gpt-4o").containsEntry("max_leverage", 20)
                    .containsEntry("active", true);
            assertThat((BigDecimal) updated.get("temperature")).isEqualByComparingTo("0.3");
            assertThat((BigDecimal) updated.get("current_cash")).isEqualByComparingTo("18765.4321");
            assertThat((BigDecimal) updated.get("initial_cash")).isEqualByComparingTo("20000");
            assertThat(db.row("SELECT active FROM accounts WHERE id = ?", simId)).containsEntry("active", false);
            assertThat(db.decimal("SELECT current_cash FROM accounts WHERE id = ?", simId))
                    .isEqualByComparingTo("5000");
            Map<String, Object> claude = db.row("SELECT * FROM accounts WHERE name = 'claude'");
            assertThat(claude).containsEntry("provider", "bedrock").containsEntry("region", "us-east-1")
                    .containsEntry("active", true).containsEntry("id", (int) resynced.get(0).id());
            assertThat(db.rows("SELECT id FROM accounts")).hasSize(3);

            // declaring sim again brings it back to active with its cash untouched
            new AccountCatalog(null).sync(db.dataSource(),
                    catalog("arena.accounts.names", "sim").declared());
            assertThat(db.row("SELECT active, current_cash FROM accounts WHERE id = ?", simId))
                    .containsEntry("active", true);
            assertThat(db.row("SELECT active FROM accounts WHERE id = ?", gptId)).containsEntry("active", false);
        }
    }
}
