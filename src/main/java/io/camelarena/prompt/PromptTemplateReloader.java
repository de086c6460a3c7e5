package io.camelarena.prompt;

import io.camelarena.runtime.RouteProblem;
import io.camelarena.tick.TickLifecycle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Safe reload of the prompt templates, with the routes' rule: the templates directory is polled; a change is taken
 * once the files have stayed the same for one poll, validated as a whole ({@link PromptTemplates#validate}: every file
 * parses and renders the sample data; the default template and every account's template are still there) and applied
 * strictly between ticks; an edit that fails is refused (a WARN per problem with file:line, kept for JMX and the
 * health check until a later save is applied or the files are back to the running version) and the running templates
 * stay.
 */
public final class PromptTemplateReloader extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(PromptTemplateReloader.class);

    private final CamelContext context;
    private final TickLifecycle ticks;
    private final PromptTemplates templates;
    private final Path directory;
    private final Collection<String> required;
    private final long pollMs;
    private final Clock clock;

    // guarded by this
    private SortedMap<Path, String> applied;
    private SortedMap<Path, String> lastSeen;
    private SortedMap<Path, String> refusedFiles;
    private volatile String refused = "";
    private volatile String lastReload = "";
    private ScheduledExecutorService executor;

    /** @param required template names that must stay (the default and the accounts' templates) */
    public PromptTemplateReloader(CamelContext context, TickLifecycle ticks, PromptTemplates templates, Path directory,
            Collection<String> required, long pollMs, Clock clock) {
        this.context = context;
        this.ticks = ticks;
        this.templates = templates;
        this.directory = directory;
        this.required = Set.copyOf(required);
        this.pollMs = pollMs;
        this.clock = clock;
    }

    @Override
    protected synchronized void doStart() throws Exception {
        applied = Files.isDirectory(directory) ? PromptTemplates.readTemplateFiles(directory) : new TreeMap<>();
        lastSeen = applied;
        if (Files.isDirectory(directory) && pollMs > 0) {
            executor = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                    "arena-template-reload");
            executor.scheduleWithFixedDelay(this::poll, pollMs, pollMs, TimeUnit.MILLISECONDS);
            LOG.info("prompt templates in {} are watched (every {} ms); valid edits are applied between ticks",
                    directory, pollMs);
        }
    }

    @Override
    protected void doStop() {
        if (executor != null) {
            context.getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
    }

    /** {@code templates/x.ftl:12: cause (refused at ...)} of the last refused edit, or an empty string. */
    public String lastRefusedEditSummary() {
        return refused;
    }

    public String lastReload() {
        return lastReload;
    }

    /** Validates the directory now and applies it when it changed and is valid (waits up to 30 s for a tick). */
    public synchronized String reloadNow() {
        try {
            SortedMap<Path, String> current = PromptTemplates.readTemplateFiles(directory);
            lastSeen = current;
            if (current.equals(applied)) {
                clearRefusal();
                return "no change: the templates are the running version";
            }
            return reload(current, 30_000);
        } catch (Exception e) {
            LOG.warn("prompt template reload failed: {}", e.toString());
            return "failed: " + e;
        }
    }

    synchronized void poll() {
        if (!context.isStarted() || !Files.isDirectory(directory)) {
            return;
        }
        try {
            SortedMap<Path, String> current = PromptTemplates.readTemplateFiles(directory);
            if (current.equals(applied)) {
                lastSeen = current;
                refusedFiles = null;
                clearRefusal();
                return;
            }
            if (!current.equals(lastSeen)) {
                lastSeen = current; // still being written? taken once it stays the same for one poll
                return;
            }
            if (current.equals(refusedFiles)) {
                return;
            }
            reload(current, pollMs);
        } catch (Exception e) {
            LOG.warn("prompt templates check failed: {}", e.toString());
        }
    }

    private String reload(SortedMap<Path, String> current, long maxWaitForTickMs) throws Exception {
        List<RouteProblem> problems = problems(current);
        if (!problems.isEmpty()) {
            RouteProblem first = problems.get(0);
            refused = first + (problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : "")
                    + " (refused at " + clock.instant() + ")";
            refusedFiles = current;
            problems.forEach(p -> LOG.warn("prompt template edit refused, the running templates are unchanged: {}",
                    p));
            return "refused: " + refused;
        }
        boolean ran = ticks.runBetweenTicks(maxWaitForTickMs, () -> templates.apply(current));
        if (!ran) {
            return "waiting: tick " + ticks.runningTickId() + " is still running; the change is applied after it";
        }
        applied = current;
        refusedFiles = null;
        Instant now = clock.instant();
        lastReload = now + ": " + current.keySet().stream().map(p -> p.getFileName().toString()).toList();
        LOG.info("prompt templates reloaded: {}", lastReload);
        clearRefusal();
        return "applied: " + lastReload;
    }

    /** The validator's problems plus a missing default or account template. */
    List<RouteProblem> problems(SortedMap<Path, String> files) {
        List<RouteProblem> problems = new ArrayList<>(PromptTemplates.validate(files));
        Set<String> names = new java.util.HashSet<>();
        files.keySet().forEach(f -> names.add(f.getFileName().toString()));
        for (String name : required) {
            if (!names.contains(name)) {
                problems.add(new RouteProblem(directory.resolve(name).toString(), 0, "template " + name
                        + " is in use (the default or an account's arena.accounts.<name>.prompt-template) and may "
                        + "not be removed"));
            }
        }
        return problems;
    }

    private void clearRefusal() {
        if (!refused.isEmpty()) {
            LOG.info("refused prompt template edit cleared");
            refused = "";
        }
    }
}
