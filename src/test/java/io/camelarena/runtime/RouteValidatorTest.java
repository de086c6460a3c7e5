package io.camelarena.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.SortedMap;
import java.util.function.UnaryOperator;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Broken copies of the real routes: every problem is reported with file, line and cause; the real routes are clean. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteValidatorTest {

    private RouteValidator validator;

    @BeforeAll
    void placeholdersFromApplicationProperties() throws IOException {
        DefaultCamelContext properties = new DefaultCamelContext(false);
        Properties values = new Properties();
        try (var in = Files.newInputStream(Path.of("application.properties"))) {
            values.load(in);
        }
        properties.getPropertiesComponent().setInitialProperties(values);
        properties.build();
        UnaryOperator<String> resolve = properties::resolvePropertyPlaceholders;
        validator = new RouteValidator(resolve);
    }

    /** The real routes/, with one file replaced by an edited copy. */
    private ValidationReport validateWith(String file, UnaryOperator<String> edit) throws IOException {
        SortedMap<Path, String> files = RouteValidator.readRouteFiles(Path.of("routes"));
        Path path = Path.of("routes", file);
        String original = files.get(path);
        String edited = edit.apply(original);
        assertThat(edited).as("the edit changes " + file).isNotEqualTo(original);
        files.put(path, edited);
        return validator.validate(files);
    }

    private static RouteProblem single(ValidationReport report) {
        assertThat(report.valid()).isFalse();
        assertThat(report.problems()).hasSize(1);
        return report.problems().get(0);
    }

    @Test
    void theRealRoutesAreValid() throws IOException {
        ValidationReport report = validator.validateDirectory(Path.of("routes"));
        assertThat(report.problems()).isEmpty();
        assertThat(report.routeIds()).contains("run-tick", "tick-manual", "tick-schedule", "record-tick");
        assertThat(report.files().get("routes/errors-to-caller.camel.yaml").configurationIds())
                .containsExactly("errors-to-caller");
    }

    @Test
    void theRealRoutesWithTheDemoOverlayAreValidAndDeclareTheSameRoutes() throws IOException {
        ValidationReport live = validator.validateDirectory(Path.of("routes"));
        ValidationReport demo = validator.validate(RouteSet.of(Path.of("routes"), "demo").read());

        assertThat(demo.problems()).isEmpty();
        assertThat(demo.routeIds()).containsExactlyInAnyOrderElementsOf(live.routeIds());
        assertThat(demo.files().get("routes/demo/prices-feed.camel.yaml").routeIds()).containsExactly("prices-feed");
        assertThat(demo.files().get("routes/demo/news-feed.camel.yaml").routeIds()).containsExactly("news-feed");
        // each feed route has one path: the live files never branch to the demo playback
        for (String file : new String[] {"prices-feed.camel.yaml", "news-feed.camel.yaml"}) {
            assertThat(Files.readString(Path.of("routes", file))).doesNotContain("demoMarketPlayback", "choice:");
            assertThat(Files.readString(Path.of("routes/demo", file))).contains("demoMarketPlayback")
                    .doesNotContain("choice:", "to:", "toD:");
        }
    }

    @Test
    void badIndentationIsAYamlSyntaxErrorAtItsLine() throws IOException {
        RouteProblem problem = single(validateWith("tick-manual.camel.yaml",
                s -> s.replace("      steps:\n        - to: direct:run-tick", "     steps:\n        - to: direct:run-tick")));
        assertThat(problem.file()).isEqualTo("routes/tick-manual.camel.yaml");
        assertThat(problem.line()).isEqualTo(7);
        assertThat(problem.message()).startsWith("YAML syntax:").contains("expected <block end>");
        assertThat(problem.toString()).startsWith("routes/tick-manual.camel.yaml:7: YAML syntax:");
    }

    @Test
    void anUnknownStepIsADslErrorAtItsLine() throws IOException {
        RouteProblem problem = single(validateWith("tick-schedule.camel.yaml", s -> s.replace("- setHeader:", "- setHeadr:")));
        assertThat(problem.file()).isEqualTo("routes/tick-schedule.camel.yaml");
        assertThat(problem.line()).isEqualTo(14);
        assertThat(problem.message()).contains("Unknown node id: setHeadr");
    }

    @Test
    void anUnknownEndpointOptionIsNamed() throws IOException {
        RouteProblem problem = single(validateWith("record-tick.camel.yaml",
                s -> s.replace("?dataSource=#arenaDataSource", "?dataSourcee=#arenaDataSource")));
        assertThat(problem.file()).isEqualTo("routes/record-tick.camel.yaml");
        assertThat(problem.line()).isEqualTo(9);
        assertThat(problem.message()).contains("sql:classpath:sql/insert_market_tick.sql")
                .contains("unknown option 'dataSourcee'");
    }

    @Test
    void anInvalidOptionValueIsNamed() throws IOException {
        RouteProblem problem = single(validateWith("tick-schedule.camel.yaml",
                s -> s.replace("stateful: true", "stateful: maybe")));
        assertThat(problem.line()).isEqualTo(8);
        assertThat(problem.message()).contains("option 'stateful' has an invalid boolean value 'maybe'");
    }

    @Test
    void optionsInPlaceholdersAreCheckedAfterResolving() throws IOException {
        RouteProblem problem = single(validateWith("news-feed.camel.yaml",
                s -> s.replace("connectTimeout: \"{{arena.market.news.connect-timeout-ms}}\"",
                        "connectTimeout: \"{{arena.market.news.url}}\"")));
        assertThat(problem.line()).isEqualTo(17);
        assertThat(problem.message()).contains("option 'connectTimeout' has an invalid");
    }

    @Test
    void anUnknownComponentSchemeIsNamed() throws IOException {
        RouteProblem problem = single(validateWith("tick-schedule.camel.yaml",
                s -> s.replace("uri: quartz:arena/tick", "uri: quartzz:arena/tick")));
        assertThat(problem.line()).isEqualTo(8);
        assertThat(problem.message()).contains("unknown component 'quartzz'");
    }

    @Test
    void anUnknownSchemeOfADynamicUriIsNamed() throws IOException {
        RouteProblem problem = single(validateWith("call-model.camel.yaml",
                s -> s.replace("uri: \"direct:call-${", "uri: \"direkt:call-${")));
        assertThat(problem.line()).isEqualTo(25);
        assertThat(problem.message()).contains("unknown component 'direkt'");
    }

    @Test
    void anUnknownPropertyPlaceholderIsNamed() throws IOException {
        RouteProblem problem = single(validateWith("news-feed.camel.yaml",
                s -> s.replace("{{arena.market.news.url}}", "{{arena.market.news.urll}}")));
        assertThat(problem.line()).isEqualTo(18);
        assertThat(problem.message()).contains("unknown property placeholder {{arena.market.news.urll}}");
    }

    @Test
    void aDuplicateRouteIdNamesBothFiles() throws IOException {
        RouteProblem problem = single(validateWith("call-openai.camel.yaml",
                s -> s.replace("routeId: call-openai\n", "routeId: call-bedrock\n")));
        assertThat(problem.file()).isEqualTo("routes/call-openai.camel.yaml");
        assertThat(problem.line()).isEqualTo(7);
        assertThat(problem.message()).contains("duplicate route id 'call-bedrock'")
                .contains("routes/call-bedrock.camel.yaml line 7");
    }

    @Test
    void aTemplatedRouteOfAnUnknownTemplateIsNamed() throws IOException {
        RouteProblem problem = single(validateWith("call-bedrock.camel.yaml",
                s -> s.replace("routeTemplateRef: model-provider", "routeTemplateRef: model-providr")));
        assertThat(problem.file()).isEqualTo("routes/call-bedrock.camel.yaml");
        assertThat(problem.line()).isEqualTo(7);
        assertThat(problem.message()).contains("refers to routeTemplate 'model-providr' that no route file declares");
    }

    @Test
    void aTemplatedRouteWithoutARequiredParameterIsNamed() throws IOException {
        RouteProblem problem = single(validateWith("call-openai.camel.yaml",
                s -> s.replace("      - name: wire\n        value: openai\n", "")));
        assertThat(problem.message()).contains("templatedRoute call-openai gives no value for the parameters [wire]");
    }

    @Test
    void aTemplatesEndpointIsCheckedAsEachTemplatedRouteFillsItIn() throws IOException {
        ValidationReport report = validateWith("model-provider.camel.yaml",
                s -> s.replace("- to: direct:model-attempts", "- to: direct:model-attempts-{{provider}}"));
        assertThat(report.problems()).extracting(RouteProblem::message).containsExactlyInAnyOrder(
                "to: direct:model-attempts-openai has no route: no file has a route from: direct:model-attempts-openai",
                "to: direct:model-attempts-bedrock has no route: no file has a route from: "
                        + "direct:model-attempts-bedrock",
                "to: direct:model-attempts-simulated has no route: no file has a route from: "
                        + "direct:model-attempts-simulated");
    }

    @Test
    void aMissingDirectTargetIsNamedWhereItIsCalled() throws IOException {
        RouteProblem problem = single(validateWith("market-snapshot.camel.yaml",
                s -> s.replace("to: direct:fetch-news", "to: direct:fetch-newz")));
        assertThat(problem.file()).isEqualTo("routes/market-snapshot.camel.yaml");
        assertThat(problem.line()).isEqualTo(14);
        assertThat(problem.message()).contains("direct:fetch-newz has no route");
    }

    @Test
    void aDeletedTargetFileBreaksItsCallers() throws IOException {
        SortedMap<Path, String> files = RouteValidator.readRouteFiles(Path.of("routes"));
        files.remove(Path.of("routes", "record-tick.camel.yaml"));
        RouteProblem problem = single(validator.validate(files));
        assertThat(problem.file()).isEqualTo("routes/run-tick.camel.yaml");
        assertThat(problem.message()).contains("to: direct:record-tick has no route");
    }

    @Test
    void aMissingRouteIdIsRefused() throws IOException {
        RouteProblem problem = single(validateWith("tick-manual.camel.yaml", s -> s.replace("    id: tick-manual\n", "")));
        assertThat(problem.file()).isEqualTo("routes/tick-manual.camel.yaml");
        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.message()).contains("route without an id");
    }

    @Test
    void aSecondConsumerOfADirectEndpointIsRefused() throws IOException {
        ValidationReport report = validateWith("tick-manual.camel.yaml",
                s -> s.replace("uri: direct:trigger-tick", "uri: direct:run-tick").replace("- to: direct:run-tick",
                        "- log: x"));
        assertThat(report.problems()).extracting(RouteProblem::message).containsExactlyInAnyOrder(
                "from: direct:run-tick is already consumed by another route (routes/run-tick.camel.yaml line 6): a "
                        + "direct endpoint has one consumer",
                // the wireTap of api-trigger-tick has lost its target
                "to: direct:trigger-tick has no route: no file has a route from: direct:trigger-tick");
    }

    @Test
    void validateCommandPrintsTheSameMessagesAndExitsNonZero(@TempDir Path dir) throws IOException {
        SortedMap<Path, String> real = RouteValidator.readRouteFiles(Path.of("routes"));
        for (Path file : real.keySet()) {
            Files.copy(file, dir.resolve(file.getFileName()));
        }
        int files = real.size();
        int routes = validator.validate(real).routeCount();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(ValidateCommand.run(new String[] {"validate", dir.toString()}, print(out), print(err)))
                .isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK: " + files + " file(s), " + routes + " route(s) valid");

        Path manual = dir.resolve("tick-manual.camel.yaml");
        Files.writeString(manual, Files.readString(manual).replace("direct:run-tick", "direct:run-tik"));
        err.reset();
        assertThat(ValidateCommand.run(new String[] {dir.toString()}, print(out), print(err))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(manual + ":8: to: direct:run-tik has no route")
                .contains("INVALID: 1 problem(s) in " + files + " file(s)");

        assertThat(ValidateCommand.run(new String[] {dir.resolve("nothing-here").toString()}, print(out), print(err)))
                .isEqualTo(2);
    }

    @Test
    void validateWithTheDemoProfileChecksTheOverlaidSet(@TempDir Path dir) throws IOException {
        SortedMap<Path, String> live = RouteValidator.readRouteFiles(Path.of("routes"));
        for (Path file : live.keySet()) {
            Files.copy(file, dir.resolve(file.getFileName()));
        }
        Files.createDirectories(dir.resolve("demo"));
        for (Path file : RouteValidator.readRouteFiles(Path.of("routes/demo")).keySet()) {
            Files.copy(file, dir.resolve("demo").resolve(file.getFileName()));
        }
        // A broken live fetch route: what the demo profile runs does not contain it.
        Path livePrices = dir.resolve("prices-feed.camel.yaml");
        Files.writeString(livePrices, Files.readString(livePrices).replace("- toD:", "- toDD:"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(ValidateCommand.run(new String[] {"validate", "--profile=demo", dir.toString()}, print(out),
                print(err))).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("route files: " + dir.resolve("*.yaml")
                + " with overlay " + dir.resolve("demo") + "/ (replaces news-feed.camel.yaml, "
                + "prices-feed.camel.yaml, venue-feed.camel.yaml)").contains("OK: " + live.size() + " file(s)");

        // Without the profile the live file is in the set, and is reported.
        err.reset();
        assertThat(ValidateCommand.run(new String[] {dir.toString()}, print(out), print(err))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(livePrices.toString());

        // A broken demo file is reported under its own path with the profile.
        Path demoNews = dir.resolve("demo/news-feed.camel.yaml");
        Files.writeString(demoNews, Files.readString(demoNews).replace("method: newsXml",
                "method: \"{{arena.no.such.setting}}\""));
        err.reset();
        assertThat(ValidateCommand.run(new String[] {"--profile=demo", dir.toString()}, print(out), print(err)))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(demoNews + ":")
                .contains("{{arena.no.such.setting}}").doesNotContain(livePrices.toString());

        err.reset();
        assertThat(ValidateCommand.run(new String[] {"--profile=nosuch", dir.toString()}, print(out), print(err)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown arena.profile 'nosuch'");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
