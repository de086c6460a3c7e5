package io.camelarena.app;

import io.camelarena.config.ArenaProperties;
import io.camelarena.model.ApiKeys;
import io.camelarena.monitor.StartupSummary;
import io.camelarena.telemetry.ArenaTelemetry;
import io.camelarena.telemetry.TelemetrySettings;
import java.net.URI;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry traces and GenAI metrics over OTLP ({@code arena.otel.*}, docs/operations.md):
 * off by default, and then nothing of the SDK is loaded. On, the SDK ({@code arenaTelemetry}) is built
 * before the routes so that their spans are in place when they start, and closed when the context stops. Kept apart
 * from the other stages: TelemetryConfiguration calls it.
 */
final class TelemetryWiring {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryWiring.class);
    /** The longest a stop waits for the last telemetry to be exported (a hung collector must not hold it). */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private TelemetryWiring() {
    }

    static void bind(CamelContext context, ArenaProperties props, ApiKeys apiKeys) throws Exception {
        TelemetrySettings settings = TelemetrySettings.from(props);
        if (!settings.enabled()) {
            return;
        }
        long started = System.nanoTime();
        ArenaTelemetry telemetry = ArenaTelemetry.start(settings, StartupSummary.version());
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                if (!telemetry.close(CLOSE_WAIT)) {
                    LOG.warn("OpenTelemetry: the last spans and metrics were not exported within {} s ({})",
                            CLOSE_WAIT.toSeconds(), telemetry.description());
                }
            }
        });
        telemetry.traceRoutes(context, apiKeys, settings.captureContent(),
                props.optional("arena.model.bedrock.endpoint-override").map(URI::create));
        context.getRegistry().bind("arenaTelemetry", telemetry);
        LOG.info("arena: OpenTelemetry on (set up in {} ms): {}; prompts and replies on spans: {}",
                (System.nanoTime() - started) / 1_000_000, telemetry.description(),
                settings.captureContent() ? "yes (" + TelemetrySettings.CAPTURE_CONTENT + ", key-scrubbed)" : "no");
    }
}
