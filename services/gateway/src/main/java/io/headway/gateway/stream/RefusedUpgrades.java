package io.headway.gateway.stream;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A WebSocket upgrade without a valid key is answered 401 by the security layer, which then hands the failure on;
 * the next failure handler tries to answer it a second time, fails, and Quarkus logged an ERROR with a stack trace
 * for every refused client, so anyone without a key could fill the log. This handler ends the failure of a stream
 * upgrade whose answer has already been written: the client has its 401, and there is nothing to log.
 */
@ApplicationScoped
public class RefusedUpgrades {

    /** The WebSocket endpoint's path ({@link StreamSocket}). */
    static final String STREAM_PATH = "/api/v1/stream";

    void install(@Observes Router router) {
        router.route(STREAM_PATH).order(Integer.MIN_VALUE).failureHandler(context -> {
            if (!context.response().headWritten()) {
                context.next();
            }
        });
    }
}
