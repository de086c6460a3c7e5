package io.camelarena.app;

import io.camelarena.cluster.ClusterSettings;
import io.camelarena.config.HttpServerSettings;
import org.apache.camel.BindToRegistry;

/** What several stages read about the runtime itself: its HTTP server and its place in a cluster. */
public class RuntimeConfiguration extends StageConfiguration {

    /** Checked first: a port another process holds stops the start-up before the database is opened. */
    @BindToRegistry("arenaHttpServer")
    public HttpServerSettings httpServer() {
        HttpServerSettings server = HttpServerSettings.from(props);
        server.requireFreePort();
        return server;
    }

    @BindToRegistry("arenaCluster")
    public ClusterSettings cluster() {
        return ClusterSettings.from(props);
    }
}
