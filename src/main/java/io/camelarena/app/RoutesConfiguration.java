package io.camelarena.app;

import io.camelarena.runtime.RouteReloader;
import io.camelarena.runtime.RouteSet;
import io.camelarena.tick.TickLifecycle;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;

/** Safe reload of the YAML routes: a changed routes/ is validated first and applied between ticks. */
public class RoutesConfiguration extends StageConfiguration {

    @BindToRegistry("arenaRouteReloader")
    public RouteReloader routeReloader(@BeanInject("tickLifecycle") TickLifecycle ticks) {
        // The watched set: arena.routes.dir (else the directory of a file:DIR/*.yaml include pattern) with its overlay.
        return new RouteReloader(context, ticks, RouteSet.configured(props::optional),
                props.bool("arena.routes.reload.enabled"),
                props.longValue("arena.routes.reload.poll-ms"), CLOCK);
    }

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        camelContext.addService(bean("arenaRouteReloader", RouteReloader.class));
    }
}
