package io.camelarena.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** application.properties holds every default: a key read without one fails with the key's name when it is not set. */
class ArenaPropertiesRequiredTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void tearDown() throws Exception {
        context.close();
    }

    private ArenaProperties with(String... keyValues) {
        Properties values = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        context.getPropertiesComponent().setInitialProperties(values);
        return new ArenaProperties(context.getPropertiesComponent());
    }

    @Test
    void setKeysAreReadTrimmedAndTyped() {
        ArenaProperties props = with("a.int", " 16 ", "a.long", "240000", "a.decimal", "0.0007", "a.double", "0.2",
                "a.bool", "TRUE", "a.list", " btc, eth ,,sol ", "a.text", " hyperliquid ");
        assertThat(props.integer("a.int")).isEqualTo(16);
        assertThat(props.longValue("a.long")).isEqualTo(240_000L);
        assertThat(props.decimal("a.decimal")).isEqualByComparingTo(new BigDecimal("0.0007"));
        assertThat(props.doubleValue("a.double")).isEqualTo(0.2);
        assertThat(props.bool("a.bool")).isTrue();
        assertThat(props.list("a.list")).containsExactly("btc", "eth", "sol");
        assertThat(props.string("a.text")).isEqualTo("hyperliquid");
    }

    @Test
    void aMissingOrEmptyKeyFailsNamingTheKeyAndWhereToSetIt() {
        ArenaProperties props = with("arena.decide.parallelism", "  ");
        for (Runnable read : List.<Runnable>of(() -> props.integer("arena.decide.parallelism"),
                () -> props.longValue("arena.tick.deadline-ms"), () -> props.decimal("arena.trading.taker-fee-rate"),
                () -> props.doubleValue("arena.model.retry.jitter"), () -> props.bool("arena.cluster.enabled"),
                () -> props.list("arena.symbols"), () -> props.string("arena.market.prices.provider"))) {
            assertThatThrownBy(read::run).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("missing property arena.")
                    .hasMessageContaining("application.properties");
        }
        assertThatThrownBy(() -> props.integer("arena.decide.parallelism"))
                .hasMessage("missing property arena.decide.parallelism: set it in application.properties, as "
                        + "-Darena.decide.parallelism=... or as environment variable ARENA_DECIDE_PARALLELISM");
    }

    @Test
    void anInvalidValueFailsNamingTheKeyAndTheValue() {
        ArenaProperties props = with("arena.decide.parallelism", "sixteen", "arena.cluster.enabled", "yes",
                "arena.model.retry.jitter", "a fifth");
        assertThatThrownBy(() -> props.integer("arena.decide.parallelism"))
                .hasMessage("property arena.decide.parallelism has an invalid value 'sixteen'");
        assertThatThrownBy(() -> props.bool("arena.cluster.enabled"))
                .hasMessage("property arena.cluster.enabled must be true or false, was 'yes'");
        assertThatThrownBy(() -> props.doubleValue("arena.model.retry.jitter"))
                .hasMessage("property arena.model.retry.jitter has an invalid value 'a fifth'");
    }

    @Test
    void aBoundIsCheckedWithTheKey() {
        ArenaProperties props = with("arena.decide.parallelism", "0", "arena.replay.parallelism", "3");
        assertThatThrownBy(() -> props.integerAtLeast("arena.decide.parallelism", 1))
                .hasMessage("arena.decide.parallelism must be at least 1, was 0");
        assertThat(props.integerAtLeast("arena.replay.parallelism", 1)).isEqualTo(3);
    }

    @Test
    void optionalKeysAreEmptyWhenUnsetOrBlank() {
        ArenaProperties props = with("arena.api.token", " ", "arena.db.pool-size", "20");
        assertThat(props.optional("arena.api.token")).isEmpty();
        assertThat(props.optional("arena.routes.dir")).isEmpty();
        assertThat(props.optionalInteger("arena.db.pool-size")).contains(20);
        assertThat(props.optionalInteger("arena.replay.parallelism")).isEmpty();
    }
}
