package org.erpbridge.erp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.erpbridge.common.ApiProblemMapper;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Gives every ERP operation what {@link ErpAuthFilter} and the problem mappers do for all of them, so no resource
 * has to repeat it: the 401 and 500 problem responses; for the methods whose bodies are signed (POST, PUT, PATCH)
 * the signature headers and the 413 problem; the {@code Problem} schema for every problem response that names no
 * schema of its own; the description of the {@code {merchant}} path segment; path parameters in path order. Every
 * callback ({@code webhooks}) gets its tag, the event and signature headers the outbox sends and the meaning of the
 * ERP's answers. Runs once, when the document is built.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ErpApiFilter implements OASFilter {
    private static final Set<PathItem.HttpMethod> SIGNED =
            Set.of(PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT, PathItem.HttpMethod.PATCH);
    private static final String MERCHANT = "merchant";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getPaths() != null && api.getPaths().getPathItems() != null) {
            api.getPaths().getPathItems().forEach((path, item) -> {
                for (Map.Entry<PathItem.HttpMethod, Operation> entry :
                        item.getOperations().entrySet()) {
                    orderPathParameters(entry.getValue(), path);
                    complete(entry.getValue(), SIGNED.contains(entry.getKey()));
                }
            });
        }
        if (api.getWebhooks() != null) {
            for (PathItem webhook : api.getWebhooks().values()) {
                webhook.getOperations().values().forEach(ErpApiFilter::completeCallback);
            }
        }
    }

    private static void complete(Operation operation, boolean signed) {
        if (operation.getParameters() != null) {
            operation.getParameters().stream()
                    .filter(p -> MERCHANT.equals(p.getName())
                            && p.getIn() == Parameter.In.PATH
                            && p.getDescription() == null)
                    .forEach(p -> p.description("The merchant's key (bridge.merchants.<key>)")
                            .example("acme"));
        }
        if (signed) {
            addHeaderParameter(operation, Signatures.TIMESTAMP_HEADER);
            addHeaderParameter(operation, Signatures.SIGNATURE_HEADER);
        }
        APIResponses responses = operation.getResponses();
        addResponse(responses, "401", ErpApiDocument.UNAUTHORIZED);
        if (signed) {
            addResponse(responses, "408", ErpApiDocument.REQUEST_TIMEOUT);
            addResponse(responses, "413", ErpApiDocument.PAYLOAD_TOO_LARGE);
        }
        addResponse(responses, "429", ErpApiDocument.TOO_MANY_FAILURES);
        addResponse(responses, "500", ErpApiDocument.INTERNAL);
        for (APIResponse response : responses.getAPIResponses().values()) {
            MediaType problem = response.getContent() == null
                    ? null
                    : response.getContent().getMediaType(ApiProblemMapper.PROBLEM_JSON);
            if (problem != null && problem.getSchema() == null) {
                problem.setSchema(OASFactory.createSchema().ref("Problem"));
            }
        }
    }

    /** What every callback shares: the tag, the outbox's headers, no bearer key, and what its answers mean. */
    private static void completeCallback(Operation callback) {
        if (callback.getTags() == null || callback.getTags().isEmpty()) {
            callback.addTag(ErpApiDocument.TAG_CALLBACKS);
        }
        // the ERP's endpoint gets no bearer key: the signature headers authenticate the bridge
        callback.setSecurity(new ArrayList<>());
        addHeaderParameter(callback, ErpApiDocument.EVENT_ID_HEADER);
        addHeaderParameter(callback, ErpApiDocument.EVENT_TYPE_HEADER);
        addHeaderParameter(callback, Signatures.TIMESTAMP_HEADER);
        addHeaderParameter(callback, Signatures.SIGNATURE_HEADER);
        if (callback.getResponses() == null) {
            callback.setResponses(OASFactory.createAPIResponses());
        }
        if (!callback.getResponses().hasAPIResponse("2XX")) {
            callback.getResponses()
                    .addAPIResponse("2XX", OASFactory.createAPIResponse().description("Delivered"));
        }
        if (!callback.getResponses().hasAPIResponse("4XX")) {
            callback.getResponses()
                    .addAPIResponse("4XX", OASFactory.createAPIResponse().description(ErpApiDocument.RETRIED));
        }
    }

    /**
     * Path parameters in the order the path names them (the scan sorts them by name), so a generated client reads
     * {@code getCard(merchant, cardNumber)}; the other parameters keep their order after them.
     */
    private static void orderPathParameters(Operation operation, String path) {
        if (operation.getParameters() == null) {
            return;
        }
        List<Parameter> ordered = new ArrayList<>(operation.getParameters());
        ordered.sort(Comparator.comparingInt(p -> p.getIn() == Parameter.In.PATH && p.getName() != null
                ? path.indexOf("{" + p.getName() + "}")
                : path.length()));
        operation.setParameters(ordered);
    }

    private static void addHeaderParameter(Operation operation, String component) {
        String ref = "#/components/parameters/" + component;
        if (operation.getParameters() == null
                || operation.getParameters().stream().map(Parameter::getRef).noneMatch(ref::equals)) {
            operation.addParameter(OASFactory.createParameter().ref(ref));
        }
    }

    private static void addResponse(APIResponses responses, String status, String component) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(component));
        }
    }
}
