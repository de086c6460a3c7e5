package io.camelarena.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Camel Main loads the route set: the overlay's files in place of the same-named ones, or only the files asked for. */
class RouteSetLoadingTest {

    @TempDir
    Path dir;

    private static String route(String id, String text) {
        return """
                - route:
                    id: %s
                    from:
                      uri: direct:%s
                      steps:
                        - setBody:
                            constant: "%s"
                """.formatted(id, id, text);
    }

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(dir.resolve("demo"));
        Files.writeString(dir.resolve("a.yaml"), route("a", "live a"));
        Files.writeString(dir.resolve("b.yaml"), route("b", "live b"));
        Files.writeString(dir.resolve("demo/a.yaml"), route("a", "demo a"));
        // only Camel Main's include pattern: no HTTP server, no JMX, nothing of the arena's configuration
        Files.writeString(dir.resolve("main.properties"),
                "camel.main.routes-include-pattern = file:" + dir + "/*.yaml\n");
    }

    private void run(String overlay, Consumer<Main> install, Consumer<CamelContext> check) throws Exception {
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + dir.resolve("main.properties"));
        if (overlay != null) {
            main.addOverrideProperty(RouteSet.OVERLAY_PROPERTY, overlay);
        }
        install.accept(main);
        try {
            main.start();
            check.accept(main.getCamelContext());
        } finally {
            main.stop();
        }
    }

    private static String call(CamelContext context, String id) {
        return context.createProducerTemplate().requestBody("direct:" + id, "", String.class);
    }

    private static List<String> locations(CamelContext context) {
        return context.getRoutes().stream().map(Route::getSourceResource).map(r -> r.getLocation()).sorted().toList();
    }

    @Test
    void theOverlayFileIsLoadedInPlaceOfTheSameNamedFile() throws Exception {
        run("demo", main -> RouteSetLoading.install(main.configure()), context -> {
            assertThat(call(context, "a")).isEqualTo("demo a");
            assertThat(call(context, "b")).isEqualTo("live b");
            assertThat(locations(context)).containsExactly("file:" + dir.resolve("b.yaml"),
                    "file:" + dir.resolve("demo/a.yaml"));
        });
    }

    @Test
    void withoutAnOverlayCamelMainsIncludePatternStands() throws Exception {
        run(null, main -> RouteSetLoading.install(main.configure()), context -> {
            assertThat(call(context, "a")).isEqualTo("live a");
            assertThat(locations(context)).containsExactly("file:" + dir.resolve("a.yaml"),
                    "file:" + dir.resolve("b.yaml"));
        });
    }

    @Test
    void onlyTheNamedFilesOfTheSetAsTheReplayCommandAsks() throws Exception {
        run("demo", main -> RouteSetLoading.install(main.configure(), List.of("a.yaml")), context ->
                assertThat(locations(context)).containsExactly("file:" + dir.resolve("demo/a.yaml")));

        assertThatThrownBy(() -> run(null, main -> RouteSetLoading.install(main.configure(),
                List.of("a.yaml", "c.yaml")), context -> { }))
                .hasStackTraceContaining("route files [c.yaml] are missing from " + dir.resolve("*.yaml"));
    }

    @Test
    void aMissingOverlayStopsStartUpWithItsName() {
        assertThatThrownBy(() -> run("dmeo", main -> RouteSetLoading.install(main.configure()), context -> { }))
                .hasStackTraceContaining("arena.routes.overlay=dmeo: there is no directory " + dir.resolve("dmeo"));
    }
}
