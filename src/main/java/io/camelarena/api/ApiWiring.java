package io.camelarena.api;

import io.camelarena.app.ArenaProperties;
import javax.sql.DataSource;
import org.apache.camel.spi.Registry;

/** Binds the decision API's beans under the names the {@code routes/api-*.yaml} routes use. */
public final class ApiWiring {

    private ApiWiring() {
    }

    /** @return the access rule, for the start-up summary */
    public static ApiAccess bind(Registry registry, ArenaProperties props, DataSource dataSource) {
        // camel.server.host unset means Camel's default, every interface.
        ApiAccess access = props.bool("camel.server.enabled", false)
                ? ApiAccess.forHost(props.string("camel.server.host", "0.0.0.0"), props.optional("arena.api.token"))
                : ApiAccess.forHost("127.0.0.1", java.util.Optional.empty());
        registry.bind("apiAccess", access);
        registry.bind("decisionApi", new DecisionApi(dataSource));
        registry.bind("accountApi", new AccountApi(dataSource));
        registry.bind("leaderboardApi", new LeaderboardApi(dataSource));
        registry.bind("webAssets", new WebAssets());
        return access;
    }
}
