package io.camelarena.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.apache.camel.Exchange;

/** What the span of one traced route (or step) is called and says, when it starts and when it ends. */
interface SpanDefinition {

    /**
     * Starts the span of this exchange's pass.
     *
     * @param parent the context of the span the exchange is in, or null when it is in none (a root span)
     * @return the span and whatever {@link #end} needs from the start, or null for no span
     */
    Opened start(Tracer tracer, Exchange exchange, Context parent);

    /** Sets what the pass produced on the span (RouteSpans ends it). */
    void end(Span span, Object state, Exchange exchange);

    record Opened(Span span, Object state) {
    }
}
