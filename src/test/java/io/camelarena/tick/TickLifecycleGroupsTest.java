package io.camelarena.tick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camelarena.account.AccountSettings;
import io.camelarena.agent.DecisionRecord;
import io.camelarena.market.MarketSnapshot;
import io.camelarena.testing.ThreadWaits;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Group ticks: side by side, never a group twice, never beside a tick of all accounts, reloads strictly between. */
class TickLifecycleGroupsTest {

    private static final Instant SLOT = Instant.parse("2025-11-25T12:05:00Z");
    private final List<AccountSettings> accounts = List.of(account("a"), account("b"), account("c"), account("d"));
    private final TickLifecycle lifecycle = new TickLifecycle(() -> accounts, Clock.systemUTC());
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> claimed = new ArrayList<>();

    TickLifecycleGroupsTest() {
        // a and c in group 0, b and d in group 1
        lifecycle.useGroups(new TickGroups(2, Map.of("a", 0, "b", 1, "c", 0, "d", 1)), tick -> {
            synchronized (claimed) {
                return !claimed.contains(tick.id()) && claimed.add(tick.id());
            }
        }, false);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private static AccountSettings account(String name) {
        return new AccountSettings(1, name, "simulated", "momentum", null, null, null, BigDecimal.ONE, 100, 10,
                BigDecimal.TEN, true);
    }

    private static MarketSnapshot snapshot() {
        return new MarketSnapshot("t", SLOT, Map.of("BTC", BigDecimal.TEN), List.of(), null, "", null);
    }

    @Test
    void groupsOfOneSlotRunSideBySideEachDecidingItsOwnAccounts() {
        Tick g0 = lifecycle.beginScheduled(new ScheduledSlot(0, SLOT, false));
        Tick g1 = lifecycle.beginScheduled(new ScheduledSlot(1, SLOT, false));

        assertThat(g0.id()).isEqualTo("20251125T120500Z-g0");
        assertThat(g1.id()).isEqualTo("20251125T120500Z-g1");
        assertThat(lifecycle.decisionsFor(g0, snapshot())).extracting(r -> r.account().name()).containsExactly("a", "c");
        assertThat(lifecycle.decisionsFor(g1, snapshot())).extracting(r -> r.account().name()).containsExactly("b", "d");
        assertThat(lifecycle.runningTickId()).contains(g0.id(), g1.id());
        lifecycle.end(g0);
        lifecycle.end(g1);
        assertThat(lifecycle.runningTickId()).isNull();
    }

    @Test
    void aGroupNeverRunsTwiceAtOnceNorTwiceForOneSlot() {
        Tick first = lifecycle.beginScheduled(new ScheduledSlot(0, SLOT, false));
        assertThat(lifecycle.beginScheduled(new ScheduledSlot(0, SLOT.plusSeconds(300), false)))
                .as("the same group, still running").isNull();
        lifecycle.end(first);
        assertThat(lifecycle.beginScheduled(new ScheduledSlot(0, SLOT, false)))
                .as("the same slot's group again: its row exists").isNull();
        Tick next = lifecycle.beginScheduled(new ScheduledSlot(0, SLOT.plusSeconds(300), false));
        assertThat(next).isNotNull();
        lifecycle.end(next);
    }

    @Test
    void aTickOfAllAccountsAndGroupTicksExcludeEachOther() {
        Tick group = lifecycle.beginScheduled(new ScheduledSlot(1, SLOT, false));
        assertThat(lifecycle.begin("manual")).isNull();
        lifecycle.end(group);

        Tick all = lifecycle.begin("manual");
        assertThat(all.group()).isEqualTo(Tick.ALL_GROUPS);
        assertThat(lifecycle.beginScheduled(new ScheduledSlot(0, SLOT, false))).isNull();
        assertThat(lifecycle.decisionsFor(all, snapshot())).extracting(DecisionRecord::account).hasSize(4);
        lifecycle.end(all);
        // dropped, not claimed: the slot's group can still run
        assertThat(lifecycle.beginScheduled(new ScheduledSlot(0, SLOT, false))).isNotNull();
    }

    @Test
    void aReloadRunsWhenNoGroupTickRunsAndWaitingForOneKeepsNoOtherGroupOut() throws Exception {
        Tick g0 = lifecycle.beginScheduled(new ScheduledSlot(0, SLOT, false));
        AtomicReference<Thread> reloadThread = new AtomicReference<>();
        Future<Boolean> reload = threads.submit(() -> {
            reloadThread.set(Thread.currentThread());
            return lifecycle.runBetweenTicks(60_000, () -> {
                assertThat(lifecycle.runningTickId()).isNull();
                assertThat(lifecycle.beginScheduled(new ScheduledSlot(0, SLOT.plusSeconds(300), false))).isNull();
            });
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> reloadThread.get() != null);
        ThreadWaits.awaitWaitingIn(reloadThread.get(), TickLifecycle.class, "runBetweenTicks");
        // While the reload waits for g0, group 1's slot still starts (it would otherwise be lost: Quartz fired it
        // here, once).
        Tick g1 = lifecycle.beginScheduled(new ScheduledSlot(1, SLOT, false));
        assertThat(g1).isNotNull();
        lifecycle.end(g0);
        // The reload looks again after g0 ended (a whole wait of its loop begins and another after it) and waits on.
        ThreadWaits.awaitWaitsBeyond(reloadThread.get(), ThreadWaits.waits(reloadThread.get()), 2);
        assertThat(reload.isDone()).as("g1 still runs").isFalse();
        threads.submit(() -> lifecycle.end(g1)).get();
        assertThat(reload.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lifecycle.beginScheduled(new ScheduledSlot(0, SLOT.plusSeconds(900), false))).isNotNull();
    }

    @Test
    void clusteredThereIsNoStartUpTickAndOnDemandTickIdsCarryARuntimeSuffix() {
        lifecycle.useGroups(TickGroups.single(), tick -> true, true);
        assertThat(lifecycle.begin("startup")).isNull();
        Tick manual = lifecycle.begin("manual");
        assertThat(manual.id()).matches("\\d{8}T\\d{6}Z-1-[0-9a-f]{4}");
        lifecycle.end(manual);
    }
}
