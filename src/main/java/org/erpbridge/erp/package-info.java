/**
 * The ERP side of the bridge: authentication and request signatures ({@link org.erpbridge.erp.ErpAuthFilter},
 * {@link org.erpbridge.erp.Signatures}) and the top of the ERP API's OpenAPI document, below, with what every operation
 * shares: bearer key, signature headers, problem responses, servers, and the callbacks as OpenAPI 3.1
 * {@code webhooks}, whose tag, header parameters and responses {@link org.erpbridge.erp.ErpApiFilter} adds (texts and names in {@link org.erpbridge.erp.ErpApiDocument}; SmallRye reads this annotation only
 * from a package or a JAX-RS application class).
 */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "secuconnect ERP bridge",
                        version = ErpApiDocument.VERSION,
                        description = ErpApiDocument.DESCRIPTION,
                        license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")),
        servers =
                @Server(
                        url = "https://{host}",
                        description =
                                "An installation of the bridge (dev mode: " + "http://localhost:8080, merchant demo)",
                        variables =
                                @ServerVariable(
                                        name = "host",
                                        defaultValue = "erp-bridge.shop.internal",
                                        description = "Host name of the installation")),
        security = @SecurityRequirement(name = ErpApiDocument.BEARER),
        tags = {
            @Tag(
                    name = ErpApiDocument.TAG_CASH_PAYMENTS,
                    description = "Cash sales with an optional secucard loyalty card, booked at secuconnect"),
            @Tag(name = ErpApiDocument.TAG_CARDS, description = "Loyalty card balances kept in sync with secuconnect"),
            @Tag(
                    name = ErpApiDocument.TAG_RECONCILIATION,
                    description = "ERP orders against what secuconnect booked, per business day"),
            @Tag(
                    name = ErpApiDocument.TAG_CALLBACKS,
                    description = "Events the bridge POSTs to the merchant's callback URL (erp.callback-url)")
        },
        components =
                @Components(
                        securitySchemes =
                                @SecurityScheme(
                                        securitySchemeName = ErpApiDocument.BEARER,
                                        type = SecuritySchemeType.HTTP,
                                        scheme = "bearer",
                                        description =
                                                "The merchant's ERP API key (bridge.merchants.<key>.erp.api-key), "
                                                        + "sent as Authorization: Bearer <key>"),
                        parameters = {
                            @Parameter(
                                    name = Signatures.TIMESTAMP_HEADER,
                                    in = ParameterIn.HEADER,
                                    example = "1764755894",
                                    description =
                                            "When the body was signed, in unix seconds; within 300 s of the receiver's clock. "
                                                    + "Required (with X-Signature) when the merchant has a signing secret.",
                                    schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0")),
                            @Parameter(
                                    name = Signatures.SIGNATURE_HEADER,
                                    in = ParameterIn.HEADER,
                                    example = "v2=2e2e4c8ee4112550eee979e5b84df0aba56114219d168b2197d03b2deafac209",
                                    description =
                                            "v2=<lower-case hex HMAC-SHA256(signing secret, timestamp LF METHOD LF path with query LF "
                                                    + "raw body bytes)>; several comma-separated values during a secret rotation (one match "
                                                    + "suffices), values of schemes not accepted are ignored; each signature is accepted once. "
                                                    + "Required when the merchant has a signing secret.",
                                    schema =
                                            @Schema(
                                                    type = SchemaType.STRING,
                                                    pattern =
                                                            "^[A-Za-z0-9]+=[0-9A-Fa-f]+( *, *[A-Za-z0-9]+=[0-9A-Fa-f]+)*$")),
                            @Parameter(
                                    name = ErpApiDocument.EVENT_ID_HEADER,
                                    in = ParameterIn.HEADER,
                                    required = true,
                                    description = "The event's id, as in the body's id: deduplicate on it",
                                    schema = @Schema(type = SchemaType.STRING, format = "uuid")),
                            @Parameter(
                                    name = ErpApiDocument.EVENT_TYPE_HEADER,
                                    in = ParameterIn.HEADER,
                                    required = true,
                                    description = "The event's type, as in the body's type",
                                    schema = @Schema(type = SchemaType.STRING))
                        },
                        schemas = @Schema(name = "Problem", implementation = ProblemDocument.class),
                        responses = {
                            @APIResponse(
                                    name = ErpApiDocument.UNAUTHORIZED,
                                    responseCode = "401",
                                    description =
                                            "Missing or wrong API key (also an unknown merchant or another merchant's key), "
                                                    + "or a missing, stale or wrong signature; detail says which",
                                    headers =
                                            @Header(
                                                    name = "WWW-Authenticate",
                                                    description = "Bearer",
                                                    schema = @Schema(type = SchemaType.STRING)),
                                    content =
                                            @Content(
                                                    mediaType = ApiProblemMapper.PROBLEM_JSON,
                                                    schema = @Schema(ref = "Problem"))),
                            @APIResponse(
                                    name = ErpApiDocument.PAYLOAD_TOO_LARGE,
                                    responseCode = "413",
                                    description = "The body is larger than 256 KiB",
                                    content =
                                            @Content(
                                                    mediaType = ApiProblemMapper.PROBLEM_JSON,
                                                    schema = @Schema(ref = "Problem"))),
                            @APIResponse(
                                    name = ErpApiDocument.REQUEST_TIMEOUT,
                                    responseCode = "408",
                                    description =
                                            "The body did not arrive within bridge.erp-api.body-timeout; the connection is closed",
                                    content =
                                            @Content(
                                                    mediaType = ApiProblemMapper.PROBLEM_JSON,
                                                    schema = @Schema(ref = "Problem"))),
                            @APIResponse(
                                    name = ErpApiDocument.TOO_MANY_FAILURES,
                                    responseCode = "429",
                                    description =
                                            "Too many failed authentications from this address (or for this merchant from "
                                                    + "addresses that have not authenticated lately); even the right key waits",
                                    headers =
                                            @Header(
                                                    name = "Retry-After",
                                                    description = "Seconds to wait before trying again",
                                                    schema = @Schema(type = SchemaType.INTEGER)),
                                    content =
                                            @Content(
                                                    mediaType = ApiProblemMapper.PROBLEM_JSON,
                                                    schema = @Schema(ref = "Problem"))),
                            @APIResponse(
                                    name = ErpApiDocument.INTERNAL,
                                    responseCode = "500",
                                    description =
                                            "The bridge failed; quote correlationId (also in X-Correlation-Id) when reporting it",
                                    headers =
                                            @Header(
                                                    name = "X-Correlation-Id",
                                                    description = "The id of the bridge's log line",
                                                    schema = @Schema(type = SchemaType.STRING)),
                                    content =
                                            @Content(
                                                    mediaType = ApiProblemMapper.PROBLEM_JSON,
                                                    schema = @Schema(ref = "Problem")))
                        }),
        webhooks = {
            @PathItem(
                    name = EventOutbox.CASH_PAYMENT_COMPLETED,
                    operations =
                            @PathItemOperation(
                                    method = "post",
                                    operationId = "cashPaymentCompleted",
                                    summary = "A cash payment was booked",
                                    description =
                                            "Also when the ERP got 202 and the bridge finished the payment in the background. "
                                                    + "data: the payment, as GET /cash-payments/{orderId} answers it (without attempts).",
                                    requestBody =
                                            @RequestBody(
                                                    required = true,
                                                    content =
                                                            @Content(
                                                                    mediaType = "application/json",
                                                                    schema =
                                                                            @Schema(
                                                                                    implementation =
                                                                                            CallbackEvents
                                                                                                    .CashPaymentEvent
                                                                                                    .class))))),
            @PathItem(
                    name = EventOutbox.CASH_PAYMENT_FAILED,
                    operations =
                            @PathItemOperation(
                                    method = "post",
                                    operationId = "cashPaymentFailed",
                                    summary = "A cash payment failed for good",
                                    description =
                                            "secuconnect refused it (failure: code, error, supportId) or nothing was booked; "
                                                    + "the order may be sent again, corrected. data: the payment.",
                                    requestBody =
                                            @RequestBody(
                                                    required = true,
                                                    content =
                                                            @Content(
                                                                    mediaType = "application/json",
                                                                    schema =
                                                                            @Schema(
                                                                                    implementation =
                                                                                            CallbackEvents
                                                                                                    .CashPaymentEvent
                                                                                                    .class))))),
            @PathItem(
                    name = EventOutbox.CASH_PAYMENT_CANCELLED,
                    operations =
                            @PathItemOperation(
                                    method = "post",
                                    operationId = "cashPaymentCancelled",
                                    summary = "A cash payment was cancelled at secuconnect",
                                    description = "data: the payment.",
                                    requestBody =
                                            @RequestBody(
                                                    required = true,
                                                    content =
                                                            @Content(
                                                                    mediaType = "application/json",
                                                                    schema =
                                                                            @Schema(
                                                                                    implementation =
                                                                                            CallbackEvents
                                                                                                    .CashPaymentEvent
                                                                                                    .class))))),
            @PathItem(
                    name = EventOutbox.CASH_PAYMENT_REVIEW,
                    operations =
                            @PathItemOperation(
                                    method = "post",
                                    operationId = "cashPaymentReview",
                                    summary = "A cash payment needs an operator",
                                    description =
                                            "The bridge could not settle it safely (failure.detail says why): keep the order open, "
                                                    + "do not send it again, hand it to the merchant's operator. data: the payment.",
                                    requestBody =
                                            @RequestBody(
                                                    required = true,
                                                    content =
                                                            @Content(
                                                                    mediaType = "application/json",
                                                                    schema =
                                                                            @Schema(
                                                                                    implementation =
                                                                                            CallbackEvents
                                                                                                    .CashPaymentEvent
                                                                                                    .class))))),
            @PathItem(
                    name = EventOutbox.CARD_BALANCE_CHANGED,
                    operations =
                            @PathItemOperation(
                                    method = "post",
                                    operationId = "cardBalanceChanged",
                                    summary = "A loyalty card's balances or status changed",
                                    description =
                                            "One event per real change found by a sync or a payment; previous is null for a card "
                                                    + "seen for the first time.",
                                    requestBody =
                                            @RequestBody(
                                                    required = true,
                                                    content =
                                                            @Content(
                                                                    mediaType = "application/json",
                                                                    schema =
                                                                            @Schema(
                                                                                    implementation =
                                                                                            CallbackEvents
                                                                                                    .CardBalanceChangedEvent
                                                                                                    .class))))),
            @PathItem(
                    name = EventOutbox.RECONCILIATION_MISMATCH,
                    operations =
                            @PathItemOperation(
                                    method = "post",
                                    operationId = "reconciliationMismatch",
                                    summary = "A reconciled day has a new or changed difference",
                                    description =
                                            "One event per new or changed difference; running a day again with unchanged facts "
                                                    + "sends nothing.",
                                    requestBody =
                                            @RequestBody(
                                                    required = true,
                                                    content =
                                                            @Content(
                                                                    mediaType = "application/json",
                                                                    schema =
                                                                            @Schema(
                                                                                    implementation =
                                                                                            CallbackEvents
                                                                                                    .ReconciliationMismatchEvent
                                                                                                    .class)))))
        })
package org.erpbridge.erp;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.PathItem;
import org.eclipse.microprofile.openapi.annotations.PathItemOperation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.eclipse.microprofile.openapi.annotations.servers.ServerVariable;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.erpbridge.common.ApiProblemMapper;
import org.erpbridge.common.ProblemDocument;
import org.erpbridge.outbox.CallbackEvents;
import org.erpbridge.outbox.EventOutbox;
