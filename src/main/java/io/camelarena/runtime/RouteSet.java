package io.camelarena.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * The route files a runtime runs: the {@code *.yaml} files of the routes directory, where an overlay (a folder inside
 * it, named by {@code arena.routes.overlay}) puts each of its own {@code *.yaml} files in place of the same-named file
 * and adds those with new names. The demo profile sets the overlay {@code demo}:
 * {@code routes/demo/prices-feed.camel.yaml} runs instead of {@code routes/prices-feed.camel.yaml}. Camel Main's
 * loading ({@link RouteSetLoading}), the safe reload ({@link RouteReloader}), the {@code validate} command and the
 * replay command all read the set from here.
 *
 * @param directory the routes directory
 * @param overlay   the overlay's folder name inside {@code directory}, or empty
 */
public record RouteSet(Path directory, Optional<String> overlay) {

    public static final String OVERLAY_PROPERTY = "arena.routes.overlay";
    public static final String DIRECTORY_PROPERTY = "arena.routes.dir";
    public static final String INCLUDE_PATTERN_PROPERTY = "camel.main.routes-include-pattern";

    public RouteSet {
        overlay = overlay.map(String::trim).filter(name -> !name.isEmpty());
    }

    public static RouteSet of(Path directory, String overlay) {
        return new RouteSet(directory, Optional.ofNullable(overlay));
    }

    /**
     * The set the configuration names: {@code arena.routes.dir}, by default the directory of a
     * {@code file:DIR/*.yaml} include pattern ({@code routes} for any other pattern), and {@code arena.routes.overlay}.
     *
     * @param settings a property by its key, empty when not set (e.g. {@code ArenaProperties::optional})
     * @throws IllegalStateException when an overlay is set but the routes are not loaded from a directory
     */
    public static RouteSet configured(Function<String, Optional<String>> settings) {
        Optional<String> overlay = settings.apply(OVERLAY_PROPERTY);
        Optional<String> pattern = settings.apply(INCLUDE_PATTERN_PROPERTY);
        Optional<Path> directory = settings.apply(DIRECTORY_PROPERTY).map(Path::of)
                .or(() -> pattern.flatMap(RouteSet::patternDirectory));
        if (directory.isEmpty() && overlay.isPresent() && pattern.isPresent()) {
            throw new IllegalStateException(OVERLAY_PROPERTY + "=" + overlay.get() + " needs the route files in a "
                    + "directory, but " + INCLUDE_PATTERN_PROPERTY + " is " + pattern.get() + ": set "
                    + DIRECTORY_PROPERTY + " or a file:DIR/*.yaml pattern");
        }
        return new RouteSet(directory.orElse(Path.of("routes")), overlay);
    }

    /** The directory a {@code file:DIR/*.yaml} include pattern loads from, or empty for any other pattern. */
    public static Optional<Path> patternDirectory(String includePattern) {
        if (includePattern != null && includePattern.startsWith("file:") && !includePattern.contains(",")) {
            Path pattern = Path.of(includePattern.substring("file:".length()));
            if (pattern.getFileName() != null && pattern.getFileName().toString().contains("*")
                    && pattern.getParent() != null) {
                return Optional.of(pattern.getParent());
            }
        }
        return Optional.empty();
    }

    /** The overlay's folder, or empty when there is no overlay. */
    public Optional<Path> overlayDirectory() {
        return overlay.map(directory::resolve);
    }

    /** The files of the set with their contents, by path (an overlay's files under their own path). */
    public SortedMap<Path, String> read() throws IOException {
        SortedMap<Path, String> files = RouteValidator.readRouteFiles(directory);
        Optional<Path> overlayDirectory = overlayDirectory();
        if (overlayDirectory.isPresent()) {
            SortedMap<Path, String> overlayFiles =
                    RouteValidator.readRouteFiles(requireOverlay(overlayDirectory.get()));
            overlayFiles.keySet().forEach(file -> files.remove(directory.resolve(file.getFileName())));
            files.putAll(overlayFiles);
        }
        return files;
    }

    /** The names of the routes directory's files the overlay replaces (none without an overlay). */
    public List<String> replaced() throws IOException {
        List<String> names = new ArrayList<>();
        Optional<Path> overlayDirectory = overlayDirectory();
        if (overlayDirectory.isPresent()) {
            for (Path file : RouteValidator.readRouteFiles(requireOverlay(overlayDirectory.get())).keySet()) {
                if (RouteValidator.isRouteFile(directory.resolve(file.getFileName()))) {
                    names.add(file.getFileName().toString());
                }
            }
        }
        return names;
    }

    /** Camel Main's include pattern that loads exactly the files of the set. */
    public String includePattern() throws IOException {
        return includePattern(read().keySet());
    }

    static String includePattern(Iterable<Path> files) {
        List<String> locations = new ArrayList<>();
        files.forEach(file -> locations.add("file:" + file));
        return String.join(",", locations);
    }

    /** A file of the set as the user knows it, relative to the routes directory: {@code demo/news-feed.camel.yaml}. */
    public String name(Path file) {
        return file.startsWith(directory) ? directory.relativize(file).toString() : file.toString();
    }

    /**
     * One line for the start-up summary and the logs: {@code routes/*.yaml}, or
     * {@code routes/*.yaml with overlay routes/demo/ (replaces news-feed.camel.yaml, prices-feed.camel.yaml)}.
     */
    public String describe() {
        String all = directory.resolve("*.yaml").toString();
        if (overlay.isEmpty()) {
            return all;
        }
        String overlayFolder = directory.resolve(overlay.get()) + "/";
        try {
            List<String> replaced = replaced();
            List<String> added = new ArrayList<>();
            for (Path file : RouteValidator.readRouteFiles(requireOverlay(overlayDirectory().orElseThrow())).keySet()) {
                if (!replaced.contains(file.getFileName().toString())) {
                    added.add(file.getFileName().toString());
                }
            }
            List<String> parts = new ArrayList<>();
            if (!replaced.isEmpty()) {
                parts.add("replaces " + String.join(", ", replaced));
            }
            if (!added.isEmpty()) {
                parts.add("adds " + String.join(", ", added));
            }
            return all + " with overlay " + overlayFolder + (parts.isEmpty() ? " (empty)"
                    : " (" + String.join("; ", parts) + ")");
        } catch (IOException | RuntimeException e) {
            return all + " with overlay " + overlayFolder + " (" + e.getMessage() + ")";
        }
    }

    private Path requireOverlay(Path overlayDirectory) throws IOException {
        if (!Files.isDirectory(overlayDirectory)) {
            throw new java.io.FileNotFoundException(OVERLAY_PROPERTY + "=" + overlay.orElseThrow() + ": there is no "
                    + "directory " + overlayDirectory + " (an overlay is a folder inside the routes directory "
                    + directory + ")");
        }
        return overlayDirectory;
    }
}
