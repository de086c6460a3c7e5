package io.camelarena.testing;

import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;

/**
 * Proof that another thread really reached a wait, for tests of races: instead of sleeping and hoping, they wait until
 * the thread is seen parked or sleeping inside the method that waits, or until it has waited again.
 */
public final class ThreadWaits {

    /** Generous: a loaded 2-core machine may take long to schedule a thread, never this long. */
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadWaits() {
    }

    /** Waits until {@code thread} is parked or sleeping (WAITING, TIMED_WAITING) inside {@code type.method}. */
    public static void awaitWaitingIn(Thread thread, Class<?> type, String method) {
        await("thread " + thread.getName() + " waiting in " + type.getSimpleName() + "." + method).atMost(LIMIT)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> waitingIn(THREADS.getThreadInfo(thread.getId(), Integer.MAX_VALUE), type, method));
    }

    /** Waits until exactly {@code count} live threads are parked or sleeping inside {@code type.method}. */
    public static void awaitThreadsWaitingIn(int count, Class<?> type, String method) {
        await(count + " threads waiting in " + type.getSimpleName() + "." + method).atMost(LIMIT)
                .pollInterval(Duration.ofMillis(5)).until(() -> threadsWaitingIn(type, method) == count);
    }

    /** How often {@code thread} has waited or slept so far (Object.wait, LockSupport.park, Thread.sleep). */
    public static long waits(Thread thread) {
        ThreadInfo info = THREADS.getThreadInfo(thread.getId());
        return info == null ? -1 : info.getWaitedCount();
    }

    /**
     * Waits until {@code thread} has begun at least {@code more} waits after {@link #waits} answered {@code since}. Two
     * more waits of a polling loop prove it looked again in between.
     */
    public static void awaitWaitsBeyond(Thread thread, long since, int more) {
        await("thread " + thread.getName() + " waiting " + more + " more times").atMost(LIMIT)
                .pollInterval(Duration.ofMillis(5)).until(() -> waits(thread) >= since + more);
    }

    private static long threadsWaitingIn(Class<?> type, String method) {
        return Arrays.stream(THREADS.dumpAllThreads(false, false)).filter(info -> waitingIn(info, type, method))
                .count();
    }

    /** State and stack of one snapshot (ThreadInfo), so they describe the same moment. */
    private static boolean waitingIn(ThreadInfo info, Class<?> type, String method) {
        return info != null
                && (info.getThreadState() == Thread.State.WAITING || info.getThreadState() == Thread.State.TIMED_WAITING)
                && Arrays.stream(info.getStackTrace()).anyMatch(frame -> frame.getClassName().equals(type.getName())
                        && frame.getMethodName().equals(method));
    }
}
