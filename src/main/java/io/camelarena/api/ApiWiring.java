package io.camelarena.api;

import io.camelarena.config.ArenaProperties;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.RestConfiguration;

/**
 * Binds the decision API's beans under the names the {@code routes/api-*.yaml} routes use, sets up the API's HTTP
 * consumer (the contract-first REST route of {@code routes/api-rest.camel.yaml}) and puts the {@link HttpGuard} in
 * front of every path of the embedded server.
 */
public final class ApiWiring {

    private ApiWiring() {
    }

    /** @return the access rule, for the start-up summary */
    public static ApiAccess bind(CamelContext context, ArenaProperties props, DataSource dataSource)
            throws Exception {
        Registry registry = context.getRegistry();
        // camel.server.host unset means Camel's default, every interface.
        ApiAccess access = props.bool("camel.server.enabled", false)
                ? ApiAccess.forHost(props.string("camel.server.host", "0.0.0.0"), props.optional("arena.api.token"))
                : ApiAccess.forHost("127.0.0.1", java.util.Optional.empty());
        registry.bind("apiAccess", access);
        registry.bind("apiErrors", new ApiErrors());
        registry.bind("apiResponseHeaders", new ApiResponseHeaders());
        registry.bind("decisionApi", new DecisionApi(dataSource));
        registry.bind("accountApi", new AccountApi(dataSource));
        registry.bind("leaderboardApi", new LeaderboardApi(dataSource));
        registry.bind("webAssets", new WebAssets());

        // The API's HTTP consumer answers with the headers the API sets, never with echoes of the request's.
        RestConfiguration rest = context.getRestConfiguration();
        Map<String, Object> endpoint = new HashMap<>(rest.getEndpointProperties() == null ? Map.of()
                : rest.getEndpointProperties());
        endpoint.put("headerFilterStrategy", "#apiResponseHeaders");
        rest.setEndpointProperties(endpoint);
        if (props.bool("camel.server.enabled", false)) {
            // Every request on the embedded server passes the HttpGuard first: Host, cross-origin writes, JSON bodies.
            HttpGuard guard = new HttpGuard(new AllowedHosts(props.string("camel.server.host", "0.0.0.0"),
                    props.list("arena.api.allowed-hosts", "")), props.list("arena.api.allowed-origins", ""),
                    props.longValue("camel.server.max-body-size", 0));
            int port = props.integer("camel.server.port", 8080);
            Set<Integer> ports = new TreeSet<>(List.of(port));
            if (props.bool("camel.management.enabled", false)) {
                ports.add(props.integer("camel.management.port", port));
            }
            context.addService(guard.installer(context, ports));
        }
        // An export streams from the database as the client reads it. The REST route would copy the body its
        // operation returned into a stream cache (memory) on the way out: never an export.
        context.getStreamCachingStrategy().setDenyClasses(ExportStream.class.getName());
        return access;
    }
}
