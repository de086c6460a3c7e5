package io.camelarena.telemetry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OTLP/HTTP receiver inside the test: WireMock takes {@code POST /v1/traces} and {@code POST /v1/metrics} and the
 * requests are decoded with the OTLP protobuf definitions (opentelemetry-proto), as a collector would.
 */
public final class OtlpReceiver implements AutoCloseable {

    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    public OtlpReceiver() {
        server.start();
        for (String path : new String[] {"/v1/traces", "/v1/metrics"}) {
            server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/x-protobuf")));
        }
    }

    /** The endpoint to give as otel.exporter.otlp.endpoint. */
    public String endpoint() {
        return server.baseUrl();
    }

    /** The raw request bodies, traces and metrics. */
    public List<byte[]> bodies() {
        List<byte[]> bodies = new ArrayList<>();
        server.findAll(postRequestedFor(urlEqualTo("/v1/traces"))).forEach(r -> bodies.add(r.getBody()));
        server.findAll(postRequestedFor(urlEqualTo("/v1/metrics"))).forEach(r -> bodies.add(r.getBody()));
        return bodies;
    }

    public List<ExportTraceServiceRequest> traceRequests() {
        return server.findAll(postRequestedFor(urlEqualTo("/v1/traces"))).stream().map(r -> {
            try {
                return ExportTraceServiceRequest.parseFrom(r.getBody());
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("not an OTLP trace request", e);
            }
        }).toList();
    }

    public List<ExportMetricsServiceRequest> metricRequests() {
        return server.findAll(postRequestedFor(urlEqualTo("/v1/metrics"))).stream().map(r -> {
            try {
                return ExportMetricsServiceRequest.parseFrom(r.getBody());
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("not an OTLP metrics request", e);
            }
        }).toList();
    }

    /** Every span received, with the resource it came with. */
    public List<Received> spans() {
        List<Received> spans = new ArrayList<>();
        for (ExportTraceServiceRequest request : traceRequests()) {
            request.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> ss.getSpansList()
                    .forEach(span -> spans.add(new Received(span, rs.getResource())))));
        }
        return spans;
    }

    /** The metrics of the last metrics request that had one named {@code name} (cumulative: the latest counts). */
    public Metric lastMetric(String name) {
        Metric last = null;
        for (ExportMetricsServiceRequest request : metricRequests()) {
            for (var rm : request.getResourceMetricsList()) {
                for (var sm : rm.getScopeMetricsList()) {
                    for (Metric m : sm.getMetricsList()) {
                        if (m.getName().equals(name)) {
                            last = m;
                        }
                    }
                }
            }
        }
        return last;
    }

    /** A header of the trace requests received (the same on each). */
    public String traceRequestHeader(String name) {
        return server.findAll(postRequestedFor(urlEqualTo("/v1/traces"))).stream().map(r -> r.getHeader(name))
                .findFirst().orElse(null);
    }

    public void reset() {
        server.resetRequests();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** A received span, its attributes as Java values. */
    public record Received(Span span, Resource resource) {

        public String name() {
            return span.getName();
        }

        public String id() {
            return HexFormat.of().formatHex(span.getSpanId().toByteArray());
        }

        public String parentId() {
            return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
        }

        public String traceId() {
            return HexFormat.of().formatHex(span.getTraceId().toByteArray());
        }

        public Map<String, Object> attributes() {
            return values(span.getAttributesList());
        }

        public Object attribute(String key) {
            return attributes().get(key);
        }

        public Map<String, Object> resourceAttributes() {
            return values(resource.getAttributesList());
        }
    }

    public static Map<String, Object> values(List<KeyValue> attributes) {
        Map<String, Object> values = new LinkedHashMap<>();
        attributes.forEach(kv -> values.put(kv.getKey(), value(kv.getValue())));
        return values;
    }

    static Object value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().map(OtlpReceiver::value).toList();
            default -> v.toString();
        };
    }
}
