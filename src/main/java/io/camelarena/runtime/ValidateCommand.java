package io.camelarena.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * {@code validate [DIR|FILE...]}: checks route files ({@code *.yaml}) and prompt templates ({@code *.ftl}) before they
 * are deployed, with no database and no beans, and prints one line per problem ({@code file:line: cause}, the messages
 * of the runtime's refused reloads). Placeholders resolve from {@code ./application.properties} (or
 * {@code -Darena.config=FILE}), {@code -D} flags and the environment. Without arguments it validates {@code routes/}
 * and, when it exists, {@code templates/}. Exit code 0 when valid, 1 when not, 2 on bad usage.
 */
public final class ValidateCommand {

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
        if (paths.isEmpty()) {
            paths.add("routes");
            if (Files.isDirectory(Path.of("templates"))) {
                paths.add("templates");
            }
        }
        SortedMap<Path, String> files = new TreeMap<>();
        SortedMap<Path, String> templates = new TreeMap<>();
        for (String arg : paths) {
            if (arg.equals("-h") || arg.equals("--help")) {
                out.println("usage: validate [DIR|FILE.yaml ...]   (default: routes/)");
                return 0;
            }
            Path path = Path.of(arg);
            try {
                if (Files.isDirectory(path)) {
                    files.putAll(RouteValidator.readRouteFiles(path));
                    templates.putAll(io.camelarena.prompt.PromptTemplates.readTemplateFiles(path));
                } else if (Files.isRegularFile(path) && arg.endsWith(io.camelarena.prompt.PromptTemplates.EXTENSION)) {
                    templates.put(path, Files.readString(path, StandardCharsets.UTF_8));
                } else if (Files.isRegularFile(path)) {
                    files.put(path, Files.readString(path, StandardCharsets.UTF_8));
                } else {
                    err.println(arg + ": no such file or directory");
                    return 2;
                }
            } catch (IOException e) {
                err.println(arg + ": cannot read: " + e.getMessage());
                return 2;
            }
        }
        if (files.isEmpty() && templates.isEmpty()) {
            err.println(String.join(" ", paths) + ": no .yaml route files and no .ftl prompt templates");
            return 1;
        }
        List<RouteProblem> templateProblems = templates.isEmpty() ? List.of()
                : io.camelarena.prompt.PromptTemplates.validate(templates);
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

        DefaultCamelContext properties = new DefaultCamelContext(false);
        // Only its properties component is used; never started, so never stopped.
        properties.getPropertiesComponent().setLocation(propertiesLocation());
        properties.build();
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

    /** The runtime's properties file: -Darena.config / ARENA_CONFIG, else ./application.properties when present. */
    static String propertiesLocation() {
        String configured = System.getProperty("arena.config", System.getenv("ARENA_CONFIG"));
        if (configured != null && !configured.isBlank()) {
            return "file:" + Path.of(configured).toAbsolutePath();
        }
        Path local = Path.of("application.properties");
        return Files.isRegularFile(local) ? "file:" + local.toAbsolutePath()
                : "classpath:application.properties;optional=true";
    }

}
