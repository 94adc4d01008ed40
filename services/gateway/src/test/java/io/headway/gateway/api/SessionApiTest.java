package io.headway.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.headway.gateway.GatewayTestSupport;
import io.headway.gateway.GatewayTestSupport.Tenant;
import io.headway.gateway.auth.ApiKeyStore;
import io.headway.gateway.auth.Role;
import io.headway.stream.ClientMessage.Subscribe;
import io.headway.stream.ServerMessage;
import io.headway.stream.StreamClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a browser needs to start: who its key is, and a ticket that opens the stream without the key in a URL. */
@QuarkusTest
class SessionApiTest {

    @TestHTTPResource("/api/v1/stream")
    URI stream;

    @Inject
    ApiKeyStore keys;

    private Tenant tenant;

    @BeforeEach
    void tenant() {
        tenant = GatewayTestSupport.newTenant(keys, EnumSet.of(Role.READ, Role.CONTROL));
    }

    @Test
    void meSaysWhichTenantAndRolesTheKeyHas() {
        given().header("Authorization", GatewayTestSupport.bearer(tenant)).get("/api/v1/me").then().statusCode(200)
                .body("tenant", equalTo(tenant.name())).body("roles", containsInAnyOrder("control", "read"));
        given().get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void aTicketOpensTheStreamOnceAndNeverAgain() {
        String ticket = ticket(tenant);
        try (StreamClient client = StreamClient.withTicket(ws(), ticket)) {
            client.send(Subscribe.everything());
            client.await(ServerMessage.Subscribed.class);
        }
        assertThatThrownBy(() -> StreamClient.withTicket(ws(), ticket)).isInstanceOf(CompletionException.class)
                .rootCause().hasMessageContaining("401");
        assertThatThrownBy(() -> StreamClient.withTicket(ws(), "hwt_made-up")).isInstanceOf(CompletionException.class)
                .rootCause().hasMessageContaining("401");
    }

    @Test
    void aTicketOfAKeyRevokedSinceOpensNothing() {
        String ticket = ticket(tenant);
        String keyId = given().header("Authorization", GatewayTestSupport.bearer(tenant)).get("/api/v1/me")
                .then().extract().path("keyId");
        assertThat(keys.revoke(tenant.name(), keyId).await().atMost(Duration.ofSeconds(10))).isTrue();
        assertThatThrownBy(() -> StreamClient.withTicket(ws(), ticket)).isInstanceOf(CompletionException.class)
                .rootCause().hasMessageContaining("401");
    }

    @Test
    void ticketsOnlyOpenTheStream() {
        String ticket = ticket(tenant);
        given().queryParam("ticket", ticket).get("/api/v1/jobs").then().statusCode(401);
    }

    private static String ticket(Tenant tenant) {
        return given().header("Authorization", GatewayTestSupport.bearer(tenant)).post("/api/v1/stream/tickets")
                .then().statusCode(200).body("ticket", startsWith("hwt_")).extract().path("ticket");
    }

    private URI ws() {
        return URI.create(stream.toString().replace("http://", "ws://"));
    }
}
