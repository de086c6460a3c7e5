package io.camelarena.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's settings in layers: the arena's defaults, then otel.* of the configuration, then the OTEL_* environment
 * and -Dotel.* flags (the SDK's autoconfiguration reads both the same way; the tests use flags).
 */
class ArenaTelemetryTest {

    private final OtlpReceiver receiver = new OtlpReceiver();
    private final List<String> flags = new java.util.ArrayList<>();
    private ArenaTelemetry telemetry;

    @AfterEach
    void cleanUp() {
        if (telemetry != null) {
            telemetry.close(Duration.ofSeconds(5));
        }
        flags.forEach(System::clearProperty);
        receiver.close();
    }

    private void flag(String key, String value) {
        flags.add(key);
        System.setProperty(key, value);
    }

    private OtlpReceiver.Received oneSpan(Map<String, String> configured) {
        telemetry = ArenaTelemetry.start(new TelemetrySettings(true, false, configured), "1.2.3");
        Span span = telemetry.tracer().spanBuilder("probe").startSpan();
        span.end();
        assertThat(telemetry.flush(Duration.ofSeconds(10))).isTrue();
        List<OtlpReceiver.Received> spans = receiver.spans();
        assertThat(spans).extracting(OtlpReceiver.Received::name).containsExactly("probe");
        return spans.get(0);
    }

    private Map<String, String> configured(String... keyValues) {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("otel.exporter.otlp.endpoint", receiver.endpoint());
        for (int i = 0; i < keyValues.length; i += 2) {
            configured.put(keyValues[i], keyValues[i + 1]);
        }
        return configured;
    }

    @Test
    void byDefaultOtlpHttpProtobufAsCamelArenaWithItsVersion() {
        OtlpReceiver.Received span = oneSpan(configured());
        assertThat(span.resourceAttributes()).containsEntry("service.name", "camel-arena")
                .containsEntry("service.version", "1.2.3");
        assertThat(telemetry.description()).isEqualTo("traces otlp, metrics otlp (every 60 s), http/protobuf to "
                + receiver.endpoint());
    }

    @Test
    void theConfigurationsOtelKeysApplyAndHeadersAreSentButNeverDescribed() {
        OtlpReceiver.Received span = oneSpan(configured("otel.service.name", "arena-eu",
                "otel.exporter.otlp.headers", "Authorization=Basic c2VjcmV0LWtleQ=="));
        assertThat(span.resourceAttributes()).containsEntry("service.name", "arena-eu");
        assertThat(receiver.traceRequestHeader("Authorization")).isEqualTo("Basic c2VjcmV0LWtleQ==");
        assertThat(telemetry.description()).doesNotContain("c2VjcmV0LWtleQ");
    }

    @Test
    void headerValuesArePercentDecodedSoABase64PlusIsWrittenAsPercent2B() {
        // docs/operations.md's Langfuse recipe: Authorization=Basic%20<base64 with + as %2B>
        oneSpan(configured("otel.exporter.otlp.headers", "Authorization=Basic%20cGs6c2s%2Bc2s="));
        assertThat(receiver.traceRequestHeader("Authorization")).isEqualTo("Basic cGs6c2s+c2s=");
    }

    @Test
    void aServiceNameGivenAsResourceAttributeIsKept() {
        flag("otel.resource.attributes", "service.name=from-resource,deployment.environment.name=test");
        OtlpReceiver.Received span = oneSpan(configured());
        assertThat(span.resourceAttributes()).containsEntry("service.name", "from-resource")
                .containsEntry("deployment.environment.name", "test");
    }

    @Test
    void flagsAndTheEnvironmentWinOverTheConfiguration() {
        flag("otel.exporter.otlp.endpoint", receiver.endpoint());
        // configured: a port where nothing listens; the flag's endpoint is used
        OtlpReceiver.Received span = oneSpan(Map.of("otel.exporter.otlp.endpoint",
                "http://127.0.0.1:" + io.camelarena.flow.ArenaRouteTestSupport.freePort()));
        assertThat(span.name()).isEqualTo("probe");
    }
}
