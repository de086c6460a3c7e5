package io.camelarena.app;

import io.camelarena.model.ApiKeys;
import io.camelarena.model.BedrockClients;
import io.camelarena.model.BedrockConverse;
import io.camelarena.model.ModelCallSteps;
import io.camelarena.model.ModelLimits;
import io.camelarena.model.ModelPrices;
import io.camelarena.model.ModelRetryPolicy;
import io.camelarena.model.OpenAiChat;
import io.camelarena.model.SimulatedModel;
import io.camelarena.model.SimulatedProvider;
import java.net.URI;
import java.time.Duration;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model calls: the keys (found by the name of their variable, remembered so they are scrubbed from every text), the
 * provider clients, per-provider limits and the retry policy.
 */
public class ModelConfiguration extends StageConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ModelConfiguration.class);

    @BindToRegistry("apiKeys")
    public ApiKeys apiKeys() {
        return once("apiKeys", () -> new ApiKeys(props::secret));
    }

    @BindToRegistry(value = "arenaBedrockClients", destroyMethod = "close")
    public BedrockClients bedrockClients() {
        return once("arenaBedrockClients", () -> new BedrockClients(apiKeys(),
                props.optional("arena.model.bedrock.endpoint-override").map(URI::create),
                Duration.ofMillis(props.longValue("arena.model.bedrock.timeout-ms"))));
    }

    @BindToRegistry("modelLimits")
    public ModelLimits modelLimits() {
        return once("modelLimits", () -> new ModelLimits(props::optional));
    }

    /** The price table (arena.pricing.*): what each decision's tokens cost, stored on its log row. */
    @BindToRegistry("modelPrices")
    public ModelPrices modelPrices() {
        return once("modelPrices", () -> ModelPrices.from(props.keysStartingWith(ModelPrices.PREFIX),
                props::optional));
    }

    @BindToRegistry("modelCallSteps")
    public ModelCallSteps modelCallSteps() {
        return new ModelCallSteps(new OpenAiChat(), new BedrockConverse(), bedrockClients(),
                new SimulatedProvider(new SimulatedModel(), props.decimal("arena.model.simulated.failure-rate"),
                        props.longValue("arena.model.simulated.slow-answer-ms")),
                apiKeys(), props::optional);
    }

    @BindToRegistry("modelRetryPolicy")
    public ModelRetryPolicy modelRetryPolicy() {
        return new ModelRetryPolicy(props.integer("arena.model.retry.max-attempts"),
                props.longValue("arena.model.retry.initial-delay-ms"),
                props.doubleValue("arena.model.retry.multiplier"),
                props.longValue("arena.model.retry.max-delay-ms"),
                props.doubleValue("arena.model.retry.jitter"),
                props.longValue("arena.tick.deadline-ms"),
                apiKeys());
    }

    /**
     * camel-http's connection pool (default 20 per host, 200 in all) would queue model calls beyond 20 per provider
     * host: it follows the decide parallelism unless camel.component.http.connections-per-route /
     * max-total-connections are set.
     */
    @Override
    public void configure(CamelContext camelContext) {
        int parallelism = props.integer("arena.decide.parallelism");
        HttpComponent http = camelContext.getComponent("http", HttpComponent.class);
        if (props.optional("camel.component.http.connections-per-route").isEmpty()) {
            http.setConnectionsPerRoute(Math.max(20, parallelism));
        }
        if (props.optional("camel.component.http.max-total-connections").isEmpty()) {
            http.setMaxTotalConnections(Math.max(200, 2 * parallelism + 8));
        }
        LOG.info("arena: model-call limits {}", modelLimits().describe());
        LOG.info("arena: {} priced models (arena.pricing.*)", modelPrices().keys().size());
    }
}
