package io.camelarena.app;

import io.camelarena.api.AccountApi;
import io.camelarena.api.ApiAccess;
import io.camelarena.api.ApiErrors;
import io.camelarena.api.ApiResponseHeaders;
import io.camelarena.api.DecisionApi;
import io.camelarena.api.ExportStream;
import io.camelarena.api.HttpGuard;
import io.camelarena.api.LeaderboardApi;
import io.camelarena.api.ReplayApi;
import io.camelarena.api.WebAssets;
import io.camelarena.config.HttpServerSettings;
import io.camelarena.replay.OutcomeSettings;
import io.camelarena.replay.ReplayService;
import io.camelarena.score.ScoreMetrics;
import io.camelarena.score.Scoreboard;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.RestConfiguration;

/**
 * The decision API and web page (the contract-first REST route of {@code routes/api-rest.camel.yaml} and the
 * {@code routes/api-*.camel.yaml} operations).
 */
public class ApiConfiguration extends StageConfiguration {

    /** Bound beyond loopback, the API needs a bearer token: without one (arena.api.token) the start-up stops. */
    @BindToRegistry("apiAccess")
    public ApiAccess apiAccess(@BeanInject("arenaHttpServer") HttpServerSettings server) {
        return server.enabled() ? ApiAccess.forHost(server.host(), props.optional("arena.api.token"))
                : ApiAccess.forHost("127.0.0.1", Optional.empty());
    }

    @BindToRegistry("apiErrors")
    public ApiErrors apiErrors() {
        return new ApiErrors();
    }

    @BindToRegistry("apiResponseHeaders")
    public ApiResponseHeaders apiResponseHeaders() {
        return new ApiResponseHeaders();
    }

    @BindToRegistry("decisionApi")
    public DecisionApi decisionApi(@BeanInject("arenaDataSource") DataSource dataSource,
            @BeanInject("replayOutcomes") OutcomeSettings outcomes) {
        return new DecisionApi(dataSource, outcomes);
    }

    @BindToRegistry("accountApi")
    public AccountApi accountApi(@BeanInject("arenaDataSource") DataSource dataSource) {
        return new AccountApi(dataSource);
    }

    /** The scoreboard (docs/scoreboard.md): its histories live as long as the runtime. */
    @BindToRegistry("scoreboard")
    public Scoreboard scoreboard(@BeanInject("arenaSymbols") List<String> symbols) {
        return new Scoreboard(new ScoreMetrics(props.integer("arena.score.bootstrap-resamples"),
                props.longValue("arena.score.bootstrap-seed")), symbols, props.decimal("arena.trading.taker-fee-rate"));
    }

    @BindToRegistry("leaderboardApi")
    public LeaderboardApi leaderboardApi(@BeanInject("arenaDataSource") DataSource dataSource,
            @BeanInject("scoreboard") Scoreboard scoreboard) {
        return new LeaderboardApi(dataSource, scoreboard);
    }

    @BindToRegistry("replayApi")
    public ReplayApi replayApi(@BeanInject("arenaDataSource") DataSource dataSource,
            @BeanInject("replayService") ReplayService replayService) {
        return new ReplayApi(dataSource, replayService);
    }

    @BindToRegistry("webAssets")
    public WebAssets webAssets() {
        return new WebAssets();
    }

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        HttpServerSettings server = bean("arenaHttpServer", HttpServerSettings.class);
        if (server.enabled()) {
            // Every request on the embedded server passes the HttpGuard first: Host, cross-origin writes, JSON bodies.
            HttpGuard guard = HttpGuard.of(server.host(), props.listOrEmpty("arena.api.allowed-hosts"),
                    props.listOrEmpty("arena.api.allowed-origins"), props.longValue("camel.server.max-body-size"));
            Set<Integer> ports = new TreeSet<>(List.of(server.port()));
            if (props.bool("camel.management.enabled")) {
                ports.add(props.integer("camel.management.port"));
            }
            camelContext.addService(guard.installer(camelContext, ports));
            // once started, the leaderboard reads the history ahead of its first request
            LeaderboardApi leaderboard = bean("leaderboardApi", LeaderboardApi.class);
            camelContext.addStartupListener((context, alreadyStarted) -> leaderboard.warmUp());
        }
        // The API's HTTP consumer answers with the headers the API sets, never with echoes of the request's.
        RestConfiguration rest = camelContext.getRestConfiguration();
        Map<String, Object> endpoint = new HashMap<>(rest.getEndpointProperties() == null ? Map.of()
                : rest.getEndpointProperties());
        endpoint.put("headerFilterStrategy", "#apiResponseHeaders");
        rest.setEndpointProperties(endpoint);
        // An export streams from the database as the client reads it. The REST route would copy the body its
        // operation returned into a stream cache (memory) on the way out: never an export.
        camelContext.getStreamCachingStrategy().setDenyClasses(ExportStream.class.getName());
    }
}
