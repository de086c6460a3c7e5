package io.camelarena.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules the group jobs ({@link GroupJobs}) once camel-quartz has scheduled the tick-schedule route's own job:
 * when the runtime has started, and again whenever that route is started anew (a route reload). Clustered, it also
 * puts this runtime's scheduler in standby as soon as the runtime begins to stop: a group job it fired after its
 * routes stopped would find no consumer and its slot would be lost for the whole cluster; in standby it fires
 * nothing more (ticks in flight finish) and the other runtimes take the groups.
 */
public final class GroupJobsStarter extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(GroupJobsStarter.class);

    private final CamelContext context;
    private final String routeId;
    private final int groups;
    private final boolean clustered;

    public GroupJobsStarter(CamelContext context, String routeId, int groups, boolean clustered) {
        this.context = context;
        this.routeId = routeId;
        this.groups = groups;
        this.clustered = clustered;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent
                || clustered && event instanceof CamelEvent.CamelContextStoppingEvent
                || event instanceof CamelEvent.RouteStartedEvent started && context.isStarted()
                        && routeId.equals(started.getRoute().getRouteId());
    }

    @Override
    public void notify(CamelEvent event) {
        Route route = context.getRoute(routeId);
        if (route == null || !(route.getEndpoint() instanceof QuartzEndpoint endpoint)) {
            if (groups > 1) {
                LOG.warn("route {} is not a quartz route: the {} account group jobs are not scheduled", routeId,
                        groups);
            }
            return;
        }
        try {
            Scheduler scheduler = endpoint.getComponent().getScheduler();
            if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                if (scheduler != null && scheduler.isStarted() && !scheduler.isShutdown()) {
                    scheduler.standby();
                    LOG.info("runtime stopping: its Quartz scheduler fires no more group jobs, the others take them");
                }
                return;
            }
            JobKey base = JobKey.jobKey(endpoint.getTriggerKey().getName(), endpoint.getTriggerKey().getGroup());
            GroupJobs.ensure(scheduler, base, groups);
        } catch (Exception e) {
            LOG.error("account group jobs not scheduled: {}", e.toString(), e);
        }
    }
}
