package io.camelarena.app;

import com.zaxxer.hikari.HikariDataSource;
import io.camelarena.account.AccountCatalog;
import io.camelarena.account.AccountSettings;
import io.camelarena.account.PortfolioRepository;
import io.camelarena.decide.DecisionSteps;
import io.camelarena.decision.DecisionValidator;
import io.camelarena.decision.ReplyParser;
import io.camelarena.decisionlog.DecisionLogFailures;
import io.camelarena.decisionlog.DecisionLogRowBuilder;
import io.camelarena.execution.OrderExecutor;
import io.camelarena.market.DemoMarketReplay;
import io.camelarena.market.MarketSnapshotAggregator;
import io.camelarena.market.MarketSteps;
import io.camelarena.market.NewsDigestBuilder;
import io.camelarena.market.PriceParser;
import io.camelarena.model.ApiKeys;
import io.camelarena.model.BedrockClients;
import io.camelarena.model.BedrockConverse;
import io.camelarena.model.ModelCallSteps;
import io.camelarena.model.OpenAiChat;
import io.camelarena.model.SimulatedModel;
import io.camelarena.prompt.PromptBuilder;
import io.camelarena.tick.TickLifecycle;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the arena's beans into the Camel registry under the names the YAML routes use, after migrating the database
 * and syncing the configured accounts into it. Every setting is read from {@code arena.*} properties.
 */
public class ArenaConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ArenaConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        ArenaProperties props = new ArenaProperties(context.getPropertiesComponent());
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();

        List<String> symbols = props.list("arena.symbols", "BTC,ETH,SOL,BNB,XRP,DOGE").stream()
                .map(s -> s.toUpperCase(Locale.ROOT)).toList();
        int parallelism = props.integer("arena.decide.parallelism", 16);
        if (parallelism < 1) {
            throw new IllegalStateException("arena.decide.parallelism must be at least 1, was " + parallelism);
        }

        String dbUrl = props.string("arena.db.url", ArenaDataSource.DEFAULT_URL);
        HikariDataSource dataSource = ArenaDataSource.create(dbUrl, props.string("arena.db.username", "sa"),
                props.string("arena.db.password", ""), props.integer("arena.db.pool-size", parallelism + 4),
                props.longValue("arena.db.connect-timeout-ms", 10_000));
        context.addService(new Closer("arena-db", dataSource::close));
        ArenaDataSource.migrate(dataSource);
        registry.bind("arenaDataSource", dataSource);

        AccountCatalog catalog = new AccountCatalog(props);
        List<AccountSettings> accounts = catalog.sync(dataSource, catalog.declared());
        List<AccountSettings> active = accounts.stream().filter(AccountSettings::active).toList();
        registry.bind("arenaAccounts", accounts);

        ApiKeys apiKeys = new ApiKeys(props::optional);
        // Keys are remembered up front so they are scrubbed even from text produced before the first call.
        accounts.forEach(a -> apiKeys.resolve(a.apiKeyEnv()));

        ExecutorService decidePool = context.getExecutorServiceManager()
                .newFixedThreadPool(this, "arena-decide", parallelism);
        registry.bind("arenaDecidePool", decidePool);

        // market
        int newsMaxChars = props.integer("arena.market.news.max-chars", 4000);
        MarketSteps marketSteps = new MarketSteps(
                new PriceParser(props.string("arena.market.prices.binance-quote", "USDT")),
                new NewsDigestBuilder(newsMaxChars), symbols,
                props.string("arena.market.prices.provider", "hyperliquid"),
                props.string("arena.market.prices.url", ""));
        registry.bind("marketSteps", marketSteps);
        registry.bind("marketSnapshotAggregator", new MarketSnapshotAggregator(symbols, clock));
        registry.bind("demoMarketReplay", new DemoMarketReplay());

        // decide
        registry.bind("tickLifecycle", new TickLifecycle(() -> active, clock));
        registry.bind("decisionSteps", new DecisionSteps(
                new PortfolioRepository(dataSource),
                new PromptBuilder(props.integer("arena.prompt.max-chars", 10_000), symbols),
                new ReplyParser(),
                new DecisionValidator(),
                new OrderExecutor(dataSource, props.decimal("arena.trading.taker-fee-rate", new BigDecimal("0.0007"))),
                apiKeys, symbols));

        // model calls
        Optional<URI> bedrockEndpoint = props.optional("arena.model.bedrock.endpoint-override").map(URI::create);
        BedrockClients bedrockClients = new BedrockClients(apiKeys, bedrockEndpoint,
                Duration.ofMillis(props.longValue("arena.model.bedrock.timeout-ms", 60_000)));
        context.addService(new Closer("bedrock-clients", bedrockClients::close));
        registry.bind("modelCallSteps", new ModelCallSteps(new OpenAiChat(), new BedrockConverse(), bedrockClients,
                new SimulatedModel(), apiKeys, props::optional));

        // decision log
        registry.bind("decisionLogRows", new DecisionLogRowBuilder(apiKeys));
        registry.bind("decisionLogFailures", new DecisionLogFailures());

        LOG.info("arena: database {}, {} symbols {}, {} active of {} accounts {}, decide parallelism {}",
                ArenaDataSource.redact(dbUrl), symbols.size(), symbols, active.size(), accounts.size(),
                active.stream().map(a -> a.name() + "(" + a.provider() + ":" + a.model() + ")").toList(),
                parallelism);
    }

    /** Closes a resource when the Camel context stops. */
    private static final class Closer extends ServiceSupport {
        private final String name;
        private final Runnable close;

        Closer(String name, Runnable close) {
            this.name = name;
            this.close = close;
        }

        @Override
        protected void doStop() {
            close.run();
        }

        @Override
        public String toString() {
            return "Closer[" + name + "]";
        }
    }
}
