package io.camelarena.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Where a decision's time goes, read from Camel's own route and processor statistics over JMX (the ManagedRoute and
 * ManagedProcessor MBeans, extended statistics level): mean and total processing time per stage.
 */
final class StageStats {

    /** A stage: how to recognise its MBean (route, and for processors a text of their definition). */
    private record Stage(String label, String route, String processorMarker) {
    }

    private static final List<Stage> STAGES = List.of(
            new Stage("whole decision (route decide-account)", "decide-account", null),
            new Stage("  portfolio load (DB read)", "decide-account", "loadPortfolio"),
            new Stage("  prompt build", "decide-account", "buildPrompt"),
            new Stage("  model call (route call-model)", "call-model", null),
            new Stage("    limiter acquire", "call-model", "model-limits-acquire"),
            new Stage("    request/reply JSON (prepare + read)", "model-attempt", "modelCallSteps"),
            new Stage("    HTTP round trip (toD)", "model-attempt", "toD"),
            new Stage("  parse reply", "ask-model", "parseReply"),
            new Stage("  validate", "ask-model", "validate"),
            new Stage("  execute order (DB transaction)", "decide-account", "execute"),
            new Stage("  log row build", "decide-account", "decisionLogRows"),
            new Stage("  log write (route log-decision: grouped seal + insert)", "log-decision", null));

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    /** Resets every route and processor counter of the context. */
    void reset() throws Exception {
        for (ObjectName name : server.queryNames(new ObjectName("org.apache.camel:type=context,*"), null)) {
            server.invoke(name, "reset", new Object[] {true}, new String[] {"boolean"});
        }
    }

    /** One line per stage: exchanges, mean ms, total ms and share of the decide-account total. */
    List<String> report() throws Exception {
        Map<String, double[]> values = new LinkedHashMap<>();
        for (Stage stage : STAGES) {
            values.put(stage.label(), stage.processorMarker() == null ? route(stage.route()) : processors(stage));
        }
        double decideTotal = values.get(STAGES.get(0).label())[2];
        List<String> lines = new ArrayList<>();
        lines.add(String.format("| %-54s | %9s | %9s | %10s | %7s |", "stage", "exchanges", "mean ms", "total ms",
                "share"));
        lines.add("|" + "-".repeat(56) + "|" + "-".repeat(11) + "|" + "-".repeat(11) + "|" + "-".repeat(12) + "|"
                + "-".repeat(9) + "|");
        // Camel counts whole milliseconds per exchange: a stage that always takes less than 1 ms shows as < 1.
        values.forEach((label, v) -> lines.add(String.format("| %-54s | %9d | %9s | %10.0f | %6.1f%% |",
                label, (long) v[0], v[0] > 0 && v[2] == 0 ? "< 1" : String.format("%.2f", v[1]), v[2],
                decideTotal > 0 ? 100 * v[2] / decideTotal : 0)));
        return lines;
    }

    private double[] route(String routeId) throws Exception {
        Set<ObjectName> names = server.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null);
        for (ObjectName name : names) {
            if (routeId.equals(server.getAttribute(name, "RouteId"))) {
                return counters(name);
            }
        }
        return new double[3];
    }

    private double[] processors(Stage stage) throws Exception {
        double exchanges = 0;
        double total = 0;
        for (ObjectName name : server.queryNames(new ObjectName("org.apache.camel:type=processors,*"), null)) {
            if (!stage.route().equals(server.getAttribute(name, "RouteId"))) {
                continue;
            }
            String id = String.valueOf(server.getAttribute(name, "ProcessorId"));
            String xml = String.valueOf(server.invoke(name, "dumpProcessorAsXml", null, null));
            boolean match = stage.processorMarker().equals("toD") ? xml.contains("<toD")
                    : id.equals(stage.processorMarker()) || xml.contains(stage.processorMarker());
            if (match && !xml.contains("<doTry") && !xml.contains("<choice")) {
                double[] c = counters(name);
                exchanges = Math.max(exchanges, c[0]);
                total += c[2];
            }
        }
        return new double[] {exchanges, exchanges > 0 ? total / exchanges : 0, total};
    }

    private double[] counters(ObjectName name) throws Exception {
        long exchanges = ((Number) server.getAttribute(name, "ExchangesCompleted")).longValue()
                + ((Number) server.getAttribute(name, "ExchangesFailed")).longValue();
        long total = ((Number) server.getAttribute(name, "TotalProcessingTime")).longValue();
        return new double[] {exchanges, exchanges > 0 ? (double) total / exchanges : 0, total};
    }
}
