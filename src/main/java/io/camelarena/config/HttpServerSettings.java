package io.camelarena.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The embedded HTTP server Camel Main starts from {@code camel.server.*}: the decision API, the web page,
 * {@code /observe/health} and {@code /observe/metrics} share it.
 */
public record HttpServerSettings(boolean enabled, String host, int port) {

    public static HttpServerSettings from(ArenaProperties props) {
        return new HttpServerSettings(props.bool("camel.server.enabled"), props.string("camel.server.host"),
                props.integer("camel.server.port"));
    }

    /**
     * The embedded HTTP server only logs a port it cannot bind and the runtime would run on without its API and
     * health checks (while a client reaches whatever holds the port): refuse to start instead.
     */
    public void requireFreePort() {
        if (!enabled || port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("HTTP port " + host + ":" + port + " is not available (" + e.getMessage()
                    + "); another process holds it: set camel.server.port to a free port");
        }
    }

    /** {@code http://host:port}, for the start-up summary. */
    public String url() {
        return "http://" + host + ":" + port;
    }
}
