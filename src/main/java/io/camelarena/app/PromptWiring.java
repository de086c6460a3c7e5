package io.camelarena.app;

import io.camelarena.account.AccountSettings;
import io.camelarena.config.ArenaProperties;
import io.camelarena.prompt.PromptBuilder;
import io.camelarena.prompt.PromptTemplateReloader;
import io.camelarena.prompt.PromptTemplates;
import io.camelarena.tick.TickLifecycle;
import java.time.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prompt (README "What the model sees"): the templates of {@code arena.prompt.templates-dir} (default
 * {@code templates/}), the template of each account ({@code arena.accounts.<name>.prompt-template}, default
 * {@code arena.prompt.template}) and the prompt builder. Kept apart so ArenaConfiguration gains few lines.
 */
final class PromptWiring {

    private static final Logger LOG = LoggerFactory.getLogger(PromptWiring.class);

    /** The prompt builder and which template each account uses (null: the default). */
    record Prompts(PromptBuilder builder, Function<AccountSettings, String> templateOf, Path directory,
            Map<String, String> accountTemplates, boolean watchable) {
    }

    /**
     * Watches the templates directory (validated edits applied between ticks, like the routes) when it exists and
     * arena.prompt.templates.reload.enabled (default: arena.routes.reload.enabled).
     */
    static PromptTemplateReloader watch(CamelContext context, ArenaProperties props, Prompts prompts,
            TickLifecycle ticks, Clock clock) throws Exception {
        java.util.Set<String> required = new java.util.LinkedHashSet<>(prompts.accountTemplates().values());
        required.add(prompts.builder().templates().defaultName());
        boolean enabled = prompts.watchable() && props.bool("arena.prompt.templates.reload.enabled",
                props.bool("arena.routes.reload.enabled", true));
        PromptTemplateReloader reloader = new PromptTemplateReloader(context, ticks, prompts.builder().templates(),
                prompts.directory(), required, enabled ? props.longValue("arena.routes.reload.poll-ms", 1000) : 0,
                clock);
        context.getRegistry().bind("arenaTemplateReloader", reloader);
        context.addService(reloader);
        return reloader;
    }

    private PromptWiring() {
    }

    static Prompts create(CamelContext context, ArenaProperties props, List<String> symbols,
            List<AccountSettings> accounts, String venueProvider) throws IOException {
        Path dir = Path.of(props.string("arena.prompt.templates-dir", "templates"));
        String defaultName = props.string("arena.prompt.template", PromptTemplates.DEFAULT);
        PromptTemplates templates;
        if (Files.isDirectory(dir)) {
            templates = PromptTemplates.load(dir, defaultName);
            LOG.info("prompt templates {} from {}", templates.names(), dir.toAbsolutePath());
        } else {
            if (!defaultName.equals(PromptTemplates.DEFAULT)) {
                throw new IllegalStateException("arena.prompt.template is " + defaultName + " but the templates "
                        + "directory " + dir.toAbsolutePath() + " does not exist");
            }
            LOG.warn("prompt templates directory {} does not exist: the shipped prompt.ftl is used, not watched",
                    dir.toAbsolutePath());
            templates = PromptTemplates.builtIn();
        }
        Map<String, String> byAccount = new LinkedHashMap<>();
        for (AccountSettings account : accounts) {
            props.optional("arena.accounts." + account.name() + ".prompt-template").ifPresent(name -> {
                if (!templates.names().contains(name)) {
                    throw new IllegalStateException("arena.accounts." + account.name() + ".prompt-template is "
                            + name + ", which is not a template of " + dir + " " + templates.names());
                }
                byAccount.put(account.name(), name);
            });
        }
        PromptBuilder builder = new PromptBuilder(props.integer("arena.prompt.max-chars", 10_000), symbols,
                templates, props.integer("arena.prompt.history-max-chars", PromptBuilder.DEFAULT_HISTORY_CHARS),
                venueProvider);
        context.getRegistry().bind("promptTemplates", templates);
        return new Prompts(builder, a -> byAccount.get(a.name()), dir, Map.copyOf(byAccount),
                Files.isDirectory(dir));
    }
}
