package io.camelarena.app;

import io.camelarena.account.DecisionHistoryRepository;
import io.camelarena.account.PortfolioRepository;
import io.camelarena.agent.DecisionSteps;
import io.camelarena.agent.ModelAnswerMerge;
import io.camelarena.decision.DecisionValidator;
import io.camelarena.decision.ReplyParser;
import io.camelarena.execution.OrderExecutor;
import io.camelarena.model.ApiKeys;
import io.camelarena.prompt.AccountPrompts;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

/** The agent: each active account decides (portfolio, prompt, model answer, validation, paper order) in a pool. */
public class AgentConfiguration extends StageConfiguration {

    /** Accounts deciding at the same time. */
    @BindToRegistry("arenaDecidePool")
    public ExecutorService decidePool() {
        int parallelism = props.integerAtLeast("arena.decide.parallelism", 1);
        return context.getExecutorServiceManager().newFixedThreadPool(this, "arena-decide", parallelism);
    }

    @BindToRegistry("decisionSteps")
    public DecisionSteps decisionSteps(@BeanInject("arenaDataSource") DataSource dataSource,
            @BeanInject("apiKeys") ApiKeys apiKeys, @BeanInject("arenaSymbols") List<String> symbols,
            @BeanInject("accountPrompts") AccountPrompts prompts) {
        return once("decisionSteps", () -> {
            DecisionSteps steps = new DecisionSteps(
                    new PortfolioRepository(dataSource),
                    prompts.builder(),
                    new ReplyParser(),
                    new DecisionValidator(),
                    new OrderExecutor(dataSource, props.decimal("arena.trading.taker-fee-rate"),
                            maintenanceMarginRates(), CLOCK),
                    apiKeys, symbols);
            steps.promptTemplateOf(prompts::templateOf);
            // the accounts' own last decisions in their prompts
            steps.decisionHistory(new DecisionHistoryRepository(dataSource,
                    props.integerAtLeast("arena.prompt.history", 0)));
            return steps;
        });
    }

    /** {@code arena.trading.maintenance-margin-rate.<SYMBOL>}: symbol to its configured rate, in [0, 1). */
    private java.util.Map<String, java.math.BigDecimal> maintenanceMarginRates() {
        String prefix = "arena.trading.maintenance-margin-rate.";
        java.util.Map<String, java.math.BigDecimal> rates = new java.util.HashMap<>();
        for (String key : props.keysStartingWith(prefix)) {
            props.optional(key).ifPresent(value -> {
                java.math.BigDecimal rate;
                try {
                    rate = new java.math.BigDecimal(value);
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("property " + key + " must be a number, was '" + value + "'");
                }
                if (rate.signum() < 0 || rate.compareTo(java.math.BigDecimal.ONE) >= 0) {
                    throw new IllegalStateException("property " + key + " must be at least 0 and below 1, was "
                            + value);
                }
                rates.put(key.substring(prefix.length()).trim(), rate);
            });
        }
        return rates;
    }

    /** Merges the model's answer back into the decision record (the enricher's aggregation strategy). */
    @BindToRegistry("modelAnswerMerge")
    public ModelAnswerMerge modelAnswerMerge(@BeanInject("arenaDataSource") DataSource dataSource,
            @BeanInject("apiKeys") ApiKeys apiKeys, @BeanInject("arenaSymbols") List<String> symbols,
            @BeanInject("accountPrompts") AccountPrompts prompts) {
        return new ModelAnswerMerge(decisionSteps(dataSource, apiKeys, symbols, prompts));
    }
}
