package io.camelarena.app;

import io.camelarena.config.ArenaProperties;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the configuration of one stage shares with the others (see {@link ArenaConfiguration} for how Camel Main runs
 * them). Camel's bean post-processor hands it the CamelContext ({@link CamelContextAware}) before it calls the
 * stage's {@code @BindToRegistry} methods, so they read the configuration through {@link #props}.
 */
public abstract class StageConfiguration implements CamelConfiguration, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(StageConfiguration.class);
    protected static final Clock CLOCK = Clock.systemUTC();

    protected CamelContext context;
    protected ArenaProperties props;
    private final Map<String, Object> made = new HashMap<>();

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
        this.props = new ArenaProperties(camelContext.getPropertiesComponent());
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    /**
     * A bean of this stage made once, whichever of its {@code @BindToRegistry} methods asks first: Camel Main calls
     * them in an order of its own (those returning {@code java.*} types in a first pass), so a bean another bean of
     * the same stage uses is made through this, not looked up.
     */
    @SuppressWarnings("unchecked")
    protected <T> T once(String bean, Supplier<T> make) {
        Object existing = made.get(bean);
        if (existing == null) {
            existing = make.get();
            made.put(bean, existing);
        }
        return (T) existing;
    }

    /** A bean bound by this or an earlier stage, for {@link #configure}, which runs after every stage bound its own. */
    protected <T> T bean(String name, Class<T> type) {
        T bean = context.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean " + name + " (" + type.getSimpleName() + ") in the registry");
        }
        return bean;
    }

    /** Registers an MBean in the platform MBean server (replacing one left by an earlier context); gone on stop. */
    protected void registerMBean(String objectName, Object mbean) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(objectName);
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(mbean, name);
        onStop("MBean " + objectName, () -> {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        });
    }

    /** Runs {@code action} when the Camel context stops (services stop in the reverse order they were added). */
    protected void onStop(String what, StopAction action) throws Exception {
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                try {
                    action.run();
                } catch (Exception e) {
                    LOG.warn("on stop, {}: {}", what, e.toString());
                }
            }

            @Override
            public String toString() {
                return "OnStop[" + what + "]";
            }
        });
    }

    /** What a stage does when the context stops. */
    @FunctionalInterface
    protected interface StopAction {
        void run() throws Exception;
    }
}
