package io.camelarena.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a runtime runs: the routes directory, with an overlay's files in place of the same-named ones. */
class RouteSetTest {

    @TempDir
    Path dir;

    private void write(String file, String content) throws IOException {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    @Test
    void anOverlayReplacesSameNamedFilesAndAddsNewOnes() throws IOException {
        write("a.yaml", "live a");
        write("b.yaml", "live b");
        write("notes.txt", "not a route file");
        write("demo/a.yaml", "demo a");
        write("demo/c.yaml", "demo c");
        write("other/b.yaml", "another overlay, not active");

        SortedMap<Path, String> files = RouteSet.of(dir, "demo").read();

        assertThat(files).containsExactlyInAnyOrderEntriesOf(Map.of(
                dir.resolve("demo/a.yaml"), "demo a",
                dir.resolve("b.yaml"), "live b",
                dir.resolve("demo/c.yaml"), "demo c"));
        assertThat(RouteSet.of(dir, "demo").replaced()).containsExactly("a.yaml");
        assertThat(RouteSet.of(dir, "demo").describe()).isEqualTo(dir.resolve("*.yaml") + " with overlay "
                + dir.resolve("demo") + "/ (replaces a.yaml; adds c.yaml)");
        assertThat(RouteSet.of(dir, "demo").includePattern())
                .isEqualTo("file:" + dir.resolve("b.yaml") + ",file:" + dir.resolve("demo/a.yaml") + ",file:"
                        + dir.resolve("demo/c.yaml"));
    }

    @Test
    void withoutAnOverlayTheSetIsTheDirectory() throws IOException {
        write("a.yaml", "live a");
        write("demo/a.yaml", "demo a");

        for (String none : new String[] {null, "", "  "}) {
            RouteSet routes = RouteSet.of(dir, none);
            assertThat(routes.overlay()).isEmpty();
            assertThat(routes.read()).containsExactly(Map.entry(dir.resolve("a.yaml"), "live a"));
            assertThat(routes.describe()).isEqualTo(dir.resolve("*.yaml").toString());
        }
    }

    @Test
    void aMissingOverlayFolderIsNamedNotIgnored() throws IOException {
        write("a.yaml", "live a");

        assertThatThrownBy(() -> RouteSet.of(dir, "dmeo").read()).isInstanceOf(FileNotFoundException.class)
                .hasMessage("arena.routes.overlay=dmeo: there is no directory " + dir.resolve("dmeo")
                        + " (an overlay is a folder inside the routes directory " + dir + ")");
    }

    @Test
    void theConfiguredSetComesFromTheDirectoryOrTheIncludePattern() {
        Map<String, String> settings = Map.of(RouteSet.INCLUDE_PATTERN_PROPERTY, "file:/etc/arena/routes/*.yaml",
                RouteSet.OVERLAY_PROPERTY, "demo");
        assertThat(RouteSet.configured(key -> Optional.ofNullable(settings.get(key))))
                .isEqualTo(new RouteSet(Path.of("/etc/arena/routes"), Optional.of("demo")));

        assertThat(RouteSet.configured(key -> key.equals(RouteSet.DIRECTORY_PROPERTY) ? Optional.of("my-routes")
                : Optional.ofNullable(settings.get(key)))).isEqualTo(new RouteSet(Path.of("my-routes"),
                        Optional.of("demo")));

        assertThat(RouteSet.configured(key -> Optional.empty()))
                .isEqualTo(new RouteSet(Path.of("routes"), Optional.empty()));

        // not a directory: the overlay cannot be applied, said at start-up
        Map<String, String> classpath = Map.of(RouteSet.INCLUDE_PATTERN_PROPERTY, "classpath:routes/*.yaml",
                RouteSet.OVERLAY_PROPERTY, "demo");
        assertThatThrownBy(() -> RouteSet.configured(key -> Optional.ofNullable(classpath.get(key))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("arena.routes.overlay=demo needs the route files in a directory");
    }

    @Test
    void theShippedDemoOverlayReplacesTheLiveFetchRoutes() throws IOException {
        RouteSet demo = RouteSet.of(Path.of("routes"), "demo");

        assertThat(demo.replaced()).containsExactlyInAnyOrder("prices-feed.camel.yaml", "news-feed.camel.yaml",
                "venue-feed.camel.yaml");
        assertThat(demo.read()).containsKeys(Path.of("routes/demo/prices-feed.camel.yaml"),
                Path.of("routes/demo/news-feed.camel.yaml"), Path.of("routes/demo/venue-feed.camel.yaml"))
                .doesNotContainKeys(Path.of("routes/prices-feed.camel.yaml"), Path.of("routes/news-feed.camel.yaml"),
                        Path.of("routes/venue-feed.camel.yaml"))
                .hasSize(RouteValidator.readRouteFiles(Path.of("routes")).size());
    }
}
