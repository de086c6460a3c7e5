package io.camelarena.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark of issue 6, on the real runtime and the real MariaDB with local stubs for prices, news and the model:
 *
 * <ol>
 *   <li>start-up time to the first tick, and resident memory after 1,000 decisions (first, in a cold JVM);</li>
 *   <li>decisions per second end to end with a zero-latency model, beside a plain-JDBC baseline doing the same
 *       database work in the same run, the ratio, and where the time goes (Camel route/processor statistics);</li>
 *   <li>bytes per ai_decision_logs row on MariaDB;</li>
 *   <li>tick makespan / model latency for N accounts at a fixed model latency.</li>
 * </ol>
 *
 * <p>Run from the project folder: {@code mvn -B -q -Pbench compile exec:exec}.
 * Settings are system properties ({@code -Dbench.sizes=10,100}), see {@link #main}. Not a test: nothing asserts.
 */
public final class ArenaBench {

    private ArenaBench() {
    }

    public static void main(String[] args) throws Exception {
        String server = setting("bench.mysql-url", "jdbc:mysql://127.0.0.1:3306/");
        String user = setting("bench.mysql-user", "root");
        int[] sizes = Arrays.stream(setting("bench.sizes", "10,100,200,500").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        long latencyMs = Long.parseLong(setting("bench.latency-ms", "1000"));
        int parallelism = Integer.parseInt(setting("bench.parallelism", "200"));
        int maxConcurrency = Integer.parseInt(setting("bench.max-concurrency", "200"));
        int throughputAccounts = Integer.parseInt(setting("bench.throughput-accounts", "100"));
        int throughputTicks = Integer.parseInt(setting("bench.throughput-ticks", "10"));
        int throughputParallelism = Integer.parseInt(setting("bench.throughput-parallelism", "16"));
        int rounds = Integer.parseInt(setting("bench.rounds", "2"));
        String phases = setting("bench.phases", "startup,throughput,makespan");

        // The JDK HTTP server of the stubs keeps at most 200 idle keep-alive connections by default and closes the
        // rest, which the runtime's pooled connections then find closed (NoHttpResponseException) at N > 200.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4000");
        // Without TCP_NODELAY the JDK server's response (headers, then body) meets the client's delayed ACK: every
        // stub call then takes ~40 ms (Nagle), which is the stub's cost, not the runtime's.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // The runtime's HTTP and management servers on free ports (8080 may be taken on a shared machine).
        System.setProperty("camel.server.port", "0");
        System.setProperty("camel.management.port", "0");
        List<String> out = new ArrayList<>();
        out.add("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + "; load average at start " + loadAverage());

        try (StubServers stubs = new StubServers()) {
            if (phases.contains("startup")) {
                startup(server, user, stubs, out);
            }
            if (phases.contains("throughput")) {
                throughput(server, user, stubs, throughputAccounts, throughputTicks, throughputParallelism, rounds,
                        out);
            }
            if (phases.contains("makespan")) {
                makespan(server, user, stubs, sizes, latencyMs, parallelism, maxConcurrency, out);
            }
            out.add("OpenTelemetry " + (Boolean.parseBoolean(setting("bench.otel", "false"))
                    ? "on (-Dbench.otel=true), OTLP sink took " + stubs.otlpSummary() : "off"));
        }
        out.add("load average at end " + loadAverage());
        System.out.println();
        System.out.println("==== camel-arena benchmark ====");
        out.forEach(System.out::println);
        System.exit(0);
    }

    /** (4) Start-up time to the first tick, and RSS after 1,000 decisions. */
    private static void startup(String server, String user, StubServers stubs, List<String> out) throws Exception {
        int accounts = 100;
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Map<String, String> o = new LinkedHashMap<>();
        o.put("arena.schedule.tick-on-start", "true");
        o.put("arena.schedule.first-tick-delay-ms", "0");
        stubs.latencyMs(0);
        long t0 = System.currentTimeMillis();
        try (BenchRuntime rt = BenchRuntime.start(server, user, stubs.baseUrl(), accounts, o)) {
            long started = System.currentTimeMillis();
            while (rt.scalarLong("SELECT COUNT(*) FROM market_ticks") < 1) {
                Thread.sleep(5);
            }
            long firstTick = System.currentTimeMillis();
            long decisions = rt.scalarLong("SELECT COUNT(*) FROM ai_decision_logs");
            while (decisions < 1000) {
                rt.tick();
                decisions = rt.scalarLong("SELECT COUNT(*) FROM ai_decision_logs");
            }
            out.add("");
            out.add("## (4) start-up and memory (" + accounts + " accounts, zero-latency model, cold JVM)");
            out.add(String.format("runtime start (Main.start(): Flyway on an empty database, account sync, %d routes)"
                    + ": %d ms", rt.context.getRoutes().size(), started - t0));
            out.add(String.format("Main.start() called -> first tick recorded (first-tick-delay-ms=0): %d ms",
                    firstTick - t0));
            out.add(String.format("JVM start -> first tick recorded: %d ms", firstTick - jvmStart));
            Runtime r = Runtime.getRuntime();
            out.add(String.format("after %d decisions: RSS %s, peak RSS %s, heap used %d MiB of %d MiB committed"
                    + " (whole bench JVM: runtime + stub servers)", decisions, procStatus("VmRSS"),
                    procStatus("VmHWM"), (r.totalMemory() - r.freeMemory()) >> 20, r.totalMemory() >> 20));
            System.gc();
            out.add(String.format("  after System.gc(): RSS %s, heap used %d MiB", procStatus("VmRSS"),
                    (r.totalMemory() - r.freeMemory()) >> 20));
        }
    }

    /** (2) decisions/s vs plain JDBC, (3) time per stage, (5) bytes per row. */
    private static void throughput(String server, String user, StubServers stubs, int accounts, int ticks,
            int parallelism, int rounds, List<String> out) throws Exception {
        stubs.latencyMs(0);
        Map<String, String> o = new LinkedHashMap<>();
        o.put("arena.decide.parallelism", String.valueOf(parallelism));
        try (BenchRuntime rt = BenchRuntime.start(server, user, stubs.baseUrl(), accounts, o)) {
            for (int i = 0; i < 4; i++) {
                rt.tick(); // warm-up: JIT, connections
            }
            StageStats stats = new StageStats();
            PlainJdbcBaseline baseline = new PlainJdbcBaseline(rt.dataSource(), parallelism);
            baseline.run(2); // warm-up
            out.add("");
            out.add(String.format("## (2) throughput, zero-latency model: %d accounts, parallelism %d (DB pool %d),"
                    + " %d ticks per measurement, alternating", accounts, parallelism, Math.min(parallelism + 4, 32),
                    ticks));
            stats.reset();
            double pipelineMs = 0;
            double baselineMs = 0;
            for (int round = 1; round <= rounds; round++) {
                long before = rt.scalarLong("SELECT COUNT(*) FROM ai_decision_logs WHERE status = 'EXECUTED'");
                double ms = 0;
                for (int t = 0; t < ticks; t++) {
                    ms += rt.tick();
                }
                long executed = rt.scalarLong("SELECT COUNT(*) FROM ai_decision_logs WHERE status = 'EXECUTED'")
                        - before;
                double jdbc = baseline.run(ticks).stream().mapToDouble(Double::doubleValue).sum();
                pipelineMs += ms;
                baselineMs += jdbc;
                double pipeRate = accounts * ticks / (ms / 1000);
                double jdbcRate = baseline.accounts() * ticks / (jdbc / 1000);
                out.add(String.format("round %d: pipeline %.0f decisions/s (%d of %d executed), plain JDBC %.0f"
                        + " decisions/s (%d deadlock retries so far), ratio %.2f; load average %s", round, pipeRate,
                        executed, accounts * ticks, jdbcRate, baseline.deadlocks(), pipeRate / jdbcRate,
                        loadAverage()));
            }
            double pipeRate = accounts * ticks * rounds / (pipelineMs / 1000);
            double jdbcRate = accounts * ticks * rounds / (baselineMs / 1000);
            out.add(String.format("overall: pipeline %.0f decisions/s, plain JDBC %.0f decisions/s, ratio %.2f"
                    + " (target >= 0.5)", pipeRate, jdbcRate, pipeRate / jdbcRate));

            out.add("");
            out.add("## (3) time per decision by stage (Camel route/processor statistics of the measured pipeline"
                    + " ticks; means are per exchange, so they overlap across the " + parallelism + " threads)");
            out.addAll(stats.report());

            out.add("");
            out.add("## (5) bytes per ai_decision_logs row on MariaDB");
            rt.scalarString("ANALYZE TABLE ai_decision_logs");
            long rows = rt.scalarLong("SELECT COUNT(*) FROM ai_decision_logs");
            long data = rt.scalarLong("SELECT data_length FROM information_schema.TABLES WHERE table_schema = '"
                    + rt.database + "' AND table_name = 'ai_decision_logs'");
            long index = rt.scalarLong("SELECT index_length FROM information_schema.TABLES WHERE table_schema = '"
                    + rt.database + "' AND table_name = 'ai_decision_logs'");
            double payload = rt.scalarDouble("SELECT AVG(LENGTH(user_prompt) + COALESCE(LENGTH(reasoning_trace), 0)"
                    + " + COALESCE(LENGTH(llm_output), 0)) FROM ai_decision_logs");
            double prompt = rt.scalarDouble("SELECT AVG(CHAR_LENGTH(user_prompt)) FROM ai_decision_logs");
            out.add(String.format("%d rows: data_length %d B, index_length %d B -> %.0f B/row data, %.0f B/row with"
                    + " indexes; text payload (prompt + reply + parsed JSON, UTF-8 bytes) %.0f B/row; prompt %.0f"
                    + " chars on average", rows, data, index, (double) data / rows, (double) (data + index) / rows,
                    payload, prompt));
        }
    }

    /** (1) Tick makespan / model latency for each N. */
    private static void makespan(String server, String user, StubServers stubs, int[] sizes, long latencyMs,
            int parallelism, int maxConcurrency, List<String> out) throws Exception {
        out.add("");
        out.add(String.format("## (1) tick makespan at %d ms model latency: arena.decide.parallelism=%d,"
                + " arena.model.openai.max-concurrency=%d (DB pool %d, HTTP connections per route %d)", latencyMs,
                parallelism, maxConcurrency, Math.min(parallelism + 4, 32), Math.max(20, parallelism)));
        out.add("| N | makespan ms (2 ticks) | makespan / latency | bound ceil(N/min(P,C)) | max calls in flight |"
                + " mean model latency_ms | load |");
        out.add("|---|---|---|---|---|---|---|");
        for (int n : sizes) {
            Map<String, String> o = new LinkedHashMap<>();
            o.put("arena.decide.parallelism", String.valueOf(parallelism));
            o.put("arena.model.openai.max-concurrency", String.valueOf(maxConcurrency));
            try (BenchRuntime rt = BenchRuntime.start(server, user, stubs.baseUrl(), n, o)) {
                stubs.latencyMs(0);
                rt.tick(); // warm-up
                rt.tick();
                stubs.latencyMs(latencyMs);
                stubs.resetMaxInFlight();
                double first = rt.tick();
                String firstTick = rt.lastTickId;
                double second = rt.tick();
                int maxInFlight = stubs.resetMaxInFlight();
                double meanLatency = rt.scalarDouble("SELECT AVG(latency_ms) FROM ai_decision_logs WHERE tick_id IN ('"
                        + firstTick + "', '" + rt.lastTickId + "')");
                long notExecuted = rt.scalarLong("SELECT COUNT(*) FROM ai_decision_logs WHERE tick_id IN ('"
                        + firstTick + "', '" + rt.lastTickId + "') AND status <> 'EXECUTED'");
                double best = Math.min(first, second);
                out.add(String.format("| %d | %.0f / %.0f | %.2f | %d | %d | %.0f | %s |%s", n, first, second,
                        best / latencyMs, (n + Math.min(parallelism, maxConcurrency) - 1)
                                / Math.min(parallelism, maxConcurrency), maxInFlight, meanLatency, loadAverage(),
                        notExecuted > 0 ? " " + notExecuted + " decisions not executed!" : ""));
            }
        }
    }

    private static String procStatus(String key) {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(key + ":"))
                    .map(l -> {
                        long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
                        return (kb >> 10) + " MiB";
                    }).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "?";
        }
    }

    static String setting(String key, String defaultValue) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
