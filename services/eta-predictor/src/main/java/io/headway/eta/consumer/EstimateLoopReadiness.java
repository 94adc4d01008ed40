package io.headway.eta.consumer;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the estimate loop holds its partitions of {@code headway.progress}. */
@Readiness
@ApplicationScoped
public class EstimateLoopReadiness implements HealthCheck {

    private final EstimateLoop loop;

    public EstimateLoopReadiness(EstimateLoop loop) {
        this.loop = loop;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("eta-estimate-loop").status(loop.assigned()).build();
    }
}
