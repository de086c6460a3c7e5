package io.camelarena.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.execution.H2TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MarketSnapshotsTest {

    private final H2TestDatabase db = new H2TestDatabase();
    private static final Instant T = Instant.parse("2026-11-25T12:00:04.321Z");

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aSnapshotIsStoredAsUsedAndReadBackEqualWithoutItsLedgerCandles() throws Exception {
        Indicators indicators = new Indicators(List.of("ema20", "macd", "rsi14"), List.of("close", "rsi14"), 10);
        List<Candle> candles = CandleFixtures.candles(Instant.parse("2026-11-25T07:00:00Z"), Duration.ofMinutes(3),
                100, new BigDecimal("3400"), 2);
        Map<String, SeriesAnalysis> eth = new LinkedHashMap<>();
        eth.put("3m", indicators.analyse("3m", candles.subList(0, 20), true)); // warm-up nulls inside the lists
        eth.put("4h", SeriesAnalysis.unavailable("4h", "HTTP 500"));
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        prices.put("ETH", new BigDecimal("3421.50"));
        prices.put("BTC", new BigDecimal("3.4E+3"));
        MarketContext context = new MarketContext(
                Map.of("ETH", new VenueContext("ETH", new BigDecimal("3421.3"), new BigDecimal("3420.4"),
                        new BigDecimal("-0.0000031"), new BigDecimal("609174.4846"), null, null, T.minusSeconds(1))),
                null, Map.of("ETH", eth), "ETH 4h: HTTP 500", Map.of("ETH", candles.subList(0, 3)),
                T.minusSeconds(2), T.minusSeconds(1), candles.get(19).closeTime(), null, true, true);
        MarketSnapshot snapshot = new MarketSnapshot("T-9", T, prices, List.of("SOL"), null, "news", null, context,
                null);
        MarketSnapshots store = new MarketSnapshots(db.dataSource());

        MarketSnapshot stored = store.store(snapshot);
        MarketSnapshot read = store.load(stored.snapshotId()).orElseThrow();

        assertThat(stored.snapshotId()).isPositive();
        assertThat(read.snapshotId()).isEqualTo(stored.snapshotId());
        assertThat(read.context().ledgerCandles()).isEmpty();
        // 3.4E+3 is stored as the prompt shows it, 3400
        prices.put("BTC", new BigDecimal("3400"));
        assertThat(read).isEqualTo(new MarketSnapshot("T-9", T, prices, List.of("SOL"), null, "news", null,
                context.withoutLedger(), stored.snapshotId()));
        assertThat(read.context().series().get("ETH").get("3m").recent().get("rsi14")).startsWith((BigDecimal) null);
        assertThat(db.rows("SELECT tick_id, inputs_as_of FROM market_snapshots").get(0))
                .containsEntry("tick_id", "T-9");
    }

    @Test
    void aSnapshotTheDatabaseDoesNotTakeGoesOnUnstored() {
        MarketSnapshot snapshot = new MarketSnapshot("T-10", T, Map.of("BTC", BigDecimal.ONE), List.of(), null, "",
                null);
        db.close();

        assertThat(new MarketSnapshots(db.dataSource()).store(snapshot).snapshotId()).isNull();
    }
}
