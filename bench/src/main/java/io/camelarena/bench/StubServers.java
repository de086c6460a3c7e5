package io.camelarena.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.camelarena.market.DemoMarketPlayback;
import io.camelarena.market.MarketRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local stand-ins for the internet, on one JDK HTTP server: Hyperliquid's {@code POST /info} (allMids prices, and the
 * venue context, candles and order books the offline demo plays back: {@link DemoMarketPlayback}), the CoinJournal
 * RSS feed ({@code GET /news/feed/}), both from the bundled demo data, and an OpenAI-compatible chat completions
 * endpoint ({@code POST /v1/chat/completions}) that answers after {@link #latencyMs(long)} with an open decision
 * when the prompt shows no position and a close decision otherwise, so every decision executes an order; and an
 * OTLP/HTTP sink ({@code POST /v1/traces}, {@code /v1/metrics}) for runs with OpenTelemetry on.
 */
final class StubServers implements AutoCloseable {

    static final String OPEN = """
            BTC keeps its momentum above the prior range high and the news flow is constructive. Opening a small \
            leveraged long with a tight allocation so one bad tick cannot hurt the account much.

            ```json
            {"operation": "open", "symbol": "BTC", "direction": "long", "target_portion_of_balance": 0.1, \
            "leverage": 2, "reason": "Momentum above range high with supportive news; small 2x long."}
            ```""";
    static final String CLOSE = """
            The long has done its job for this interval; locking in the result and going flat until the next \
            signal is clearer.

            ```json
            {"operation": "close", "symbol": "BTC", "direction": "long", "target_portion_of_balance": 1, \
            "leverage": 2, "reason": "Taking the BTC long off; waiting for a clearer setup."}
            ```""";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(600);
    private final AtomicLong latencyMs = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong modelCalls = new AtomicLong();
    private final AtomicLong traceRequests = new AtomicLong();
    private final AtomicLong metricRequests = new AtomicLong();
    private final AtomicLong otlpBytes = new AtomicLong();
    private final byte[] prices;
    private final DemoMarketPlayback playback = new DemoMarketPlayback();
    private final byte[] news;
    private final byte[] openReply;
    private final byte[] closeReply;

    StubServers() throws IOException {
        prices = resource("demo/prices/hyperliquid-allmids-001.json");
        playback.nextPricesJson(); // the venue context and books are scaled to the last played prices: the first
        news = resource("demo/news/coinjournal.xml");
        openReply = completion(OPEN).getBytes(StandardCharsets.UTF_8);
        closeReply = completion(CLOSE).getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 2048);
        server.createContext("/info", this::info);
        server.createContext("/news/feed/", exchange -> send(exchange, "application/rss+xml; charset=UTF-8", news));
        server.createContext("/v1/chat/completions", this::model);
        // An OTLP/HTTP sink for -Dbench.otel=true: takes the runtime's traces and metrics and counts them.
        server.createContext("/v1/traces", exchange -> otlp(exchange, traceRequests));
        server.createContext("/v1/metrics", exchange -> otlp(exchange, metricRequests));
        server.setExecutor(executor);
        server.start();
    }

    /** allMids from the first bundled snapshot; every other info type as the offline demo answers it. */
    private void info(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (body.contains("\"allMids\"")) {
            send(exchange, "application/json", prices);
            return;
        }
        String answer;
        try {
            answer = playback.answer(new MarketRequest("venue", null, null, "POST", baseUrl() + "/info", null, body,
                    Instant.now()));
        } catch (IllegalArgumentException e) {
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
            return;
        }
        send(exchange, "application/json", answer.getBytes(StandardCharsets.UTF_8));
    }

    private void model(HttpExchange exchange) throws IOException {
        modelCalls.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long delay = latencyMs.get();
            if (delay > 0) {
                Thread.sleep(delay);
            }
            send(exchange, "application/json", request.contains("Current Positions: none") ? openReply : closeReply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void otlp(HttpExchange exchange, AtomicLong requests) throws IOException {
        otlpBytes.addAndGet(exchange.getRequestBody().readAllBytes().length);
        requests.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    /** What the OTLP sink took so far. */
    String otlpSummary() {
        return traceRequests.get() + " trace requests, " + metricRequests.get() + " metric requests, "
                + (otlpBytes.get() >> 10) + " KiB";
    }

    private static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String completion(String content) {
        String escaped = content.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1795600000,"
                + "\"model\":\"bench-stub\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + escaped + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1400,\"completion_tokens\":120,\"total_tokens\":1520}}";
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = StubServers.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no resource " + name);
            }
            return in.readAllBytes();
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void latencyMs(long value) {
        latencyMs.set(value);
    }

    /** Highest number of model calls in flight at once since the last reset. */
    int resetMaxInFlight() {
        return maxInFlight.getAndSet(0);
    }

    long modelCalls() {
        return modelCalls.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
