package io.camelarena.runtime;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link RouteValidator} found in a set of route files: the problems (none when the set can be applied) and, for
 * every file that could be read, the ids of the routes and route configurations it declares.
 */
public record ValidationReport(List<RouteProblem> problems, Map<String, FileRoutes> files) {

    /**
     * The ids one route file declares, with the line of each route (a templated route's id counts as a route): its
     * routes, route configurations and route templates.
     */
    public record FileRoutes(Map<String, Integer> routeLines, Set<String> configurationIds, Set<String> templateIds) {

        public Set<String> routeIds() {
            return routeLines.keySet();
        }
    }

    public ValidationReport {
        problems = List.copyOf(problems);
        files = Map.copyOf(files);
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    /** Every route id of every file. */
    public Set<String> routeIds() {
        Set<String> ids = new java.util.LinkedHashSet<>();
        files.values().forEach(f -> ids.addAll(f.routeIds()));
        return ids;
    }

    public int routeCount() {
        return files.values().stream().mapToInt(f -> f.routeIds().size()).sum();
    }
}
