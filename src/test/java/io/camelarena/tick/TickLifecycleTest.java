package io.camelarena.tick;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.account.AccountSettings;
import io.camelarena.agent.DecisionRecord;
import io.camelarena.agent.DecisionStatus;
import io.camelarena.decision.ErrorCode;
import io.camelarena.market.MarketSnapshot;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TickLifecycleTest {

    private static final Instant START = Instant.parse("2025-11-25T12:00:03.250Z");

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(START);

        void advanceMillis(long ms) {
            now.updateAndGet(i -> i.plusMillis(ms));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final List<AccountSettings> accounts = List.of(account(1, "alpha"), account(2, "beta"), account(3, "gamma"));
    private final TickLifecycle lifecycle = new TickLifecycle(() -> accounts, clock);

    private static AccountSettings account(long id, String name) {
        return new AccountSettings(id, name, "simulated", "momentum", null, null, null, new BigDecimal("0.7"), 1000,
                10, new BigDecimal("10000"), true);
    }

    private static MarketSnapshot snapshot(String tickId) {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        prices.put("BTC", new BigDecimal("101234.5"));
        prices.put("ETH", new BigDecimal("3456.00"));
        return new MarketSnapshot(tickId, START, prices, List.of("DOGE"), null, "2025-11-25 | BTC up: text", null);
    }

    @Test
    void idsAreTheStartTimeAndASequenceAndUnique() {
        Set<String> ids = new HashSet<>();
        for (int i = 1; i <= 5; i++) {
            Tick tick = lifecycle.begin("schedule");
            assertThat(tick.id()).isEqualTo("20251125T120003Z-" + i);
            assertThat(ids.add(tick.id())).isTrue();
            lifecycle.end(tick);
        }
    }

    @Test
    void aSecondBeginWhileATickRunsIsDroppedAndDoesNotReleaseTheGuard() {
        Tick first = lifecycle.begin("schedule");

        assertThat(lifecycle.begin("manual")).isNull();
        assertThat(lifecycle.begin("startup")).isNull();

        lifecycle.end(first);
        Tick next = lifecycle.begin("manual");
        assertThat(next).isNotNull();
        assertThat(next.id()).isNotEqualTo(first.id());
    }

    @Test
    void endingARejectedOrOldTickDoesNotReleaseTheRunningOne() {
        Tick first = lifecycle.begin("schedule");
        lifecycle.end(first);
        Tick second = lifecycle.begin("schedule");

        lifecycle.end(first); // stale end, e.g. a late duplicate

        assertThat(lifecycle.begin("manual")).isNull();
        lifecycle.end(second);
        assertThat(lifecycle.begin("manual")).isNotNull();
    }

    @Test
    void blankTriggerIsManual() {
        assertThat(lifecycle.begin("  ").trigger()).isEqualTo("manual");
    }

    @Test
    void endOnAnotherThreadThanBeginReleasesTheGuard() throws Exception {
        // a tick begins on the trigger's thread and ends on whichever split thread finished the last account;
        // the next trigger arrives on yet another thread (a thread-bound lock would stay held forever)
        ExecutorService starter = Executors.newSingleThreadExecutor();
        ExecutorService finisher = Executors.newSingleThreadExecutor();
        ExecutorService nextTrigger = Executors.newSingleThreadExecutor();
        try {
            Tick tick = CompletableFuture.supplyAsync(() -> lifecycle.begin("schedule"), starter)
                    .get(5, TimeUnit.SECONDS);
            assertThat(tick).isNotNull();
            assertThat(CompletableFuture.supplyAsync(() -> lifecycle.begin("manual"), nextTrigger)
                    .get(5, TimeUnit.SECONDS)).as("held while the tick runs").isNull();

            CompletableFuture.supplyAsync(() -> lifecycle.end(tick), finisher).get(5, TimeUnit.SECONDS);

            Tick next = CompletableFuture.supplyAsync(() -> lifecycle.begin("schedule"), nextTrigger)
                    .get(5, TimeUnit.SECONDS);
            assertThat(next).as("the guard was released by the finishing thread").isNotNull();
            assertThat(CompletableFuture.supplyAsync(() -> lifecycle.begin("manual"), starter)
                    .get(5, TimeUnit.SECONDS)).as("and is held again by the next tick").isNull();
        } finally {
            starter.shutdownNow();
            finisher.shutdownNow();
            nextTrigger.shutdownNow();
        }
    }

    @Test
    void decisionsForCreatesOneRecordPerActiveAccountSharingTheSnapshot() {
        Tick tick = lifecycle.begin("schedule");
        MarketSnapshot snapshot = snapshot(tick.id());
        clock.advanceMillis(1500);

        List<DecisionRecord> records = lifecycle.decisionsFor(tick, snapshot);

        assertThat(records).extracting(r -> r.account().name()).containsExactly("alpha", "beta", "gamma");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.tickId()).isEqualTo(tick.id());
            assertThat(r.snapshot()).isSameAs(snapshot);
            assertThat(r.decisionTime()).isEqualTo(START.plusMillis(1500));
        });
        assertThat(tick.decisions()).isEqualTo(records);
        assertThat(tick.snapshot()).isSameAs(snapshot);
    }

    @Test
    void statusCountsInEnumOrderWithUnsettledCountedAsRejected() {
        Tick tick = lifecycle.begin("schedule");
        List<DecisionRecord> records = lifecycle.decisionsFor(tick, snapshot(tick.id()));
        records.get(0).fail(DecisionStatus.PARSE_ERROR, ErrorCode.UNPARSEABLE_REPLY, "x");
        records.get(1).settle(DecisionStatus.EXECUTED, null);

        assertThat(TickLifecycle.statusCounts(records)).isEqualTo("EXECUTED=1 REJECTED=1 PARSE_ERROR=1");
        assertThat(TickLifecycle.statusCounts(List.of())).isEmpty();
    }

    @Test
    void marketTicksRowOfACompletedTick() {
        Tick tick = lifecycle.begin("schedule");
        List<DecisionRecord> records = lifecycle.decisionsFor(tick, snapshot(tick.id()));
        records.forEach(r -> r.settle(DecisionStatus.HOLD, null));
        clock.advanceMillis(2345);

        Map<String, Object> row = lifecycle.end(tick);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("tick_id", "20251125T120003Z-1");
        expected.put("trigger_source", "schedule");
        expected.put("started_at", Timestamp.from(START));
        expected.put("finished_at", Timestamp.from(START.plusMillis(2345)));
        expected.put("status", "COMPLETED");
        expected.put("detail", null);
        expected.put("prices_json", "{\"BTC\":101234.5,\"ETH\":3456.00}");
        expected.put("missing_symbols", "DOGE");
        expected.put("news_chars", 25);
        expected.put("news_error", null);
        expected.put("accounts", 3);
        expected.put("snapshot_id", null);
        // prices and news only: the snapshot's time is its newest input time
        expected.put("inputs_as_of", io.camelarena.support.IsoTimes.sqlDateTime(records.get(0).snapshot().takenAt()));
        expected.put("market_errors", null);
        assertThat(row).containsExactlyEntriesOf(expected);
        assertThat(tick.status()).isEqualTo(Tick.Status.COMPLETED);
        assertThat(tick.durationMs()).isEqualTo(2345);
    }

    @Test
    void marketTicksRowOfASkippedTick() {
        Tick tick = lifecycle.begin("startup");
        List<String> symbols = List.of("BTC", "ETH");
        MarketSnapshot noPrices = new MarketSnapshot(tick.id(), START, Map.of(), symbols,
                "prices from https://api.hyperliquid.xyz/info failed: UnknownHostException: api.hyperliquid.xyz",
                "", "news failed: UnknownHostException: coinjournal.net");
        lifecycle.noPrices(tick, noPrices);
        clock.advanceMillis(40);

        Map<String, Object> row = lifecycle.end(tick);

        assertThat(row).containsEntry("status", "SKIPPED")
                .containsEntry("trigger_source", "startup")
                .containsEntry("detail", "no prices: prices from https://api.hyperliquid.xyz/info failed: "
                        + "UnknownHostException: api.hyperliquid.xyz")
                .containsEntry("prices_json", "{}")
                .containsEntry("missing_symbols", "BTC,ETH")
                .containsEntry("news_chars", 0)
                .containsEntry("news_error", "news failed: UnknownHostException: coinjournal.net")
                .containsEntry("accounts", 0)
                .containsEntry("finished_at", Timestamp.from(START.plusMillis(40)));
        assertThat(lifecycle.begin("schedule")).as("a skipped tick releases the guard").isNotNull();
    }

    @Test
    void marketTicksRowOfAFailedTickWithoutSnapshot() {
        Tick tick = lifecycle.begin("manual");
        lifecycle.failed(tick, new IllegalStateException("x".repeat(1200)));

        Map<String, Object> row = lifecycle.end(tick);

        assertThat(row).containsEntry("status", "FAILED").containsEntry("prices_json", null)
                .containsEntry("missing_symbols", null).containsEntry("news_chars", 0)
                .containsEntry("news_error", null).containsEntry("accounts", 0);
        assertThat((String) row.get("detail")).hasSize(1000).startsWith("IllegalStateException: xxx").endsWith("x…");
    }
}
