package io.camelarena.tick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camelarena.testing.ThreadWaits;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tasks between ticks (route reloads): never while a tick runs, and no tick starts while they run. */
class TickLifecycleBetweenTicksTest {

    private final TickLifecycle lifecycle = new TickLifecycle(List::of, Clock.systemUTC());
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aTaskWaitsForTheTickInFlightEvenWhenItEndsOnAnotherThread() throws Exception {
        Tick tick = lifecycle.begin("manual");
        assertThat(tick).isNotNull();

        assertThat(lifecycle.runBetweenTicks(50, () -> {
            throw new AssertionError("must not run during a tick");
        })).isFalse();

        AtomicBoolean tickEnded = new AtomicBoolean();
        AtomicReference<Thread> taskThread = new AtomicReference<>();
        Future<Boolean> task = threads.submit(() -> {
            taskThread.set(Thread.currentThread());
            return lifecycle.runBetweenTicks(60_000, () -> assertThat(tickEnded).isTrue());
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> taskThread.get() != null);
        // It found the tick running and waits for it (the race below is real, not a task that has not begun yet).
        ThreadWaits.awaitWaitingIn(taskThread.get(), TickLifecycle.class, "runBetweenTicks");
        assertThat(task.isDone()).isFalse();

        // The tick ends on another thread than the one that began it.
        threads.submit(() -> {
            tickEnded.set(true);
            lifecycle.end(tick);
        }).get();
        assertThat(task.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lifecycle.begin("manual")).isNotNull();
    }

    @Test
    void aTriggerDuringATaskIsDroppedAndTicksStartAgainAfterIt() throws Exception {
        CountDownLatch taskRunning = new CountDownLatch(1);
        CountDownLatch releaseTask = new CountDownLatch(1);
        Future<Boolean> task = threads.submit(() -> lifecycle.runBetweenTicks(1_000, () -> {
            taskRunning.countDown();
            releaseTask.await();
        }));
        assertThat(taskRunning.await(5, TimeUnit.SECONDS)).isTrue();

        // Never waits: its exchange would keep the trigger route in flight while the reload stops that route.
        assertThat(threads.submit(() -> lifecycle.begin("schedule")).get(1, TimeUnit.SECONDS)).isNull();

        releaseTask.countDown();
        assertThat(task.get(5, TimeUnit.SECONDS)).isTrue();
        Tick next = lifecycle.begin("schedule");
        assertThat(next).isNotNull();
        lifecycle.end(next);
    }

    @Test
    void aTriggerDuringATickIsStillDropped() {
        Tick tick = lifecycle.begin("schedule");
        assertThat(lifecycle.begin("manual")).isNull();
        assertThat(lifecycle.runningTickId()).isEqualTo(tick.id());
        lifecycle.end(tick);
        assertThat(lifecycle.runningTickId()).isNull();
    }
}
