package io.headway.e2e;

import io.headway.testing.TestIds;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The e2e suite's one set of packaged services: started the first time a test class asks for it (a {@link Platform}
 * parameter of its {@code @BeforeAll} method) and stopped when the suite ends, since starting three JVMs was most of
 * a class's time. Each class works in a tenant of its own on it ({@link Platform#tenant}). Two classes start services
 * of their own, configured otherwise: {@code AlertsIT} (second-scale alert thresholds, which would raise alerts on
 * every other class's jobs, and the test's SMTP server) and {@code ExecutorFailoverIT} (executors it kills). They run
 * in a Failsafe execution of their own (e2e/pom.xml), in a JVM where these shared services are not running.
 */
final class SharedPlatform implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedPlatform.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Platform.class;
    }

    @Override
    public Platform resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root context's store closes it (Platform is AutoCloseable) when the whole suite has run.
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Platform.class, type -> start(), Platform.class);
    }

    private static Platform start() {
        try {
            return new Platform(TestIds.jobId("e2e-suite"), "e2e-suite").start();
        } catch (Exception e) {
            throw new IllegalStateException("the e2e suite's services did not start", e);
        }
    }
}
