package io.camelarena.runtime;

import io.camelarena.runtime.ValidationReport.FileRoutes;
import io.camelarena.tick.TickLifecycle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Safe reload of the YAML routes while the runtime runs. The route files ({@link RouteSet}: the routes directory and
 * its overlay, if any) are polled; a change is applied once the files have stayed the same for one poll (an editor's
 * save is complete), and only when the whole set validates ({@link RouteValidator}). A file an overlay replaces is
 * not in the set: editing it changes nothing. An invalid edit is refused: a WARN per problem (file, line, cause), the
 * running routes stay as they are, and the refusal is kept ({@link #lastRefusedEdit()}) until a later save is applied or the files are
 * back to the running version. A valid edit is applied strictly between ticks ({@link TickLifecycle#runBetweenTicks}):
 * routes of changed and added files are updated, routes of deleted files (or ids no longer declared) are removed. If
 * Camel still fails to create or start a route, the previous contents of the touched files are loaded again.
 */
public final class RouteReloader extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RouteReloader.class);
    private static final long QUIET_WAIT_MS = 5_000;

    /** A refused edit: where the (first) problem is, why, when, and every problem found. */
    public record RefusedEdit(String file, int line, String message, Instant time, List<String> problems) {

        public RefusedEdit {
            problems = List.copyOf(problems);
        }

        /** {@code routes/x.yaml:12: cause (refused at 2025-11-25T12:00:00Z)}, plus a count of further problems. */
        public String summary() {
            String where = line > 0 ? file + ":" + line : file;
            String more = problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : "";
            return where + ": " + message + more + " (refused at " + time + ")";
        }
    }

    private final CamelContext context;
    private final TickLifecycle ticks;
    private final RouteSet routes;
    private final Path directory;
    private final boolean watch;
    private final long pollMs;
    private final Clock clock;
    private final RouteValidator validator;

    // Guarded by this: the files the running routes were loaded from, the files seen at the last poll, and the
    // files of the last refused edit (not validated again until they change).
    private SortedMap<Path, String> applied;
    private SortedMap<Path, String> lastSeen;
    private SortedMap<Path, String> refusedFiles;
    private ValidationReport appliedReport;
    private String waitingForTick;
    private boolean directoryMissing;

    private volatile RefusedEdit refused;
    private volatile String lastReload = "";
    private ScheduledExecutorService executor;

    public RouteReloader(CamelContext context, TickLifecycle ticks, RouteSet routes, boolean watch, long pollMs,
            Clock clock) {
        this.context = context;
        this.ticks = ticks;
        this.routes = routes;
        this.directory = routes.directory();
        this.watch = watch;
        this.pollMs = pollMs;
        this.clock = clock;
        this.validator = new RouteValidator(context::resolvePropertyPlaceholders);
    }

    @Override
    protected synchronized void doStart() throws Exception {
        if (!Files.isDirectory(directory)) {
            LOG.warn("routes directory {} does not exist: route files are not watched", directory.toAbsolutePath());
            applied = new TreeMap<>();
        } else {
            // The files Camel Main has just loaded the routes from.
            applied = routes.read();
        }
        lastSeen = applied;
        if (watch && Files.isDirectory(directory)) {
            executor = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "arena-route-reload");
            executor.scheduleWithFixedDelay(this::poll, pollMs, pollMs, TimeUnit.MILLISECONDS);
            LOG.info("route files {} are watched (every {} ms); valid edits are applied between ticks",
                    routes.describe(), pollMs);
        }
    }

    @Override
    protected void doStop() {
        if (executor != null) {
            context.getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
    }

    /** The last refused edit, until a later save is applied (or the files are back to the running version). */
    public Optional<RefusedEdit> lastRefusedEdit() {
        return Optional.ofNullable(refused);
    }

    /** {@link RefusedEdit#summary()} of the last refused edit, or an empty string: for JMX and the health check. */
    public String lastRefusedEditSummary() {
        RefusedEdit edit = refused;
        return edit == null ? "" : edit.summary();
    }

    /** When and what the last applied reload changed, or an empty string. */
    public String lastReload() {
        return lastReload;
    }

    public Path routesDirectory() {
        return directory;
    }

    /** The route files this runtime runs and watches. */
    public RouteSet routeSet() {
        return routes;
    }

    public boolean isWatching() {
        return executor != null;
    }

    /**
     * Validates the routes directory now and applies it when it changed and is valid (waits up to 30 s for a tick in
     * flight). For the JMX operation; works also when watching is off.
     *
     * @return what happened, in one line
     */
    public synchronized String reloadNow() {
        try {
            SortedMap<Path, String> current = routes.read();
            lastSeen = current;
            if (current.equals(applied)) {
                clearRefusal("route files are the running version");
                return "no change: the route files are the running version";
            }
            return reload(current, 30_000);
        } catch (Exception e) {
            LOG.warn("route reload failed: {}", e.toString());
            return "failed: " + e;
        }
    }

    synchronized void poll() {
        if (!context.isStarted()) {
            return;
        }
        try {
            Optional<Path> gone = Files.isDirectory(directory)
                    ? routes.overlayDirectory().filter(overlay -> !Files.isDirectory(overlay)) : Optional.of(directory);
            if (gone.isPresent()) {
                if (!directoryMissing) {
                    LOG.warn("routes directory {} is gone: the running routes stay as they are", gone.get());
                    directoryMissing = true;
                }
                return;
            }
            directoryMissing = false;
            runningReport(); // validated once up front, so that the first edit is checked quickly
            SortedMap<Path, String> current = routes.read();
            if (current.equals(applied)) {
                lastSeen = current;
                refusedFiles = null;
                clearRefusal("route files are back to the running version");
                return;
            }
            if (!current.equals(lastSeen)) {
                lastSeen = current; // still being written? apply once it stays the same for one poll
                return;
            }
            if (current.equals(refusedFiles)) {
                return;
            }
            reload(current, pollMs);
        } catch (Exception e) {
            LOG.warn("route files check failed: {}", e.toString());
        }
    }

    private String reload(SortedMap<Path, String> current, long maxWaitForTickMs) throws Exception {
        ValidationReport next = validator.validate(current);
        if (!next.valid()) {
            refuse(next.problems(), current);
            return "refused: " + refused.summary();
        }
        ValidationReport running = runningReport();

        Set<Path> changed = new LinkedHashSet<>();
        current.forEach((file, content) -> {
            if (!content.equals(applied.get(file))) {
                changed.add(file);
            }
        });
        Set<Path> deleted = new LinkedHashSet<>(applied.keySet());
        deleted.removeAll(current.keySet());
        Set<String> removedIds = new LinkedHashSet<>(running.routeIds());
        removedIds.removeAll(next.routeIds());
        Set<String> addedIds = new LinkedHashSet<>(next.routeIds());
        addedIds.removeAll(running.routeIds());

        // A changed route configuration or route template applies to routes only when they are created: reload every
        // file then.
        boolean configurationsTouched = false;
        for (Path file : union(changed, deleted)) {
            configurationsTouched |= declaresConfiguration(running, file) || declaresConfiguration(next, file);
        }
        Set<Path> toLoad = configurationsTouched ? current.keySet() : changed;

        String[] outcome = new String[1];
        boolean ran = ticks.runBetweenTicks(maxWaitForTickMs,
                () -> outcome[0] = apply(current, next, toLoad, deleted, removedIds, addedIds));
        if (!ran) {
            String tick = ticks.runningTickId();
            if (!Objects.equals(waitingForTick, tick)) {
                LOG.info("route change in {} waits for tick {} to finish", directory, tick);
                waitingForTick = tick;
            }
            return "waiting: tick " + tick + " is still running; the change is applied after it";
        }
        waitingForTick = null;
        return outcome[0];
    }

    /** The ids declared by the running files (checked once; the files loaded at start-up may have problems). */
    private ValidationReport runningReport() {
        if (appliedReport == null) {
            appliedReport = validator.validate(applied);
            appliedReport.problems().forEach(p -> LOG.warn("route files loaded at start-up: {}", p));
        }
        return appliedReport;
    }

    /** Runs between ticks. */
    private String apply(SortedMap<Path, String> current, ValidationReport next, Set<Path> toLoad, Set<Path> deleted,
            Set<String> removedIds, Set<String> addedIds) throws Exception {
        awaitNoExchangeInFlight();
        SortedMap<Path, String> previous = applied;
        try {
            for (String id : removedIds) {
                removeRoute(id);
            }
            Set<String> updated = toLoad.isEmpty() ? Set.of()
                    : PluginHelper.getRoutesLoader(context).updateRoutes(resources(toLoad, current));
            for (String id : next.routeIds()) {
                if (context.getRoute(id) == null) {
                    throw new IllegalStateException("route " + id + " is not running after the update");
                }
            }
            applied = current;
            appliedReport = next;
            refusedFiles = null;
            List<String> what = new ArrayList<>();
            if (!toLoad.isEmpty()) {
                what.add("updated " + updated + " from " + names(toLoad));
            }
            if (!removedIds.isEmpty() || !deleted.isEmpty()) {
                what.add("removed " + removedIds + (deleted.isEmpty() ? "" : " (deleted " + names(deleted) + ")"));
            }
            lastReload = clock.instant() + ": " + String.join(", ", what);
            LOG.info("routes reloaded: {}", lastReload);
            clearRefusal(null);
            return "applied: " + lastReload;
        } catch (Exception failure) {
            LOG.warn("route edit could not be applied ({}); restoring the previous routes", describe(failure));
            restore(previous, union(toLoad, deleted), addedIds);
            RouteProblem problem = problemOf(failure, next);
            refuse(List.of(problem), current);
            return "refused: " + refused.summary();
        }
    }

    private void restore(SortedMap<Path, String> previous, Set<Path> touched, Set<String> addedIds) {
        for (String id : addedIds) {
            try {
                removeRoute(id);
            } catch (Exception e) {
                LOG.warn("could not remove route {} while restoring: {}", id, e.toString());
            }
        }
        Set<Path> restore = new LinkedHashSet<>(touched);
        restore.retainAll(previous.keySet());
        try {
            PluginHelper.getRoutesLoader(context).updateRoutes(resources(restore, previous));
            LOG.warn("previous routes of {} restored", names(restore));
        } catch (Exception e) {
            LOG.error("restoring the previous routes of {} failed: {}", names(restore), e.toString(), e);
        }
    }

    private void removeRoute(String id) throws Exception {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        RouteDefinition definition = model == null ? null : model.getRouteDefinition(id);
        if (definition != null) {
            model.removeRouteDefinition(definition); // stops the route (gracefully) and removes it
        } else if (context.getRoute(id) != null) {
            context.getRouteController().stopRoute(id);
            context.removeRoute(id);
        }
    }

    /** After the tick has ended, its exchange may still write its market_ticks row: let it finish (bounded). */
    private void awaitNoExchangeInFlight() throws InterruptedException {
        long deadline = System.currentTimeMillis() + QUIET_WAIT_MS;
        while (context.getInflightRepository().size() > 0) {
            if (System.currentTimeMillis() > deadline) {
                LOG.info("applying route changes with {} exchange(s) still in flight",
                        context.getInflightRepository().size());
                return;
            }
            Thread.sleep(20);
        }
    }

    private void refuse(List<RouteProblem> problems, SortedMap<Path, String> files) {
        RouteProblem first = problems.get(0);
        refused = new RefusedEdit(first.file(), first.line(), first.message(), clock.instant(),
                problems.stream().map(RouteProblem::toString).toList());
        refusedFiles = files;
        for (RouteProblem problem : problems) {
            LOG.warn("route edit refused, the running routes are unchanged: {}", problem);
        }
    }

    private void clearRefusal(String why) {
        if (refused != null) {
            LOG.info("refused route edit cleared{}", why == null ? "" : ": " + why);
            refused = null;
        }
    }

    private static RouteProblem problemOf(Exception failure, ValidationReport next) {
        String routeId = null;
        for (Throwable t = failure; t != null && routeId == null; t = t.getCause()) {
            if (t instanceof FailedToCreateRouteException created) {
                routeId = created.getRouteId();
            } else if (t instanceof FailedToStartRouteException started) {
                routeId = started.getRouteId();
            }
        }
        for (Map.Entry<String, FileRoutes> file : next.files().entrySet()) {
            Integer line = routeId == null ? null : file.getValue().routeLines().get(routeId);
            if (line != null) {
                return new RouteProblem(file.getKey(), line, "route " + routeId + " could not be started, previous "
                        + "routes restored: " + describe(failure));
            }
        }
        return new RouteProblem("(route files)", 0, "could not be applied, previous routes restored: "
                + describe(failure));
    }

    private static String describe(Throwable failure) {
        Throwable root = io.camelarena.support.Failures.rootCause(failure);
        return root == failure ? failure.getMessage() : failure.getMessage() + " (" + root.getMessage() + ")";
    }

    private static boolean declaresConfiguration(ValidationReport report, Path file) {
        FileRoutes routes = report.files().get(file.toString());
        return routes != null && (!routes.configurationIds().isEmpty() || !routes.templateIds().isEmpty());
    }

    private static List<Resource> resources(Set<Path> files, Map<Path, String> contents) {
        List<Resource> resources = new ArrayList<>();
        for (Path file : files) {
            resources.add(ResourceHelper.fromString("file:" + file, contents.get(file)));
        }
        return resources;
    }

    private static Set<Path> union(Set<Path> a, Set<Path> b) {
        Set<Path> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private List<String> names(Set<Path> files) {
        return files.stream().map(routes::name).toList();
    }
}
