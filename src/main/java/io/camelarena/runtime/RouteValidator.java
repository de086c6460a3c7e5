package io.camelarena.runtime;

import io.camelarena.runtime.ValidationReport.FileRoutes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.LineNumberAware;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.catalog.RuntimeCamelCatalog;
import org.apache.camel.catalog.impl.AbstractCamelCatalog;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.model.TryDefinition;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.UnsafeUriCharactersEncoder;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Checks a whole set of YAML route files before any of them is applied, and names file, line and cause of every
 * problem: YAML syntax and DSL structure (the files are loaded into a scratch CamelContext that is never started, so
 * no endpoint, bean or database is touched), explicit and unique route ids, every static {@code direct:} target
 * consumed by some route, every {@code {{property}}} placeholder resolvable, and known components and endpoint
 * options for every static endpoint URI (Camel's runtime catalog, from the component metadata in the component jars).
 * Dynamic URIs ({@code toD} with {@code ${...}}) are only checked for a known scheme when the scheme is static.
 */
public final class RouteValidator {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.+?)}}");

    private final UnaryOperator<String> placeholders;

    /**
     * @param placeholders resolves {@code {{...}}} placeholders in a text, throwing when one is unknown (for example
     *                     {@code camelContext::resolvePropertyPlaceholders})
     */
    public RouteValidator(UnaryOperator<String> placeholders) {
        this.placeholders = placeholders;
    }

    /** The {@code *.yaml} files directly in a directory, by name, with their contents. */
    public static SortedMap<Path, String> readRouteFiles(Path dir) throws IOException {
        SortedMap<Path, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.filter(RouteValidator::isRouteFile).toList()) {
                files.put(file, Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    static boolean isRouteFile(Path file) {
        return file.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(file);
    }

    public ValidationReport validateDirectory(Path dir) throws IOException {
        return validate(readRouteFiles(dir));
    }

    /** Validates the files as one set: ids and {@code direct:} targets are checked across all of them. */
    public ValidationReport validate(SortedMap<Path, String> files) {
        List<RouteProblem> problems = new ArrayList<>();
        Map<String, FileRoutes> info = new LinkedHashMap<>();
        Map<String, Located> routeIds = new LinkedHashMap<>();
        Map<String, Located> configurationIds = new LinkedHashMap<>();
        Map<String, Located> directConsumers = new LinkedHashMap<>();
        List<Endpoint> endpoints = new ArrayList<>();
        List<Located> configurationRefs = new ArrayList<>();

        // Never started, so never stopped: nothing in it runs or holds resources.
        DefaultCamelContext scratch = new DefaultCamelContext(false);
        try {
            scratch.setSourceLocationEnabled(true);
            scratch.build();
            RoutesLoader loader = PluginHelper.getRoutesLoader(scratch);
            AbstractCamelCatalog catalog = (AbstractCamelCatalog) scratch.getCamelContextExtension()
                    .getContextPlugin(RuntimeCamelCatalog.class);

            // A file that cannot be read may hold the consumer of a direct: call: its problem is the one to report.
            boolean unreadable = false;
            Map<String, Located> templateIds = new LinkedHashMap<>();
            Map<String, RouteTemplateDefinition> templates = new LinkedHashMap<>();
            Map<Located, TemplatedRouteDefinition> templatedRoutes = new LinkedHashMap<>();
            for (Map.Entry<Path, String> entry : files.entrySet()) {
                String name = entry.getKey().toString();
                String content = entry.getValue();

                List<RouteDefinition> routes = new ArrayList<>();
                List<RouteConfigurationDefinition> configurations = new ArrayList<>();
                List<RouteTemplateDefinition> fileTemplates = new ArrayList<>();
                List<TemplatedRouteDefinition> fileTemplatedRoutes = new ArrayList<>();
                try {
                    load(scratch, loader, entry.getKey(), content, routes, configurations, fileTemplates,
                            fileTemplatedRoutes);
                } catch (Exception e) {
                    problems.addAll(checkPlaceholders(name, content, Set.of()));
                    problems.add(loadProblem(name, e));
                    unreadable = true;
                    continue;
                }
                Set<String> parameterNames = new LinkedHashSet<>();
                Set<String> fileTemplateIds = new LinkedHashSet<>();
                for (RouteTemplateDefinition template : fileTemplates) {
                    template.getTemplateParameters().forEach(p -> parameterNames.add(p.getName()));
                    String id = template.getId();
                    int line = lineOf(template, 0);
                    if (id == null || id.isBlank()) {
                        problems.add(new RouteProblem(name, line, "routeTemplate without an id: give it an explicit "
                                + "id (id: my-template) so templated routes can refer to it"));
                        continue;
                    }
                    fileTemplateIds.add(id);
                    templates.put(id, template);
                    Located previous = templateIds.putIfAbsent(id, new Located(name, line, id));
                    if (previous != null) {
                        problems.add(new RouteProblem(name, line, "duplicate routeTemplate id '" + id
                                + "' (also declared in " + previous.where() + ")"));
                    }
                }
                // A template's own {{parameter}} placeholders are filled by each templated route, not by properties.
                problems.addAll(checkPlaceholders(name, content, parameterNames));

                Map<String, Integer> fileRouteIds = new LinkedHashMap<>();
                Set<String> fileConfigurationIds = new LinkedHashSet<>();
                for (RouteConfigurationDefinition configuration : configurations) {
                    String id = configuration.getId();
                    int line = configuration.getLineNumber();
                    if (id == null || id.isBlank()) {
                        problems.add(new RouteProblem(name, line, "routeConfiguration without an id: give it an "
                                + "explicit id (id: my-configuration) so routes can refer to it"));
                        continue;
                    }
                    fileConfigurationIds.add(id);
                    Located previous = configurationIds.putIfAbsent(id, new Located(name, line, id));
                    if (previous != null) {
                        problems.add(new RouteProblem(name, line, "duplicate routeConfiguration id '" + id
                                + "' (also declared in " + previous.where() + ")"));
                    }
                }
                for (RouteDefinition route : routes) {
                    int line = route.getLineNumber();
                    String id = route.hasCustomIdAssigned() ? route.getId() : null;
                    if (id == null || id.isBlank()) {
                        problems.add(new RouteProblem(name, line, "route without an id (from "
                                + route.getInput().getEndpointUri() + "): every route needs an explicit, unique id"
                                + " (- route: id: my-route)"));
                    } else {
                        fileRouteIds.put(id, line);
                        Located previous = routeIds.putIfAbsent(id, new Located(name, line, id));
                        if (previous != null) {
                            problems.add(new RouteProblem(name, line, "duplicate route id '" + id
                                    + "' (also declared in " + previous.where() + ")"));
                        }
                    }
                    if (route.getRouteConfigurationId() != null) {
                        for (String ref : route.getRouteConfigurationId().split(",")) {
                            if (!ref.isBlank() && !ref.contains("*")) {
                                configurationRefs.add(new Located(name, line, ref.trim()));
                            }
                        }
                    }
                    collectEndpoints(name, route, endpoints);
                }
                for (TemplatedRouteDefinition templated : fileTemplatedRoutes) {
                    String id = templated.getRouteId();
                    // The DSL keeps no line for a templatedRoute: its routeId's line stands for it.
                    int line = id == null ? 0 : lineContaining(content, "routeId: " + id);
                    if (id == null || id.isBlank()) {
                        problems.add(new RouteProblem(name, line, "templatedRoute of " + templated.getRouteTemplateRef()
                                + " without a routeId: every route needs an explicit, unique id (routeId: my-route)"));
                        continue;
                    }
                    fileRouteIds.put(id, line);
                    Located previous = routeIds.putIfAbsent(id, new Located(name, line, id));
                    if (previous != null) {
                        problems.add(new RouteProblem(name, line, "duplicate route id '" + id
                                + "' (also declared in " + previous.where() + ")"));
                    }
                    templatedRoutes.put(new Located(name, line, id), templated);
                }
                info.put(name, new FileRoutes(fileRouteIds, fileConfigurationIds, fileTemplateIds));
            }

            for (Map.Entry<Located, TemplatedRouteDefinition> entry : templatedRoutes.entrySet()) {
                Located located = entry.getKey();
                TemplatedRouteDefinition templated = entry.getValue();
                RouteTemplateDefinition template = templates.get(templated.getRouteTemplateRef());
                if (template == null) {
                    problems.add(new RouteProblem(located.file(), located.line(), "templatedRoute " + located.text()
                            + " refers to routeTemplate '" + templated.getRouteTemplateRef()
                            + "' that no route file declares"));
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>();
                template.getTemplateParameters().stream().filter(p -> p.getDefaultValue() != null)
                        .forEach(p -> values.put(p.getName(), p.getDefaultValue()));
                templated.getParameters().forEach(p -> values.put(p.getName(), p.getValue()));
                List<String> missing = template.getTemplateParameters().stream()
                        .filter(p -> p.isRequired() && !values.containsKey(p.getName()))
                        .map(p -> p.getName()).toList();
                if (!missing.isEmpty()) {
                    problems.add(new RouteProblem(located.file(), located.line(), "templatedRoute " + located.text()
                            + " gives no value for the parameters " + missing + " of routeTemplate '"
                            + template.getId() + "'"));
                    continue;
                }
                // The template's endpoints as this route has them: its parameters filled in, at its own line.
                List<Endpoint> templateEndpoints = new ArrayList<>();
                collectEndpoints(located.file(), template.getRoute(), templateEndpoints);
                for (Endpoint e : templateEndpoints) {
                    String uri = e.uri();
                    for (Map.Entry<String, String> value : values.entrySet()) {
                        uri = uri.replace("{{" + value.getKey() + "}}", value.getValue());
                    }
                    endpoints.add(new Endpoint(located.file(), located.line(), uri, e.consumer(),
                            e.dynamic() || uri.contains("${")));
                }
            }

            for (Endpoint e : endpoints) {
                if (e.consumer() && e.uri().startsWith("direct:")) {
                    Located previous = directConsumers.putIfAbsent(directName(e.uri()),
                            new Located(e.file(), e.line(), e.uri()));
                    if (previous != null) {
                        problems.add(new RouteProblem(e.file(), e.line(), "from: " + e.uri()
                                + " is already consumed by another route (" + previous.where()
                                + "): a direct endpoint has one consumer"));
                    }
                }
            }
            for (Endpoint e : endpoints) {
                if (!unreadable && !e.consumer() && !e.dynamic() && e.uri().startsWith("direct:")
                        && !directConsumers.containsKey(directName(e.uri()))) {
                    problems.add(new RouteProblem(e.file(), e.line(), "to: " + e.uri() + " has no route: no file has "
                            + "a route from: direct:" + directName(e.uri())));
                }
                checkEndpoint(catalog, e).ifPresent(problems::add);
            }
            for (Located ref : configurationRefs) {
                if (!configurationIds.containsKey(ref.text())) {
                    problems.add(new RouteProblem(ref.file(), ref.line(), "routeConfigurationId '" + ref.text()
                            + "' matches no routeConfiguration in the route files"));
                }
            }
        } catch (RuntimeException e) {
            problems.add(new RouteProblem("(route files)", 0, "validation failed: " + e));
        }
        problems.sort(Comparator.comparing(RouteProblem::file).thenComparingInt(RouteProblem::line));
        return new ValidationReport(problems, info);
    }

    private static void load(DefaultCamelContext scratch, RoutesLoader loader, Path file, String content,
            List<RouteDefinition> routes, List<RouteConfigurationDefinition> configurations,
            List<RouteTemplateDefinition> templates, List<TemplatedRouteDefinition> templatedRoutes) throws Exception {
        for (RoutesBuilder builder : loader.findRoutesBuilders(ResourceHelper.fromString("file:" + file, content))) {
            if (builder instanceof RouteBuilder routeBuilder) {
                routeBuilder.configureRoutes(scratch);
                routes.addAll(routeBuilder.getRouteCollection().getRoutes());
                templates.addAll(routeBuilder.getRouteTemplateCollection().getRouteTemplates());
                templatedRoutes.addAll(routeBuilder.getTemplatedRouteCollection().getTemplatedRoutes());
            }
            if (builder instanceof RouteConfigurationBuilder configurationBuilder) {
                configurationBuilder.configuration();
                configurations.addAll(configurationBuilder.getRouteConfigurationCollection().getRouteConfigurations());
            }
        }
    }

    /** YAML syntax and DSL errors carry a mark (line, column); other load failures name the innermost cause. */
    static RouteProblem loadProblem(String file, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException marked) {
                Mark mark = marked.getProblemMark().or(marked::getContextMark).orElse(null);
                String problem = marked.getProblem() != null ? marked.getProblem() : t.getClass().getSimpleName();
                StringBuilder message = new StringBuilder(marked instanceof org.snakeyaml.engine.v2.exceptions
                        .ParserException || marked instanceof org.snakeyaml.engine.v2.exceptions.ScannerException
                        ? "YAML syntax: " : "route DSL: ").append(problem);
                if (marked.getContext() != null && !marked.getContext().isBlank()) {
                    message.append(" (").append(marked.getContext().trim());
                    marked.getContextMark().filter(m -> m != mark)
                            .ifPresent(m -> message.append(" at line ").append(m.getLine() + 1));
                    message.append(')');
                }
                if (mark != null) {
                    message.append(" at column ").append(mark.getColumn() + 1);
                }
                return new RouteProblem(file, mark == null ? 0 : mark.getLine() + 1, message.toString());
            }
        }
        Throwable root = io.camelarena.support.Failures.rootCause(failure);
        return new RouteProblem(file, 0, "cannot load: " + root.getClass().getSimpleName() + ": " + root.getMessage());
    }

    private List<RouteProblem> checkPlaceholders(String file, String content, Set<String> templateParameters) {
        List<RouteProblem> problems = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].trim().startsWith("#")) {
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(lines[i]);
            while (m.find()) {
                if (templateParameters.contains(m.group().substring(2, m.group().length() - 2).trim())) {
                    continue;
                }
                try {
                    placeholders.apply(m.group());
                } catch (RuntimeException e) {
                    problems.add(new RouteProblem(file, i + 1, "unknown property placeholder " + m.group()
                            + ": set it in application.properties, as -D flag or as environment variable"));
                }
            }
        }
        return problems;
    }

    private static void collectEndpoints(String file, RouteDefinition route, List<Endpoint> endpoints) {
        FromDefinition from = route.getInput();
        if (from != null && from.getEndpointUri() != null) {
            endpoints.add(new Endpoint(file, lineOf(from, route.getLineNumber()), from.getEndpointUri(), true, false));
        }
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ProcessorDefinition<?> output : route.getOutputs()) {
            walk(file, output, route.getLineNumber(), seen, endpoints);
        }
    }

    /** Every node of the route: outputs, choice when/otherwise, doTry doCatch/doFinally. */
    private static void walk(String file, ProcessorDefinition<?> node, int parentLine, Set<Object> seen,
            List<Endpoint> endpoints) {
        if (node == null || !seen.add(node)) {
            return;
        }
        int line = lineOf(node, parentLine);
        if (node instanceof SendDefinition<?> send && send.getEndpointUri() != null) {
            endpoints.add(new Endpoint(file, line, send.getEndpointUri(), false, false));
        } else if (node instanceof ToDynamicDefinition toD && toD.getUri() != null) {
            endpoints.add(new Endpoint(file, line, toD.getUri(), false, toD.getUri().contains("${")));
        }
        List<Object> children = new ArrayList<>();
        if (node instanceof ChoiceDefinition choice) {
            children.addAll(choice.getWhenClauses());
            children.add(choice.getOtherwise());
        }
        if (node instanceof TryDefinition doTry) {
            children.addAll(doTry.getCatchClauses());
            children.add(doTry.getFinallyClause());
        }
        if (node.getOutputs() != null) {
            children.addAll(node.getOutputs());
        }
        for (Object child : children) {
            if (child instanceof ProcessorDefinition<?> definition) {
                walk(file, definition, line, seen, endpoints);
            }
        }
    }

    private static int lineContaining(String content, String text) {
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        return 0;
    }

    private static int lineOf(Object node, int fallback) {
        return node instanceof LineNumberAware aware && aware.getLineNumber() > 0 ? aware.getLineNumber() : fallback;
    }

    private java.util.Optional<RouteProblem> checkEndpoint(AbstractCamelCatalog catalog, Endpoint e) {
        String uri;
        try {
            uri = placeholders.apply(e.uri());
        } catch (RuntimeException unresolved) {
            return java.util.Optional.empty(); // reported by the placeholder check, with its line
        }
        String side = e.consumer() ? "from: " : "to: ";
        if (e.dynamic()) {
            int colon = uri.indexOf(':');
            int dynamicPart = uri.indexOf("${");
            if (colon > 0 && colon < dynamicPart) {
                String scheme = uri.substring(0, colon);
                if (catalog.componentJSonSchema(scheme) == null) {
                    return java.util.Optional.of(unknownComponent(e, side, scheme));
                }
            }
            return java.util.Optional.empty();
        }
        EndpointValidationResult result;
        try {
            result = catalog.validateEndpointProperties(UnsafeUriCharactersEncoder.encode(uri), false, e.consumer(),
                    !e.consumer());
        } catch (RuntimeException failure) {
            return java.util.Optional.of(new RouteProblem(e.file(), e.line(), "invalid endpoint " + side + e.uri()
                    + ": " + failure.getMessage()));
        }
        if (result.getUnknownComponent() != null) {
            return java.util.Optional.of(unknownComponent(e, side, result.getUnknownComponent()));
        }
        if (result.isSuccess()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new RouteProblem(e.file(), e.line(), "invalid endpoint " + side + e.uri() + ": "
                + describe(result)));
    }

    private static RouteProblem unknownComponent(Endpoint e, String side, String scheme) {
        return new RouteProblem(e.file(), e.line(), "unknown component '" + scheme + "' in " + side + e.uri()
                + ": no Camel component of that name is on the classpath");
    }

    @SuppressWarnings("unchecked")
    static String describe(EndpointValidationResult r) {
        List<String> parts = new ArrayList<>();
        if (r.getSyntaxError() != null) {
            parts.add("syntax error: " + r.getSyntaxError());
        }
        if (r.getIncapable() != null) {
            parts.add("cannot be parsed: " + r.getIncapable());
        }
        Set<String> unknown = r.getUnknown();
        if (unknown != null) {
            Map<String, String[]> suggestions = r.getUnknownSuggestions();
            for (String option : unknown) {
                String[] similar = suggestions == null ? null : suggestions.get(option);
                parts.add("unknown option '" + option + "'" + (similar == null || similar.length == 0 ? ""
                        : " (did you mean " + String.join(" or ", Arrays.asList(similar)) + "?)"));
            }
        }
        if (r.getRequired() != null) {
            ((Set<String>) r.getRequired()).forEach(o -> parts.add("missing required option '" + o + "'"));
        }
        if (r.getNotConsumerOnly() != null) {
            r.getNotConsumerOnly().forEach(o -> parts.add("option '" + o + "' is for producers (to:), not from:"));
        }
        if (r.getNotProducerOnly() != null) {
            r.getNotProducerOnly().forEach(o -> parts.add("option '" + o + "' is for consumers (from:), not to:"));
        }
        invalid(parts, "enum", r.getInvalidEnum());
        invalid(parts, "boolean", r.getInvalidBoolean());
        invalid(parts, "integer", r.getInvalidInteger());
        invalid(parts, "number", r.getInvalidNumber());
        invalid(parts, "duration", r.getInvalidDuration());
        invalid(parts, "reference", r.getInvalidReference());
        invalid(parts, "array", r.getInvalidArray());
        invalid(parts, "map", r.getInvalidMap());
        if (parts.isEmpty()) {
            String summary = r.summaryErrorMessage(false);
            parts.add(summary == null ? "rejected by the Camel catalog" : summary.replaceAll("\\s+", " ").trim());
        }
        return String.join("; ", parts);
    }

    @SuppressWarnings("rawtypes")
    private static void invalid(List<String> parts, String type, Map values) {
        if (values != null) {
            values.forEach((k, v) -> parts.add("option '" + k + "' has an invalid " + type + " value '" + v + "'"));
        }
    }

    private static String directName(String uri) {
        String name = uri.substring("direct:".length());
        if (name.startsWith("//")) {
            name = name.substring(2);
        }
        int query = name.indexOf('?');
        return query < 0 ? name : name.substring(0, query);
    }

    private record Located(String file, int line, String text) {
        String where() {
            return line > 0 ? file + " line " + line : file;
        }
    }

    private record Endpoint(String file, int line, String uri, boolean consumer, boolean dynamic) {
    }
}
