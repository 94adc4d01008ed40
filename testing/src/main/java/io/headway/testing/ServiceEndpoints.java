package io.headway.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;

/**
 * What every Headway service promises operators, checked over HTTP against the running application (RestAssured is
 * pointed at it by the Quarkus test framework).
 */
public final class ServiceEndpoints {

    public static final String KAFKA = "Kafka connection health check";
    public static final String REDIS = "Redis connection health check";
    public static final String POSTGRES = "Reactive PostgreSQL connections health check";

    private ServiceEndpoints() {
    }

    /** {@code /q/health/ready} is UP and includes a passing check of each named connection. */
    public static void assertReadyWith(String... checks) {
        // A service becomes ready once its consumers hold their partitions, a few seconds after it starts.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().when().get("/q/health/ready")
                        .then().statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.findAll { it.status == 'UP' }.name", hasItems(checks)));
    }

    /** {@code /q/metrics} serves Prometheus text including JVM metrics. */
    public static void assertPrometheusMetrics() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }
}
