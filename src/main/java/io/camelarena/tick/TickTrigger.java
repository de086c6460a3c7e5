package io.camelarena.tick;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

/**
 * The steps of the api-trigger-tick route, which starts a tick for an HTTP caller without making it wait for the tick:
 * the tick is begun here (so its id can be answered at once); the route hands it to tick-manual on another thread
 * (wireTap) and answers 202, or 409 when a tick is already running.
 */
public final class TickTrigger {

    /** Header carrying a tick already begun by {@link #begin(Exchange)} into the run-tick route. */
    public static final String PREPARED_TICK = "arenaPreparedTick";
    /** Header naming who triggered the tick (run-tick records it). */
    public static final String TRIGGER = "arenaTrigger";

    private final TickLifecycle ticks;
    private final ObjectMapper mapper = new ObjectMapper();

    public TickTrigger(TickLifecycle ticks) {
        this.ticks = ticks;
    }

    /** Begins an HTTP tick: the headers tick-manual runs it with, or none when a tick is already running. */
    public void begin(Exchange exchange) {
        var message = exchange.getMessage();
        message.setBody(null);
        Tick tick = ticks.begin("http");
        if (tick != null) {
            message.setHeader(TRIGGER, "http");
            message.setHeader(PREPARED_TICK, tick);
        }
    }

    /** 202 with the id of the tick that now runs in the background. */
    public void accepted(Exchange exchange) {
        Tick tick = exchange.getMessage().getHeader(PREPARED_TICK, Tick.class);
        ObjectNode body = mapper.createObjectNode();
        body.put("tickId", tick.id());
        body.put("status", "RUNNING");
        answer(exchange, 202, body);
    }

    /** 409 naming the tick that is running. */
    public void busy(Exchange exchange) {
        Tick running = ticks.current();
        ObjectNode body = mapper.createObjectNode();
        body.put("error", "a tick is already running");
        body.put("runningTickId", running == null ? null : running.id());
        answer(exchange, 409, body);
    }

    private static void answer(Exchange exchange, int status, ObjectNode body) {
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body.toString());
    }
}
