package io.headway.gateway.config;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Makes the published OpenAPI document say what the API does, which the scanner cannot tell from the code: the
 * success status of each operation (202 for what is accepted for later, 201 for what is created, 204 for a
 * revocation), the problem responses a client must handle, and keys as HTTP bearer tokens, so Swagger UI's
 * Authorize box takes the bare key. Registered with {@code mp.openapi.filter}.
 */
public class OpenApiContract implements OASFilter {

    static final String SCHEME = "bearer";

    /** Success statuses other than 200, by "METHOD path". */
    private static final Map<String, String> SUCCESS = Map.ofEntries(
            Map.entry("POST /api/v1/jobs", "202"),
            Map.entry("POST /api/v1/jobs/batch", "202"),
            Map.entry("POST /api/v1/jobs/{jobId}/cancel", "202"),
            Map.entry("POST /api/v1/jobs/{jobId}/pause", "202"),
            Map.entry("POST /api/v1/jobs/{jobId}/resume", "202"),
            Map.entry("POST /api/v1/external-jobs", "202"),
            Map.entry("POST /api/v1/external-jobs/{jobId}/events", "202"),
            Map.entry("POST /api/v1/external-jobs/{jobId}/logs", "202"),
            Map.entry("POST /api/v1/keys", "201"),
            Map.entry("DELETE /api/v1/keys/{keyId}", "204"),
            Map.entry("POST /api/v1/alert-rules", "201"),
            Map.entry("DELETE /api/v1/alert-rules/{ruleId}", "204"),
            Map.entry("POST /api/v1/webhooks", "201"),
            Map.entry("DELETE /api/v1/webhooks/{webhookId}", "204"),
            Map.entry("POST /api/v1/alert-emails", "201"),
            Map.entry("DELETE /api/v1/alert-emails/{emailId}", "204"));

    private static final Map<String, String> PROBLEMS = Map.ofEntries(
            Map.entry("400", "the request is malformed: not JSON, an unknown field, a value of the wrong kind"),
            Map.entry("401", "no API key, or one that is not valid or was revoked"),
            Map.entry("403", "the key does not have the role this operation needs"),
            Map.entry("404", "no such job, batch, key, alert, rule or channel for this tenant"),
            Map.entry("409", "the job has ended, is not of the kind this needs, or the same Idempotency-Key is "
                    + "still in flight"),
            Map.entry("413", "the body is over the size limit"),
            Map.entry("422", "the request is well-formed but not acceptable; errors lists every problem"),
            Map.entry("429", "over the submission rate limit; Retry-After says when to try again"),
            Map.entry("503", "Kafka or a store did not answer; try again"));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().setSecuritySchemes(Map.of(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("An API key (hw_...), sent as 'Authorization: Bearer <key>'")));
        openAPI.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(SCHEME)));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith("/api/v1/") || item.getOperations() == null) {
                return;
            }
            item.getOperations().forEach((method, operation) -> {
                APIResponses responses = operation.getResponses();
                if (responses == null) {
                    responses = OASFactory.createAPIResponses();
                    operation.setResponses(responses);
                }
                String success = SUCCESS.get(method + " " + path);
                APIResponse ok = responses.getAPIResponse("200");
                if (success != null && ok != null) {
                    responses.removeAPIResponse("200");
                    if (success.equals("204")) {
                        ok.setContent(null);
                    }
                    responses.addAPIResponse(success, ok.description(success.equals("202")
                            ? "Accepted: recorded, and carried out after this answer" : ok.getDescription()));
                }
                for (String status : problems(method, path)) {
                    if (responses.getAPIResponse(status) == null) {
                        responses.addAPIResponse(status, problem(PROBLEMS.get(status)));
                    }
                }
            });
        });
    }

    private static List<String> problems(PathItem.HttpMethod method, String path) {
        boolean body = method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT;
        boolean one = path.contains("{");
        boolean submits = path.equals("/api/v1/jobs") || path.equals("/api/v1/jobs/batch")
                || path.equals("/api/v1/external-jobs");
        return PROBLEMS.keySet().stream().sorted().filter(status -> switch (status) {
            case "400", "401", "403", "503" -> true;
            case "404" -> one;
            case "409" -> body && (one || submits);
            case "413", "422" -> body;
            case "429" -> submits;
            default -> false;
        }).toList();
    }

    private static APIResponse problem(String description) {
        Schema schema = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        MediaType problemJson = OASFactory.createMediaType().schema(schema);
        Content content = OASFactory.createContent().addMediaType("application/problem+json", problemJson);
        return OASFactory.createAPIResponse().description(description).content(content);
    }
}
