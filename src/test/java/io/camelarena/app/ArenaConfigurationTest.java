package io.camelarena.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camelarena.support.Failures;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stage configurations against application.properties: a key it holds is read without a copy of its default,
 * so without the key the start-up stops naming it; the HTTP port is checked before the database is touched.
 */
class ArenaConfigurationTest {

    @TempDir
    Path dir;

    private final String databaseUrl = "jdbc:h2:mem:wiring-" + UUID.randomUUID()
            + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";

    /**
     * application.properties without the line of {@code withoutKey}, with a database and spool of this test's own,
     * no HTTP server, then {@code overrides}.
     */
    private Main runtime(String withoutKey, Map<String, String> overrides) throws Exception {
        Path config = dir.resolve("application.properties");
        Files.writeString(config, Files.readAllLines(Path.of("application.properties")).stream()
                .filter(line -> !line.matches("\\Q" + withoutKey + "\\E\\s*=.*"))
                .collect(Collectors.joining("\n")));
        Map<String, String> settings = new LinkedHashMap<>(Map.of("arena.db.url", databaseUrl,
                "arena.decisionlog.spool-dir", dir.resolve("spool").toString(), "camel.server.enabled", "false",
                "camel.main.jmx-enabled", "false", "arena.routes.reload.enabled", "false"));
        settings.remove(withoutKey);
        settings.putAll(overrides);
        Main main = new Main();
        ArenaConfiguration.addTo(main.configure());
        main.setPropertyPlaceholderLocations("file:" + config);
        settings.forEach(main::addOverrideProperty);
        return main;
    }

    @ParameterizedTest
    @ValueSource(strings = {"arena.decide.parallelism", "arena.cluster.groups", "arena.db.connect-timeout-ms",
            "arena.model.retry.jitter", "arena.market.prices.provider", "arena.trading.taker-fee-rate",
            "arena.decisionlog.spool-dir", "arena.replay.max-decisions", "arena.health.max-snapshot-age-ms",
            "arena.routes.reload.poll-ms", "arena.trading.slippage-model", "arena.score.bootstrap-resamples"})
    void withoutAKeyOfApplicationPropertiesTheStartUpStopsNamingIt(String key) throws Exception {
        Main main = runtime(key, Map.of());
        try {
            assertThatThrownBy(main::start).satisfies(failure -> assertThat(Failures.rootCause(failure))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("missing property " + key + ": set it in application.properties"));
        } finally {
            main.stop();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "arena.trading.slippage-model | orderbook | arena.trading.slippage-model must be book, fixed or none, "
                    + "was 'orderbook'",
            "arena.trading.slippage-bps | 10000 | arena.trading.slippage-bps: slippage bps must be at least 0 and "
                    + "below 10000, was 10000",
            "arena.trading.order-book.binance-limit | 200 | arena.trading.order-book.binance-limit must be one of 5, "
                    + "10, 20, 50, 100, 500, 1000 (the depths Binance answers), was 200"})
    void anInvalidSlippageSettingStopsTheStartUpNamingIt(String key, String value, String message) throws Exception {
        Main main = runtime("none", Map.of(key, value));
        try {
            assertThatThrownBy(main::start).satisfies(failure -> assertThat(Failures.rootCause(failure))
                    .isInstanceOf(IllegalStateException.class).hasMessage(message));
        } finally {
            main.stop();
        }
    }

    @Test
    void aTakenHttpPortStopsTheStartUpBeforeTheDatabaseIsOpened() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Main main = runtime("none", Map.of("camel.server.enabled", "true",
                    "camel.server.port", String.valueOf(taken.getLocalPort()),
                    "camel.management.port", String.valueOf(taken.getLocalPort())));
            try {
                assertThatThrownBy(main::start).satisfies(failure -> assertThat(Failures.rootCause(failure))
                        .hasMessageStartingWith("HTTP port 127.0.0.1:" + taken.getLocalPort() + " is not available"));
            } finally {
                main.stop();
            }
        }
        try (Connection c = DriverManager.getConnection(databaseUrl, "sa", "");
                ResultSet tables = c.getMetaData().getTables(null, null, "flyway_schema_history", null)) {
            assertThat(tables.next()).as("migrated before the port was checked").isFalse();
        }
    }
}
