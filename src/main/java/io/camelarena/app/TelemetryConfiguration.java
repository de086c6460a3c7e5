package io.camelarena.app;

import io.camelarena.model.ApiKeys;
import org.apache.camel.CamelContext;

/**
 * OpenTelemetry traces and GenAI metrics over OTLP ({@code arena.otel.*}): set up, when on, before the routes are
 * created so that their spans are in place when they start (see {@link TelemetryWiring}).
 */
public class TelemetryConfiguration extends StageConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        TelemetryWiring.bind(camelContext, props, bean("apiKeys", ApiKeys.class));
    }
}
