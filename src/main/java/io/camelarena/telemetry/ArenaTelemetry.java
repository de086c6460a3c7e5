package io.camelarena.telemetry;

import io.camelarena.model.ApiKeys;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;

/**
 * The OpenTelemetry SDK of the runtime, configured by the SDK's autoconfiguration (so the standard OTEL_* variables
 * apply) over {@link TelemetrySettings#sdkDefaults()}. Spans leave through a batch span processor and metrics through
 * a periodic reader, each on a thread of its own with a bounded queue and export timeouts: a collector that is down
 * or slow costs dropped telemetry, never a tick's time. Not registered as the global OpenTelemetry.
 */
public final class ArenaTelemetry {

    /** The instrumentation scope of the arena's spans and metrics. */
    public static final String SCOPE = "io.camelarena";

    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;
    private final Meter meter;
    private final String description;

    private ArenaTelemetry(OpenTelemetrySdk sdk, String version, String description) {
        this.sdk = sdk;
        this.tracer = sdk.tracerBuilder(SCOPE).setInstrumentationVersion(version).build();
        this.meter = sdk.meterBuilder(SCOPE).setInstrumentationVersion(version).build();
        this.description = description;
    }

    /** Builds the SDK; its exporters connect lazily, so an unreachable collector does not delay the start. */
    public static ArenaTelemetry start(TelemetrySettings settings, String version) {
        Map<String, String> defaults = settings.sdkDefaults();
        AtomicReference<ConfigProperties> effective = new AtomicReference<>();
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults)
                .addPropertiesCustomizer(config -> {
                    effective.set(config);
                    return Map.of();
                })
                .addResourceCustomizer((resource, config) -> {
                    var builder = resource.toBuilder();
                    String name = resource.getAttribute(SERVICE_NAME);
                    if (name == null || name.startsWith("unknown_service")) {
                        builder.put(SERVICE_NAME, TelemetrySettings.SERVICE_NAME);
                    }
                    if (resource.getAttribute(SERVICE_VERSION) == null) {
                        builder.put(SERVICE_VERSION, version);
                    }
                    return builder.build();
                })
                // Closed when the Camel context stops (close()), with a bounded wait.
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        return new ArenaTelemetry(sdk, version, describe(effective.get()));
    }

    private static String describe(ConfigProperties config) {
        if (config == null) {
            return "OTLP";
        }
        String protocol = config.getString("otel.exporter.otlp.protocol", "http/protobuf");
        String endpoint = config.getString("otel.exporter.otlp.endpoint",
                protocol.equals("grpc") ? "http://localhost:4317" : "http://localhost:4318");
        Duration interval = config.getDuration("otel.metric.export.interval", Duration.ofMinutes(1));
        return "traces " + config.getString("otel.traces.exporter", "otlp") + ", metrics "
                + config.getString("otel.metrics.exporter", "otlp") + " (every "
                + (interval.toMillis() % 1000 == 0 ? interval.toSeconds() + " s" : interval.toMillis() + " ms")
                + "), " + protocol + " to " + endpoint;
    }

    public Tracer tracer() {
        return tracer;
    }

    public Meter meter() {
        return meter;
    }

    /** Where the telemetry goes (exporters, protocol, endpoint; never the headers, which may hold credentials). */
    public String description() {
        return description;
    }

    /**
     * Traces the arena's routes ({@link ArenaSpans}) from now on: routes created later (a reload included) get their
     * spans too.
     *
     * @param captureContent  prompts and replies on the model call spans (key-scrubbed)
     * @param bedrockEndpoint arena.model.bedrock.endpoint-override, the server of Bedrock calls when set
     */
    public void traceRoutes(CamelContext context, ApiKeys apiKeys, boolean captureContent,
            Optional<URI> bedrockEndpoint) {
        ArenaSpans arena = new ArenaSpans(apiKeys);
        RouteSpans spans = new RouteSpans(tracer,
                arena.routes(new ModelCallSpans(meter, apiKeys, captureContent, bedrockEndpoint)), arena.steps());
        context.addRoutePolicyFactory(spans);
        context.getCamelContextExtension().addInterceptStrategy(spans);
    }

    /** Exports what is buffered now; true when it was exported within {@code wait}. */
    public boolean flush(Duration wait) {
        CompletableResultCode spans = sdk.getSdkTracerProvider().forceFlush();
        CompletableResultCode metrics = sdk.getSdkMeterProvider().forceFlush();
        return CompletableResultCode.ofAll(java.util.List.of(spans, metrics))
                .join(wait.toMillis(), TimeUnit.MILLISECONDS).isSuccess();
    }

    /**
     * Exports what is left and stops the exporters, waiting at most {@code wait}: a collector that does not answer
     * does not hold up the runtime's stop (what it did not take is lost). True when all was exported in time.
     */
    public boolean close(Duration wait) {
        return sdk.shutdown().join(wait.toMillis(), TimeUnit.MILLISECONDS).isSuccess();
    }
}
