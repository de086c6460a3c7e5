package io.camelarena.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Camel Main load the {@link RouteSet}. With an overlay (or when only some files are wanted, as by the replay
 * command) it sets Camel Main's include pattern to exactly the set's files; without, the include pattern stays as
 * configured. A {@link CamelConfiguration} because Camel Main calls these after it has applied {@code camel.main.*}
 * (from the properties file, {@code -D} flags and the environment) and before it loads the routes.
 */
public final class RouteSetLoading implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RouteSetLoading.class);

    private final MainConfigurationProperties main;
    private final List<String> onlyFiles;

    private RouteSetLoading(MainConfigurationProperties main, List<String> onlyFiles) {
        this.main = main;
        this.onlyFiles = onlyFiles;
    }

    /** Camel Main loads the configured route set. */
    public static void install(MainConfigurationProperties main) {
        main.addConfiguration(new RouteSetLoading(main, null));
    }

    /** Camel Main loads only these files (by name) of the configured route set; each must be in it. */
    public static void install(MainConfigurationProperties main, List<String> fileNames) {
        main.addConfiguration(new RouteSetLoading(main, List.copyOf(fileNames)));
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        RouteSet routes = RouteSet.configured(key -> key.equals(RouteSet.INCLUDE_PATTERN_PROPERTY)
                ? Optional.ofNullable(main.getRoutesIncludePattern())
                : context.getPropertiesComponent().resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty()));
        if (onlyFiles == null && routes.overlay().isEmpty()) {
            return;
        }
        List<Path> load = new ArrayList<>(routes.read().keySet());
        if (onlyFiles != null) {
            Set<String> missing = new TreeSet<>(onlyFiles);
            load.removeIf(file -> !onlyFiles.contains(file.getFileName().toString()));
            load.forEach(file -> missing.remove(file.getFileName().toString()));
            if (!missing.isEmpty()) {
                throw new IllegalStateException("route files " + missing + " are missing from " + routes.describe());
            }
        }
        main.setRoutesIncludePattern(RouteSet.includePattern(load));
        if (routes.overlay().isPresent()) {
            LOG.info("route files: {}", routes.describe());
        }
    }
}
