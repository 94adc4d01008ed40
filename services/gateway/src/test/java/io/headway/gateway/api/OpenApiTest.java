package io.headway.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The published API description says what the API does (issue 13, item 17). */
@QuarkusTest
class OpenApiTest {

    @Test
    void keysAreBearerTokensAndEachOperationListsTheStatusesItAnswersWith() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.bearer.type", equalTo("http"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/api/v1/jobs'.post.responses", hasKey("202"))
                .body("paths.'/api/v1/jobs'.post.responses", not(hasKey("200")))
                .body("paths.'/api/v1/jobs'.post.responses", hasKey("422"))
                .body("paths.'/api/v1/jobs'.post.responses", hasKey("429"))
                .body("paths.'/api/v1/jobs'.post.responses.'422'.content", hasKey("application/problem+json"))
                .body("paths.'/api/v1/jobs/{jobId}/cancel'.post.responses", hasKey("409"))
                .body("paths.'/api/v1/jobs/{jobId}'.get.responses", hasKey("404"))
                .body("paths.'/api/v1/keys'.post.responses", hasKey("201"))
                .body("paths.'/api/v1/keys/{keyId}'.delete.responses", hasKey("204"))
                .body("components.schemas.EventView.properties.payload.type", equalTo("object"));
    }
}
