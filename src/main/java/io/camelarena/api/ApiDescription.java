package io.camelarena.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The API's one description, the OpenAPI document {@value #RESOURCE} in the jar: routes/api-rest.camel.yaml serves its
 * operations, {@code GET /api/openapi.json} hands it out, and the start-up summary lists its operations from here.
 */
public final class ApiDescription {

    /** Classpath location of the OpenAPI document. */
    public static final String RESOURCE = "web/openapi.json";

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    /** One operation: its method, its full path (the servers url, /api, and the path), its operationId. */
    public record Operation(String method, String path, String operationId) {
        /** As the start-up summary lists it: {@code GET /api/decisions}. */
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private ApiDescription() {
    }

    /** Every operation of the document, in document order. */
    public static List<Operation> operations() {
        JsonNode document;
        try (InputStream in = ApiDescription.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            document = ApiSupport.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " cannot be read", e);
        }
        String base = document.at("/servers/0/url").asText("");
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            if (METHODS.contains(entry.getKey())) {
                operations.add(new Operation(entry.getKey().toUpperCase(Locale.ROOT), base + path.getKey(),
                        entry.getValue().path("operationId").asText(null)));
            }
        }));
        return operations;
    }
}
