package io.camelarena.flow;

/** The collector's port refuses connections: every export fails at once, the ticks do not notice. */
class CollectorDownRouteTest extends CollectorUnavailableTestSupport {

    private String endpoint;

    @Override
    String collectorEndpoint() {
        if (endpoint == null) {
            endpoint = "http://127.0.0.1:" + freePort();
        }
        return endpoint;
    }

    @Override
    void assertCollectorState() {
        // nothing listens there: nothing to check but the ticks above
    }
}
