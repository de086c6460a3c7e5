package io.camelarena.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Map;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a span while an exchange passes through a traced route (a route policy, begin to done) or a traced step (an
 * intercept strategy around the step with that id), as {@link SpanDefinition}s say. The span an exchange is in
 * travels with it in the exchange property {@value #PROPERTY}, so a span's parent is where the exchange came from:
 * split, multicast and enrich copies carry it into their routes, whatever thread runs them. Nothing here is
 * thread-bound (no current-context scopes), and a failure of the tracing is logged, never thrown into a route.
 */
final class RouteSpans implements RoutePolicyFactory, InterceptStrategy {

    static final String PROPERTY = "arenaTraceFrame";
    private static final Logger LOG = LoggerFactory.getLogger(RouteSpans.class);

    private final Tracer tracer;
    private final Map<String, SpanDefinition> routes;
    private final Map<String, SpanDefinition> steps;

    /**
     * @param routes the span of each traced route, by route id
     * @param steps  the span of each traced step, by the step's id
     */
    RouteSpans(Tracer tracer, Map<String, SpanDefinition> routes, Map<String, SpanDefinition> steps) {
        this.tracer = tracer;
        this.routes = Map.copyOf(routes);
        this.steps = Map.copyOf(steps);
    }

    /** The span an exchange is in, under the one it was opened in. */
    record Frame(String owner, Span span, Object state, Frame parent) {
    }

    /** The span the exchange is in, or null. */
    static Span current(Exchange exchange) {
        Frame frame = exchange.getProperty(PROPERTY, Frame.class);
        return frame == null ? null : frame.span();
    }

    /** The span of the span the exchange is in, or null. */
    static Span parentOfCurrent(Exchange exchange) {
        Frame frame = exchange.getProperty(PROPERTY, Frame.class);
        return frame == null || frame.parent() == null ? null : frame.parent().span();
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        SpanDefinition definition = routes.get(routeId);
        return definition == null ? null : new RoutePolicySupport() {
            @Override
            public void onExchangeBegin(Route r, Exchange exchange) {
                openSpan(routeId, definition, exchange);
            }

            @Override
            public void onExchangeDone(Route r, Exchange exchange) {
                closeSpan(routeId, definition, exchange);
            }
        };
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode node, Processor target,
            Processor nextTarget) {
        SpanDefinition definition = node.getId() == null ? null : steps.get(node.getId());
        if (definition == null) {
            return target;
        }
        String owner = node.getId();
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                openSpan(owner, definition, exchange);
                return processor.process(exchange, doneSync -> {
                    closeSpan(owner, definition, exchange);
                    callback.done(doneSync);
                });
            }
        };
    }

    private void openSpan(String owner, SpanDefinition definition, Exchange exchange) {
        try {
            Frame parent = exchange.getProperty(PROPERTY, Frame.class);
            SpanDefinition.Opened opened = definition.start(tracer, exchange,
                    parent == null ? null : Context.root().with(parent.span()));
            if (opened != null) {
                exchange.setProperty(PROPERTY, new Frame(owner, opened.span(), opened.state(), parent));
            }
        } catch (RuntimeException e) {
            LOG.warn("tracing: no span for {} ({})", owner, e.toString());
        }
    }

    private void closeSpan(String owner, SpanDefinition definition, Exchange exchange) {
        Frame frame = exchange.getProperty(PROPERTY, Frame.class);
        if (frame == null || !frame.owner().equals(owner)) {
            return; // its start made no span
        }
        try {
            definition.end(frame.span(), frame.state(), exchange);
        } catch (RuntimeException e) {
            LOG.warn("tracing: span of {} ended without its outcome ({})", owner, e.toString());
        } finally {
            frame.span().end();
            if (frame.parent() == null) {
                exchange.removeProperty(PROPERTY);
            } else {
                exchange.setProperty(PROPERTY, frame.parent());
            }
        }
    }
}
