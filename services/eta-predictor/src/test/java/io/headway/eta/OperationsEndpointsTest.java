package io.headway.eta;

import io.headway.testing.ServiceEndpoints;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The service is ready only with its real connections, and exposes Prometheus metrics. */
@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void readyWithItsConnections() {
        ServiceEndpoints.assertReadyWith(ServiceEndpoints.KAFKA, ServiceEndpoints.POSTGRES, "eta-estimate-loop");
    }

    @Test
    void exposesPrometheusMetrics() {
        ServiceEndpoints.assertPrometheusMetrics();
    }
}
