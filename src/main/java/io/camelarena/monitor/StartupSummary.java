package io.camelarena.monitor;

import io.camelarena.account.AccountSettings;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.StartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The block printed once the runtime is up: version, routes (file and id) and the route files they come from (with a
 * profile's overlay), schedule, symbols, accounts (never
 * keys), database (never the password), HTTP endpoints with the API's operations (as its OpenAPI document lists
 * them), JMX.
 */
public final class StartupSummary implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(StartupSummary.class);

    /**
     * @param apiOperations the API's operations ("GET /api/decisions"), empty when the HTTP server is off
     * @param routeFiles    the route files, as {@code RouteSet.describe()} names them
     */
    public record Facts(String schedule, List<String> symbols, List<AccountSettings> accounts, String database,
            String httpEndpoint, List<String> apiOperations, String jmx, String routeFiles) {
    }

    private final Facts facts;

    private static final int WIDTH = 118;

    public StartupSummary(Facts facts) {
        this.facts = facts;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the summary is printed once everything, routes included, has started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        LOG.info("\n{}", render(context));
    }

    String render(CamelContext context) {
        List<String> lines = new ArrayList<>();
        lines.add("camel-arena " + version() + " on Apache Camel " + context.getVersion() + " is running");
        // Compact, so the start-up stays readable: each route's file and endpoint are in `validate` and on JMX.
        lines.addAll(wrapped("  routes:   ", context.getRoutes().size() + " running: ",
                context.getRoutes().stream().map(Route::getRouteId).sorted().toList()));
        lines.add("  files:    " + facts.routeFiles());
        lines.add("  schedule: " + facts.schedule());
        lines.add("  symbols:  " + String.join(",", facts.symbols()));
        lines.add("  accounts:");
        for (AccountSettings a : facts.accounts()) {
            lines.add("    " + pad(a.name(), 20) + " " + pad(a.provider(), 10) + " " + a.model()
                    + (a.active() ? "" : "  (inactive)"));
        }
        lines.add("  database: " + facts.database());
        lines.add("  http:     " + facts.httpEndpoint());
        if (!facts.apiOperations().isEmpty()) {
            lines.addAll(wrapped("  api:      ", "", facts.apiOperations()));
        }
        lines.add("  jmx:      " + facts.jmx());
        return String.join("\n", lines);
    }

    public static String version() {
        try (InputStream in = StartupSummary.class.getResourceAsStream("/arena-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.startsWith("$")) {
                    return v;
                }
            }
        } catch (IOException ignored) {
            // fall through to "dev"
        }
        return "dev";
    }

    /** {@code label}{@code first}item, item, ... wrapped at {@value #WIDTH} characters under the first item. */
    static List<String> wrapped(String label, String first, List<String> items) {
        List<String> lines = new ArrayList<>();
        String indent = " ".repeat(label.length());
        StringBuilder line = new StringBuilder(label).append(first);
        boolean empty = true;
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i) + (i < items.size() - 1 ? "," : "");
            if (!empty && line.length() + 1 + item.length() > WIDTH) {
                lines.add(line.toString());
                line = new StringBuilder(indent);
                empty = true;
            }
            line.append(empty ? "" : " ").append(item);
            empty = false;
        }
        lines.add(line.toString());
        return lines;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
