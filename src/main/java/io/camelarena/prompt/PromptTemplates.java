package io.camelarena.prompt;

import freemarker.core.ParseException;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import io.camelarena.runtime.RouteProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TimeZone;
import java.util.stream.Stream;

/**
 * The prompt templates ({@code templates/*.ftl}, FreeMarker) in use: parsed once, swapped as a whole when a valid edit
 * is applied ({@link PromptTemplateReloader}). A template set is valid when every file parses and renders the sample
 * data of a full tick and of a tick where every source failed ({@link PromptSamples}) without an error; a problem is
 * reported as {@code file:line: cause}, like a route problem.
 */
public final class PromptTemplates {

    public static final String DEFAULT = "prompt.ftl";
    public static final String EXTENSION = ".ftl";
    /** The shipped template inside the jar, used when the templates directory does not exist. */
    static final String BUILT_IN = "templates/" + DEFAULT;

    private static final Configuration CONFIGURATION = configuration();

    private volatile Map<String, Template> templates;
    private final String defaultName;

    private PromptTemplates(Map<String, Template> templates, String defaultName) {
        this.templates = templates;
        this.defaultName = defaultName;
        if (!templates.containsKey(defaultName)) {
            throw new IllegalStateException("no prompt template " + defaultName + " among " + templates.keySet());
        }
    }

    /** The shipped template only (from the classpath). */
    public static PromptTemplates builtIn() {
        try (InputStream in = PromptTemplates.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("no " + BUILT_IN + " on the classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            SortedMap<Path, String> files = new TreeMap<>(Map.of(Path.of(BUILT_IN), text));
            return new PromptTemplates(compile(files), DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The templates of a directory, validated; start-up fails on a problem (with its file:line) or when
     * {@code defaultName} is not there.
     */
    public static PromptTemplates load(Path directory, String defaultName) throws IOException {
        SortedMap<Path, String> files = readTemplateFiles(directory);
        List<RouteProblem> problems = validate(files);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("prompt template problem: " + problems.get(0)
                    + (problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : ""));
        }
        return new PromptTemplates(compile(files), defaultName);
    }

    /** The {@code *.ftl} files directly in a directory, by name, with their contents. */
    public static SortedMap<Path, String> readTemplateFiles(Path dir) throws IOException {
        SortedMap<Path, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.filter(PromptTemplates::isTemplateFile).toList()) {
                files.put(file, Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    public static boolean isTemplateFile(Path file) {
        return file.getFileName().toString().endsWith(EXTENSION) && Files.isRegularFile(file);
    }

    public String defaultName() {
        return defaultName;
    }

    public java.util.Set<String> names() {
        return templates.keySet();
    }

    /** The template named {@code name} (a file name of the directory), or the default for null. */
    public Template template(String name) {
        Template t = templates.get(name == null ? defaultName : name);
        if (t == null) {
            throw new IllegalStateException("no prompt template " + name + " (templates: " + templates.keySet() + ")");
        }
        return t;
    }

    /** Replaces the templates in use by a validated set (between ticks). */
    void apply(SortedMap<Path, String> files) {
        templates = compile(files);
    }

    /** Renders a template with the data; trailing line breaks are dropped. */
    static String render(Template template, Map<String, Object> data) {
        StringWriter out = new StringWriter(8192);
        try {
            template.process(data, out);
        } catch (TemplateException | IOException e) {
            throw new IllegalStateException("prompt template " + template.getName() + " failed: "
                    + e.getMessage(), e);
        }
        String text = out.toString();
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    /**
     * Every problem of a set of template files: parse errors, and errors rendering the sample data (an unknown
     * variable, a wrong type). No template at all is a problem too.
     */
    public static List<RouteProblem> validate(SortedMap<Path, String> files) {
        List<RouteProblem> problems = new ArrayList<>();
        if (files.isEmpty()) {
            problems.add(new RouteProblem("(templates)", 0, "no " + EXTENSION + " prompt template"));
        }
        for (Map.Entry<Path, String> file : files.entrySet()) {
            String name = file.getKey().toString();
            Template template;
            try {
                template = parse(file.getKey(), file.getValue());
            } catch (ParseException e) {
                problems.add(new RouteProblem(name, e.getLineNumber(), oneLine(e.getEditorMessage())));
                continue;
            } catch (IOException e) {
                problems.add(new RouteProblem(name, 0, oneLine(e.getMessage())));
                continue;
            }
            for (Map<String, Object> sample : PromptSamples.all()) {
                try {
                    template.process(sample, new StringWriter());
                } catch (TemplateException e) {
                    Integer line = e.getLineNumber();
                    problems.add(new RouteProblem(name, line == null ? 0 : line,
                            "fails with the sample data: " + oneLine(e.getMessageWithoutStackTop())));
                    break;
                } catch (IOException | RuntimeException e) {
                    problems.add(new RouteProblem(name, 0, "fails with the sample data: " + oneLine(e.toString())));
                    break;
                }
            }
        }
        return problems;
    }

    private static Map<String, Template> compile(SortedMap<Path, String> files) {
        Map<String, Template> compiled = new LinkedHashMap<>();
        for (Map.Entry<Path, String> file : files.entrySet()) {
            try {
                compiled.put(file.getKey().getFileName().toString(), parse(file.getKey(), file.getValue()));
            } catch (IOException e) {
                throw new IllegalStateException("prompt template " + file.getKey() + ": " + e.getMessage(), e);
            }
        }
        return Collections.unmodifiableMap(compiled);
    }

    private static Template parse(Path file, String text) throws IOException {
        return new Template(file.getFileName().toString(), new StringReader(text), CONFIGURATION);
    }

    private static Configuration configuration() {
        Configuration c = new Configuration(Configuration.VERSION_2_3_34);
        c.setDefaultEncoding("UTF-8");
        c.setLocale(Locale.ROOT);
        c.setTimeZone(TimeZone.getTimeZone("UTC"));
        c.setNumberFormat("computer");
        c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        c.setLogTemplateExceptions(false);
        c.setWrapUncheckedExceptions(true);
        c.setFallbackOnNullLoopVariable(false);
        // templates can only read the data they are given: no object creation, no static or class access
        c.setNewBuiltinClassResolver(freemarker.core.TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        c.setAPIBuiltinEnabled(false);
        return c;
    }

    private static String oneLine(String text) {
        String t = String.valueOf(text).replaceAll("\\s+", " ").strip();
        return t.length() > 400 ? t.substring(0, 400) + "…" : t;
    }
}
