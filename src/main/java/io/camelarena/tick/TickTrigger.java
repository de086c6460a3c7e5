package io.camelarena.tick;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Starts a tick for an HTTP caller without making it wait for the tick: the tick is begun here (so its id can be
 * answered at once) and handed to the run-tick route on another thread.
 */
public final class TickTrigger {

    /** Header carrying a tick already begun by {@link #startAsync(Exchange)} into the run-tick route. */
    public static final String PREPARED_TICK = "arenaPreparedTick";

    private final TickLifecycle ticks;
    private final ProducerTemplate producer;
    private final ObjectMapper mapper = new ObjectMapper();

    public TickTrigger(TickLifecycle ticks, ProducerTemplate producer) {
        this.ticks = ticks;
        this.producer = producer;
    }

    public void startAsync(Exchange exchange) {
        var message = exchange.getMessage();
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        ObjectNode body = mapper.createObjectNode();
        Tick tick = ticks.begin("http");
        if (tick == null) {
            Tick running = ticks.current();
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 409);
            body.put("error", "a tick is already running");
            body.put("runningTickId", running == null ? null : running.id());
        } else {
            // Through tick-manual like every other on-demand trigger, so an edit of that route applies to all of them.
            producer.asyncRequestBodyAndHeaders("direct:trigger-tick", null,
                    Map.of("arenaTrigger", "http", PREPARED_TICK, tick));
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
            body.put("tickId", tick.id());
            body.put("status", "RUNNING");
        }
        message.setBody(body.toString());
    }
}
