package io.camelarena.flow;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible chat completions server that counts the calls in flight at the same time (WireMock cannot
 * say that) and answers each after a fixed delay with the open decision of {@link DecisionPipelineRouteTest}.
 */
final class StubModelServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<Long> arrivalsNanos = new CopyOnWriteArrayList<>();

    /** Started on a free port, for a test's property set-up (which cannot throw IOException). */
    static StubModelServer started(long delayMs) {
        try {
            return new StubModelServer(delayMs);
        } catch (IOException e) {
            throw new IllegalStateException("stub model server did not start: " + e.getMessage(), e);
        }
    }

    StubModelServer(long delayMs) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/v1/chat/completions", exchange -> {
            arrivalsNanos.add(System.nanoTime());
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            boolean inFlightCounted = true;
            try {
                exchange.getRequestBody().readAllBytes();
                Thread.sleep(delayMs);
                byte[] body = OpenAiStubs.completion("chatcmpl-limit", "stub", DecisionPipelineRouteTest.OPEN_REPLY,
                        null, "stop", 900, 80).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                // Out of flight before the answer leaves: once the caller has it, it frees its permit and its next
                // call may arrive before this handler would get to a decrement after sending.
                inFlight.decrementAndGet();
                inFlightCounted = false;
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (inFlightCounted) {
                    inFlight.decrementAndGet();
                }
                exchange.close();
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    List<Long> arrivalsNanos() {
        return List.copyOf(arrivalsNanos);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
