package io.camelarena.app;

import io.camelarena.account.AccountSettings;
import io.camelarena.market.MarketSteps;
import io.camelarena.prompt.AccountPrompts;
import io.camelarena.prompt.PromptBuilder;
import io.camelarena.prompt.PromptTemplateReloader;
import io.camelarena.prompt.PromptTemplates;
import io.camelarena.tick.TickLifecycle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prompt (docs/prompt.md): the templates of arena.prompt.templates-dir, the
 * template of each account (arena.accounts.&lt;name&gt;.prompt-template, else arena.prompt.template), the builder, and
 * the safe reload of the templates (validated, applied between ticks, like the routes).
 */
public class PromptConfiguration extends StageConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(PromptConfiguration.class);

    private Path directory() {
        return Path.of(props.string("arena.prompt.templates-dir"));
    }

    private PromptTemplates templates() {
        return once("promptTemplates", () -> {
            Path dir = directory();
            String defaultName = props.string("arena.prompt.template");
            if (Files.isDirectory(dir)) {
                try {
                    PromptTemplates t = PromptTemplates.load(dir, defaultName);
                    LOG.info("prompt templates {} from {}", t.names(), dir.toAbsolutePath());
                    return t;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the prompt templates in " + dir, e);
                }
            }
            if (!defaultName.equals(PromptTemplates.DEFAULT)) {
                throw new IllegalStateException("arena.prompt.template is " + defaultName + " but the templates "
                        + "directory " + dir.toAbsolutePath() + " does not exist");
            }
            LOG.warn("prompt templates directory {} does not exist: the shipped prompt.ftl is used, not watched",
                    dir.toAbsolutePath());
            return PromptTemplates.builtIn();
        });
    }

    /** The prompt builder and each account's template. */
    @BindToRegistry("accountPrompts")
    public AccountPrompts accountPrompts(@BeanInject("arenaAccounts") List<AccountSettings> accounts,
            @BeanInject("arenaSymbols") List<String> symbols, @BeanInject("marketSteps") MarketSteps marketSteps) {
        return once("accountPrompts", () -> {
            PromptTemplates templates = templates();
            Map<String, String> byAccount = new LinkedHashMap<>();
            for (AccountSettings account : accounts) {
                String key = "arena.accounts." + account.name() + ".prompt-template";
                props.optional(key).ifPresent(name -> {
                    if (!templates.names().contains(name)) {
                        throw new IllegalStateException(key + " is " + name + ", which is not a template of "
                                + directory() + " " + templates.names());
                    }
                    byAccount.put(account.name(), name);
                });
            }
            PromptBuilder builder = new PromptBuilder(props.integer("arena.prompt.max-chars"), symbols, templates,
                    props.integer("arena.prompt.history-max-chars"), marketSteps.provider());
            return new AccountPrompts(builder, byAccount);
        });
    }

    @BindToRegistry("arenaTemplateReloader")
    public PromptTemplateReloader templateReloader(@BeanInject("tickLifecycle") TickLifecycle ticks,
            @BeanInject("arenaAccounts") List<AccountSettings> accounts,
            @BeanInject("arenaSymbols") List<String> symbols, @BeanInject("marketSteps") MarketSteps marketSteps) {
        AccountPrompts prompts = accountPrompts(accounts, symbols, marketSteps);
        Set<String> required = new LinkedHashSet<>(prompts.templateByAccount().values());
        required.add(templates().defaultName());
        boolean watch = Files.isDirectory(directory()) && props.bool("arena.prompt.templates.reload.enabled");
        return new PromptTemplateReloader(context, ticks, templates(), directory(), required,
                watch ? props.longValue("arena.routes.reload.poll-ms") : 0, CLOCK);
    }

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        camelContext.addService(bean("arenaTemplateReloader", PromptTemplateReloader.class));
    }
}
