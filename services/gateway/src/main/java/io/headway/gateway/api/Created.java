package io.headway.gateway.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/** A 201 answer: the created thing, and its address under the collection it was posted to. */
final class Created {

    private Created() {
    }

    static Response at(UriInfo collection, UUID id, Object body) {
        return Response.created(collection.getAbsolutePathBuilder().path(id.toString()).build()).entity(body)
                .build();
    }
}
