package io.camelarena.runtime;

import io.camelarena.config.ArenaProfile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import io.camelarena.config.ArenaProperties;
import io.camelarena.prompt.PromptTemplates;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * {@code validate [--profile=NAME] [DIR|FILE...]}: checks route files ({@code *.yaml}) and prompt templates
 * ({@code *.ftl}: parsed and rendered with sample data) before they are deployed, with no database and no beans, and
 * prints one line per problem ({@code file:line: cause}, the messages of the runtime's refused reloads).
 * Placeholders resolve from {@code ./application.properties} (or {@code -Darena.config=FILE}), {@code -D} flags, the
 * environment and the profile ({@code --profile=demo}, else {@code -Darena.profile} / {@code ARENA_PROFILE}). Without
 * arguments it validates the route set the runtime would load ({@link RouteSet}: {@code routes/} with the overlay
 * of {@code arena.routes.overlay}, which the demo profile sets) and the prompt templates of
 * {@code arena.prompt.templates-dir}; a directory is validated with that overlay too, and its {@code *.ftl} files as
 * templates. Exit code 0 when valid, 1 when not, 2 on bad usage.
 */
public final class ValidateCommand {

    static final String USAGE = "usage: validate [--profile=NAME] [DIR|FILE.yaml|FILE.ftl ...]   (default: the route "
            + "files the runtime loads, routes/ with the profile's overlay, and the prompt templates, templates/)";

    private ValidateCommand() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> paths = new ArrayList<>(List.of(args));
        if (!paths.isEmpty() && paths.get(0).equals("validate")) {
            paths.remove(0);
        }
        String profile = ArenaProfile.userSetting("arena.profile");
        for (Iterator<String> it = paths.iterator(); it.hasNext();) {
            String arg = it.next();
            if (arg.equals("-h") || arg.equals("--help")) {
                out.println(USAGE);
                return 0;
            }
            if (arg.startsWith("--profile=")) {
                profile = arg.substring("--profile=".length());
                it.remove();
            } else if (arg.startsWith("--")) {
                err.println("unknown option " + arg + "\n" + USAGE);
                return 2;
            }
        }

        DefaultCamelContext properties = new DefaultCamelContext(false);
        // Only its properties component is used; never started, so never stopped.
        try {
            properties.getPropertiesComponent().setLocation(ArenaProperties.location());
            Properties profileEntries = new Properties();
            profileEntries.putAll(ArenaProfile.unsetEntries(profile));
            properties.getPropertiesComponent().setOverrideProperties(profileEntries);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            err.println(e.getMessage());
            return 2;
        }
        properties.build();
        Function<String, Optional<String>> settings = key -> properties.getPropertiesComponent().resolveProperty(key)
                .map(String::trim).filter(v -> !v.isEmpty());

        SortedMap<Path, String> files = new TreeMap<>();
        SortedMap<Path, String> templates = new TreeMap<>();
        List<RouteSet> sets = new ArrayList<>();
        try {
            if (paths.isEmpty()) {
                sets.add(RouteSet.configured(settings));
                Path templatesDir = Path.of(settings.apply("arena.prompt.templates-dir").orElse("templates"));
                if (Files.isDirectory(templatesDir)) {
                    templates.putAll(PromptTemplates.readTemplateFiles(templatesDir));
                }
            }
            for (String arg : paths) {
                Path path = Path.of(arg);
                if (Files.isDirectory(path)) {
                    templates.putAll(PromptTemplates.readTemplateFiles(path));
                    if (RouteValidator.readRouteFiles(path).isEmpty() && !templates.isEmpty()) {
                        continue; // a templates directory
                    }
                    sets.add(new RouteSet(path, settings.apply(RouteSet.OVERLAY_PROPERTY)));
                } else if (Files.isRegularFile(path) && arg.endsWith(PromptTemplates.EXTENSION)) {
                    templates.put(path, Files.readString(path, StandardCharsets.UTF_8));
                } else if (Files.isRegularFile(path)) {
                    files.put(path, Files.readString(path, StandardCharsets.UTF_8));
                } else {
                    err.println(arg + ": no such file or directory");
                    return 2;
                }
            }
            for (RouteSet set : sets) {
                files.putAll(set.read());
                if (set.overlay().isPresent()) {
                    out.println("route files: " + set.describe());
                }
            }
        } catch (IOException | IllegalStateException e) {
            err.println("cannot read route files: " + e.getMessage());
            return 2;
        }
        if (files.isEmpty() && templates.isEmpty()) {
            err.println((paths.isEmpty() ? sets.get(0).directory().toString() : String.join(" ", paths))
                    + ": no .yaml route files and no .ftl prompt templates");
            return 1;
        }
        List<RouteProblem> templateProblems = templates.isEmpty() ? List.of() : PromptTemplates.validate(templates);
        templateProblems.forEach(err::println);
        if (files.isEmpty()) {
            if (!templateProblems.isEmpty()) {
                err.println("INVALID: " + templateProblems.size() + " problem(s) in " + templates.size()
                        + " template(s)");
                return 1;
            }
            out.println("OK: " + templates.size() + " prompt template(s) valid");
            return 0;
        }

        ValidationReport report = new RouteValidator(properties::resolvePropertyPlaceholders).validate(files);
        report.problems().forEach(err::println);
        if (!report.valid() || !templateProblems.isEmpty()) {
            err.println("INVALID: " + (report.problems().size() + templateProblems.size()) + " problem(s) in "
                    + (files.size() + templates.size()) + " file(s)");
            return 1;
        }
        out.println("OK: " + files.size() + " file(s), " + report.routeCount() + " route(s) valid"
                + (templates.isEmpty() ? "" : ", " + templates.size() + " prompt template(s) valid"));
        return 0;
    }
}
