package org.erpbridge.checkout;

import java.net.URI;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.erpbridge.common.ApiProblem;
import org.erpbridge.common.ApiProblemMapper;
import org.erpbridge.erp.ErpApiDocument;
import org.erpbridge.erp.SignatureUse;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The ERP's cash-payment API. Authentication (bearer key, body signature) happens before this resource is
 * reached, in the ERP auth filter; the path merchant is the authenticated one. The body is taken raw and read
 * strictly by {@link CashPaymentReader}.
 */
@Path("/api/v1/merchants/{merchant}/cash-payments")
@Tag(ref = ErpApiDocument.TAG_CASH_PAYMENTS)
public class CashPaymentResource {
    private final Merchants merchants;
    private final CashPaymentService payments;
    private final PaymentCancellation cancellation;
    private final CashPaymentGate gate;

    CashPaymentResource(
            Merchants merchants, CashPaymentService payments, PaymentCancellation cancellation, CashPaymentGate gate) {
        this.merchants = merchants;
        this.payments = payments;
        this.cancellation = cancellation;
        this.gate = gate;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "recordCashPayment",
            summary = "Record a cash payment",
            description = "Creates a "
                    + "secuconnect Smart Transaction for the order and starts it with cash (no preTransaction). Idempotent per "
                    + "orderId: the same content again returns the stored outcome, other content 409; a payment that failed with "
                    + "nothing booked may be sent again (a new attempt).")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CashPaymentRequest.class),
                            examples = @ExampleObject(name = "seed", value = CashPaymentExamples.REQUEST)))
    @APIResponse(
            responseCode = "200",
            description = "Completed within sync-wait",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CashPaymentDocument.class),
                            examples = @ExampleObject(name = "completed", value = CashPaymentExamples.COMPLETED)))
    @APIResponse(
            responseCode = "202",
            description = "Still in progress (sync-wait from the arrival ran out, or a copy "
                    + "of an order being booked while the bridge is busy); poll the Location or wait for the callback",
            headers =
                    @Header(
                            name = HttpHeaders.LOCATION,
                            description = "The payment's status resource",
                            schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CashPaymentDocument.class),
                            examples = @ExampleObject(name = "processing", value = CashPaymentExamples.PROCESSING)))
    @APIResponse(
            responseCode = "400",
            description = "Not readable: malformed JSON, wrong types, unknown fields",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    @APIResponse(
            responseCode = "409",
            description = "The order id was already used with different content",
            content =
                    @Content(
                            mediaType = ApiProblemMapper.PROBLEM_JSON,
                            examples = @ExampleObject(name = "conflict", value = CashPaymentExamples.CONFLICT)))
    @APIResponse(
            responseCode = "415",
            description = "The body is not sent as application/json",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    @APIResponse(
            responseCode = "422",
            description = "Invalid (errors names the fields; nothing stored), or refused by "
                    + "secuconnect for good (cash-payment-failed)",
            content =
                    @Content(
                            mediaType = ApiProblemMapper.PROBLEM_JSON,
                            schema = @Schema(implementation = FailedPaymentProblem.class),
                            examples = {
                                @ExampleObject(name = "validation", value = CashPaymentExamples.VALIDATION),
                                @ExampleObject(name = "refused", value = CashPaymentExamples.FAILED)
                            }))
    @APIResponse(
            responseCode = "503",
            description = "The bridge is busy (this replica's bound of payments in flight, "
                    + "or the merchant's share of it); nothing stored: send again after Retry-After seconds",
            headers =
                    @Header(
                            name = HttpHeaders.RETRY_AFTER,
                            description = "Seconds to wait before sending again",
                            schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    public Response record(
            @PathParam("merchant") String merchant,
            byte[] body,
            @Context UriInfo uri,
            @Context RoutingContext routing,
            @Context ContainerRequestContext request) {
        SignatureUse use = SignatureUse.of(request);
        try {
            return respond(payments.submit(merchant(merchant), body, gate.arrivalOf(routing), use), merchant, uri);
        } finally {
            // a new payment's transaction recorded the use; any other answer records it now, before it is sent, and a
            // replay is answered as a replay whatever else the request would have got (a 400 for its body, say)
            use.recordNow();
        }
    }

    @GET
    @Path("/{orderId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "getCashPayment",
            summary = "Read a cash payment",
            description = "The payment document "
                    + "plus its attempts with timestamps (to reprint the receipt or to poll after 202).")
    @APIResponse(
            responseCode = "200",
            description = "The payment",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CashPaymentDocument.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such order for this merchant",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    public CashPaymentDocument read(
            @PathParam("merchant") String merchant,
            @Parameter(description = "The ERP's order id", example = "SO-10042") @PathParam("orderId") String orderId) {
        return payments.read(merchant(merchant).key(), orderId);
    }

    @POST
    @Path("/{orderId}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "cancelCashPayment",
            summary = "Cancel a cash payment",
            description = "Reverses the "
                    + "booking at secuconnect (Smart Transaction cancel). Idempotent. Body-less: signed over the empty body. A "
                    + "payment still being booked is waited for up to sync-wait, else 409.")
    @APIResponse(
            responseCode = "200",
            description = "Cancelled",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CashPaymentDocument.class)))
    @APIResponse(
            responseCode = "202",
            description = "Cancel sent, outcome not known yet; finished in the background",
            headers =
                    @Header(
                            name = HttpHeaders.LOCATION,
                            description = "The payment's status resource",
                            schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CashPaymentDocument.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such order for this merchant",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    @APIResponse(
            responseCode = "409",
            description = "Failed, in review, or still being booked",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    @APIResponse(
            responseCode = "422",
            description = "secuconnect refused the cancel; the payment stays completed",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    public Response cancel(
            @PathParam("merchant") String merchant,
            @Parameter(description = "The ERP's order id", example = "SO-10042") @PathParam("orderId") String orderId,
            @Context UriInfo uri) {
        return respond(cancellation.cancel(merchant(merchant).key(), orderId), merchant, uri);
    }

    private Merchant merchant(String key) {
        return merchants.find(key).orElseThrow(() -> ApiProblem.notFound("Unknown merchant"));
    }

    private static Response respond(PaymentAnswer answer, String merchant, UriInfo uri) {
        if (answer.problem() != null) {
            return ApiProblemMapper.toResponse(answer.problem());
        }
        Response.ResponseBuilder response = Response.status(answer.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(answer.document());
        if (answer.accepted()) {
            response.location(location(uri, merchant, answer.document().orderId()));
        }
        return response.build();
    }

    private static URI location(UriInfo uri, String merchant, String orderId) {
        return uri.getBaseUriBuilder()
                .path("api/v1/merchants/{merchant}/cash-payments/{orderId}")
                .build(merchant, orderId);
    }
}
