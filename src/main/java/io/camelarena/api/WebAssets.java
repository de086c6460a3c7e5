package io.camelarena.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Serves the web page from the classpath ({@code web/} in the jar): {@code /} is {@code web/index.html},
 * {@code /web/<file>} a file next to it, and {@code /api/openapi.json} the API description. Only plain file names are
 * served (no sub-folders, no dots first), so no path can leave {@code web/}.
 */
public class WebAssets {

    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,80}");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "json", "application/json; charset=utf-8", "svg", "image/svg+xml", "png", "image/png",
            "ico", "image/x-icon");

    public void index(Exchange exchange) {
        serve(exchange, "index.html");
    }

    public void openapi(Exchange exchange) {
        serve(exchange, "openapi.json");
    }

    public void asset(Exchange exchange) {
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        String name = path != null && !path.isEmpty() ? path : uri;
        if (name != null) {
            int q = name.indexOf('?');
            name = q < 0 ? name : name.substring(0, q);
            name = name.substring(name.lastIndexOf('/') + 1);
            if (uri != null && !uri.split("\\?")[0].equals("/web/" + name)) {
                name = null;
            }
        }
        serve(exchange, name);
    }

    private void serve(Exchange exchange, String name) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        byte[] content = null;
        if (name != null && FILE.matcher(name).matches() && !name.contains("..")) {
            try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream("web/" + name)) {
                content = in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                content = null;
            }
        }
        if (content == null) {
            ApiSupport.error(exchange, ApiException.notFound("no such file"));
            return;
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, TYPES.getOrDefault(ext, "application/octet-stream"));
        // Checked again on each load (a new jar serves its new files at once); the Content-Security-Policy, nosniff and
        // the other security headers come from the HttpGuard, on every answer.
        message.setHeader("Cache-Control", "no-cache");
        message.setBody(content);
    }
}
