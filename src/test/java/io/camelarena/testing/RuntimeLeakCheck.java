package io.camelarena.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a runtime running after it ends: a Camel context's threads (its thread pools, among
 * them the route watcher and the tick pipeline), a Quartz scheduler, the embedded HTTP server (Vert.x), a database
 * pool, a stub HTTP server (WireMock's Jetty, the JDK server) or a child JVM that the class started and did not stop.
 * Registered for every class through META-INF/services (junit-platform.properties turns the autodetection on); it
 * runs after the class's own {@code @AfterAll} methods and extensions, and counts only what appeared during the
 * class, so one leak is reported once, by the class that caused it.
 */
public final class RuntimeLeakCheck implements BeforeAllCallback, AfterAllCallback {

    /** Thread names of a runtime's parts, as Camel, Quartz, Vert.x, HikariCP, Jetty and the JDK name them. */
    private static final List<String> RUNTIME_THREADS = List.of(
            "Camel (", // every thread pool of a Camel context: "Camel (camel-3) thread #7 - arena-route-reload"
            "_QuartzSchedulerThread", "_Worker-", "_ClusterManager", "_MisfireHandler", // a Quartz scheduler
            "vert.x-", "vertx-blocked-thread-checker", // the embedded HTTP server (camel-platform-http-main)
            "arena-db ", "HikariPool-", // database pools ("arena-db housekeeper")
            "qtp", // Jetty, under WireMock
            "HTTP-Dispatcher", // com.sun.net.httpserver (StubModelServer)
            "tcp-proxy-"); // TcpProxy

    /** Stopping is asynchronous in places (a pool's threads end after shutdownNow returns): allow that much. */
    private static final Duration SETTLE = Duration.ofSeconds(20);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RuntimeLeakCheck.class);

    private record Before(Set<Long> threads, Set<Long> children) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(context.getUniqueId(), new Before(
                runtimeThreads().stream().map(Thread::getId).collect(Collectors.toSet()), childProcesses()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        Before before = context.getStore(NAMESPACE).remove(context.getUniqueId(), Before.class);
        if (before == null) {
            return;
        }
        long deadline = System.nanoTime() + SETTLE.toNanos();
        List<String> left;
        while (true) {
            left = leftRunning(before);
            if (left.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(100);
        }
        if (!left.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " left " + left.size() + " runtime part(s) running "
                    + SETTLE.toSeconds() + " s after it ended (stop the runtime, its stubs and child processes in "
                    + "@AfterAll): " + left);
        }
    }

    private static List<String> leftRunning(Before before) {
        List<String> left = new ArrayList<>();
        for (Thread thread : runtimeThreads()) {
            if (!before.threads().contains(thread.getId())) {
                left.add("thread \"" + thread.getName() + "\"");
            }
        }
        ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(child -> !before.children().contains(child.pid()))
                .forEach(child -> left.add("process " + child.pid() + " " + child.info().commandLine().orElse("")));
        return left;
    }

    private static List<Thread> runtimeThreads() {
        List<Thread> threads = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && RUNTIME_THREADS.stream().anyMatch(thread.getName()::contains)) {
                threads.add(thread);
            }
        }
        return threads;
    }

    private static Set<Long> childProcesses() {
        Set<Long> pids = new HashSet<>();
        ProcessHandle.current().children().filter(ProcessHandle::isAlive).forEach(p -> pids.add(p.pid()));
        return pids;
    }
}
