package io.camelarena.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.tick.TickLifecycle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safe reload with an overlay: an edit of an overlay file is validated and applied, an edit of the file it
 * replaces changes nothing (even a broken one), and removing the overlay file brings the replaced file back.
 */
class RouteSetReloadTest {

    @TempDir
    Path dir;

    private DefaultCamelContext context;
    private RouteReloader reloader;

    private static String greeting(String text) {
        return """
                - route:
                    id: greet
                    from:
                      uri: direct:greet
                      steps:
                        - setBody:
                            constant: "%s"
                """.formatted(text);
    }

    private void write(String file, String content) throws IOException {
        Files.writeString(dir.resolve(file), content);
    }

    private String greet() {
        return context.createProducerTemplate().requestBody("direct:greet", "", String.class);
    }

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir.resolve("demo"));
        write("greet.camel.yaml", greeting("live"));
        write("echo.camel.yaml", """
                - route:
                    id: echo
                    from:
                      uri: direct:echo
                      steps:
                        - to: direct:greet
                """);
        write("demo/greet.camel.yaml", greeting("demo 1"));
        RouteSet routes = RouteSet.of(dir, "demo");
        context = new DefaultCamelContext();
        context.build();
        // what Camel Main loads (RouteSetLoading): the set's files
        List<Resource> resources = new ArrayList<>();
        routes.read().forEach((file, content) -> resources.add(ResourceHelper.fromString("file:" + file, content)));
        PluginHelper.getRoutesLoader(context).loadRoutes(resources);
        context.start();
        reloader = new RouteReloader(context, new TickLifecycle(List::of, Clock.systemUTC()), routes, false, 1000,
                Clock.systemUTC());
        reloader.start();
    }

    @AfterEach
    void stop() {
        reloader.stop();
        context.stop();
    }

    @Test
    void anOverlayFileIsTheOneRunAndReloaded() throws Exception {
        assertThat(greet()).isEqualTo("demo 1");

        write("demo/greet.camel.yaml", greeting("demo 2"));
        assertThat(reloader.reloadNow()).startsWith("applied: ").contains("from [demo/greet.camel.yaml]");
        assertThat(greet()).isEqualTo("demo 2");

        write("demo/greet.camel.yaml", greeting("demo 3").replace("direct:greet", "direct:greet?bogusOption=1"));
        assertThat(reloader.reloadNow()).startsWith("refused: ");
        assertThat(reloader.lastRefusedEdit()).map(RouteReloader.RefusedEdit::file)
                .contains(dir.resolve("demo/greet.camel.yaml").toString());
        assertThat(greet()).isEqualTo("demo 2");
    }

    @Test
    void editingTheReplacedFileChangesNothing() throws Exception {
        write("greet.camel.yaml", "- route: [this is: not a route");

        assertThat(reloader.reloadNow()).isEqualTo("no change: the route files are the running version");
        assertThat(reloader.lastRefusedEdit()).isEmpty();
        assertThat(reloader.lastReload()).isEmpty();
        assertThat(greet()).isEqualTo("demo 1");
    }

    @Test
    void removingTheOverlayFileBringsTheReplacedFileBack() throws Exception {
        Files.delete(dir.resolve("demo/greet.camel.yaml"));

        assertThat(reloader.reloadNow()).startsWith("applied: ").contains("from [greet.camel.yaml]");
        assertThat(greet()).isEqualTo("live");
        assertThat(context.getRoute("greet").getSourceResource().getLocation())
                .isEqualTo("file:" + dir.resolve("greet.camel.yaml"));
        assertThat(reloader.routeSet().overlay()).isEqualTo(Optional.of("demo"));
    }
}
