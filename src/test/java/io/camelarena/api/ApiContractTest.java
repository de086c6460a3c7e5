package io.camelarena.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelarena.runtime.RouteValidator;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.InterceptFromDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.rest.OpenApiDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OpenAPI document (web/openapi.json) is the API's one description: the real route files under routes/ must serve
 * exactly its operations. Each operationId is served by a route from {@code direct:<operationId>} under the {@code api}
 * route configuration (access check and error mapping), every {@code direct:api-*} route serves an operation, and
 * the contract-first rest definition loads this document and refuses to start with an operation unrouted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiContractTest {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    private DefaultCamelContext scratch;
    private JsonNode document;
    /** "GET /decisions" (path as in the document) -> operationId (null when it has none). */
    private final Map<String, String> operations = new LinkedHashMap<>();
    private final Map<String, RouteDefinition> directRoutes = new TreeMap<>();
    private final List<RouteDefinition> routes = new ArrayList<>();
    private final List<RestDefinition> rests = new ArrayList<>();
    private final Map<String, RouteConfigurationDefinition> configurations = new LinkedHashMap<>();
    private final Map<Path, String> routeFiles = new TreeMap<>();

    @BeforeAll
    void load() throws Exception {
        try (InputStream in = ApiContractTest.class.getClassLoader().getResourceAsStream("web/openapi.json")) {
            document = new ObjectMapper().readTree(in);
        }
        document.get("paths").fields().forEachRemaining(path -> METHODS.forEach(method -> {
            JsonNode operation = path.getValue().get(method);
            if (operation != null) {
                JsonNode id = operation.get("operationId");
                operations.put(method.toUpperCase() + " " + path.getKey(), id == null ? null : id.asText());
            }
        }));

        scratch = new DefaultCamelContext(false);
        scratch.build();
        RoutesLoader loader = PluginHelper.getRoutesLoader(scratch);
        routeFiles.putAll(RouteValidator.readRouteFiles(Path.of("routes")));
        for (Map.Entry<Path, String> file : routeFiles.entrySet()) {
            for (RoutesBuilder builder : loader.findRoutesBuilders(ResourceHelper.fromString("file:" + file.getKey(),
                    file.getValue()))) {
                if (builder instanceof RouteBuilder routeBuilder) {
                    routeBuilder.configureRoutes(scratch);
                    routes.addAll(routeBuilder.getRouteCollection().getRoutes());
                    rests.addAll(routeBuilder.getRestCollection().getRests());
                }
                if (builder instanceof RouteConfigurationBuilder configurationBuilder) {
                    configurationBuilder.configuration();
                    configurationBuilder.getRouteConfigurationCollection().getRouteConfigurations()
                            .forEach(c -> configurations.put(c.getId(), c));
                }
            }
        }
        for (RouteDefinition route : routes) {
            String uri = route.getInput().getEndpointUri();
            if (uri.startsWith("direct:")) {
                directRoutes.put(uri.substring("direct:".length()).replaceFirst("^//", ""), route);
            }
        }
    }

    @Test
    void everyOperationHasAUniqueOperationId() {
        assertThat(operations).as("operations of web/openapi.json").isNotEmpty();
        operations.forEach((operation, id) -> assertThat(id).as(operation + " operationId").isNotBlank());
        assertThat(operations.values()).doesNotHaveDuplicates();
        assertThat(document.at("/servers/0/url").asText()).as("the base path of every operation").isEqualTo("/api");
        assertThat(operations).containsEntry("GET /audit/verify", "api-audit-verify")
                .containsEntry("GET /decisions/export", "api-decisions-export")
                .containsEntry("POST /replays", "api-replays-start");
    }

    @Test
    void everyOperationIsServedByItsDirectRouteUnderTheApiConfiguration() {
        for (Map.Entry<String, String> operation : operations.entrySet()) {
            assertThat(operation.getValue()).as(operation.getKey() + " operationId").isNotNull();
            RouteDefinition route = directRoutes.get(operation.getValue());
            assertThat(route).as(operation.getKey() + ": no route in routes/ is from direct:" + operation.getValue())
                    .isNotNull();
            assertThat(route.getRouteConfigurationId()).as(operation.getKey() + ": route " + route.getRouteId()
                    + " does not use the api route configuration (access check, error mapping)").isEqualTo("api");
        }
    }

    @Test
    void everyApiRouteServesAnOperation() {
        List<String> apiRoutes = directRoutes.keySet().stream().filter(name -> name.startsWith("api-")).toList();
        assertThat(apiRoutes).as("routes from direct:api-*").isNotEmpty();
        for (String name : apiRoutes) {
            assertThat(operations.values()).as("direct:" + name + " (" + directRoutes.get(name).getRouteId()
                    + ") serves no operation of web/openapi.json").contains(name);
        }
    }

    @Test
    void theRestDefinitionServesThisDocumentAndRefusesAnUnroutedOperation() {
        assertThat(rests).as("rest definitions in routes/").hasSize(1);
        OpenApiDefinition openApi = rests.get(0).getOpenApi();
        assertThat(openApi).as("contract-first rest (rest: openApi:)").isNotNull();
        assertThat(openApi.getSpecification()).isEqualTo("classpath:web/openapi.json");
        assertThat(openApi.getMissingOperation()).isEqualTo("fail");
        assertThat(rests.get(0).getClientRequestValidation()).as("the beans validate requests").isEqualTo("false");
        assertThat(rests.get(0).asRouteDefinition(scratch)).singleElement().satisfies(route -> {
            assertThat(route.getRouteId()).isEqualTo("api-rest");
            assertThat(route.getInput().getEndpointUri()).startsWith("rest-openapi:").contains("classpath:web/openapi.json?")
                    .contains("missingOperation=fail");
        });
    }

    @Test
    void accessCheckAndErrorMappingAreDeclaredOnce() {
        RouteConfigurationDefinition api = configurations.get("api");
        assertThat(api).as("routeConfiguration id api").isNotNull();
        assertThat(api.getOnExceptions()).hasSize(1);
        assertThat(api.getOnExceptions().get(0).getExceptions()).containsExactly("java.lang.Exception");
        assertThat(api.getInterceptFroms()).singleElement().satisfies(intercept -> {
            assertThat(intercept.getUri()).isEqualTo("direct:api-*");
            assertThat(beanCalls(intercept)).containsExactly("apiAccess.check");
        });
        routeFiles.forEach((file, content) -> {
            long checks = content.lines().filter(line -> line.contains("apiAccess")).count();
            assertThat(checks).as(file + " mentions apiAccess").isEqualTo(file.endsWith("api-configuration.camel.yaml")
                    ? 1 : 0);
        });
    }

    private static List<String> beanCalls(InterceptFromDefinition intercept) {
        List<String> calls = new ArrayList<>();
        for (ProcessorDefinition<?> step : intercept.getOutputs()) {
            if (step instanceof BeanDefinition bean) {
                calls.add(bean.getRef() + "." + bean.getMethod());
            }
        }
        return calls;
    }
}
