package io.camelarena.telemetry;

import io.camelarena.config.ArenaProperties;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenTelemetry settings: {@code arena.otel.enabled} and {@code arena.otel.capture-content}, and the
 * OpenTelemetry SDK's own {@code otel.*} keys. The SDK reads those (exporter endpoint, headers, protocol, service
 * name, resource attributes, batch sizes, timeouts, sampler, ...) from the standard {@code OTEL_*} environment
 * variables and {@code -Dotel.*} flags; {@code otel.*} lines of the configuration are taken below both.
 *
 * @param enabled        arena.otel.enabled: traces and GenAI metrics over OTLP (off: no SDK is even loaded)
 * @param captureContent arena.otel.capture-content: prompts and replies as gen_ai.input.messages /
 *                       gen_ai.output.messages on the model call spans, key-scrubbed
 * @param configured     the {@code otel.*} keys of the configuration
 */
public record TelemetrySettings(boolean enabled, boolean captureContent, Map<String, String> configured) {

    public static final String ENABLED = "arena.otel.enabled";
    public static final String CAPTURE_CONTENT = "arena.otel.capture-content";
    /** The service name when neither otel.service.name nor a service.name resource attribute is given. */
    public static final String SERVICE_NAME = "camel-arena";

    public TelemetrySettings {
        configured = Map.copyOf(configured);
    }

    public static TelemetrySettings from(ArenaProperties props) {
        return new TelemetrySettings(props.bool(ENABLED), props.bool(CAPTURE_CONTENT),
                props.valuesStartingWith("otel."));
    }

    /**
     * The SDK's lowest layer (the OTEL_* environment and -Dotel.* flags override it): OTLP over HTTP with protobuf,
     * which Jaeger, Tempo, Langfuse and every collector accept (the SDK's own default is gRPC), no log export (the
     * runtime logs to its console), then the configuration's otel.* keys.
     */
    Map<String, String> sdkDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
        defaults.put("otel.logs.exporter", "none");
        configured.forEach((key, value) -> {
            if (!value.isEmpty()) {
                defaults.put(key, value);
            }
        });
        return defaults;
    }
}
