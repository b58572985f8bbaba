package org.erpbridge.erp;

/**
 * Names and texts of the ERP API's OpenAPI document ({@code /q/openapi}, committed as {@code openapi.yaml}). The
 * document's top is the {@code @OpenAPIDefinition} of this package ({@code package-info.java}); {@link ErpApiFilter}
 * attaches the shared parts to every operation.
 */
public final class ErpApiDocument {
    /** The API's version in the document (not the build's): it changes when the contract does. */
    public static final String VERSION = "1.0.0";

    public static final String BEARER = "bearerAuth";
    /**
     * The card number of the examples: made up (16 digits starting 9276), never a real or documented card; composed
     * of parts so that no card-number literal stands in the main code (a constant, as annotations need).
     */
    public static final String EXAMPLE_CARD = "9276" + "1234" + "1234" + "1234";

    public static final String TAG_CASH_PAYMENTS = "Cash payments";
    public static final String TAG_CARDS = "Card balances";
    public static final String TAG_RECONCILIATION = "Reconciliation";
    public static final String TAG_CALLBACKS = "Callbacks";
    /** Component responses that {@link ErpApiFilter} adds to the operations. */
    public static final String UNAUTHORIZED = "Unauthorized";

    public static final String PAYLOAD_TOO_LARGE = "PayloadTooLarge";
    public static final String REQUEST_TIMEOUT = "RequestTimeout";
    public static final String TOO_MANY_FAILURES = "TooManyFailures";
    public static final String INTERNAL = "InternalError";
    static final String EVENT_ID_HEADER = "X-Event-Id";
    static final String EVENT_TYPE_HEADER = "X-Event-Type";
    static final String RETRIED =
            "Not delivered (so is any other status, or no answer within bridge.outbox.request-timeout): "
                    + "sent again with exponential backoff until bridge.outbox.max-age (at least 24 h)";

    static final String DESCRIPTION = """
            The API a merchant's ERP uses to book cash payments with secucard loyalty cards at secuconnect, to read card \
            balances and to reconcile its orders. One bridge serves many merchants: every path starts with \
            `/api/v1/merchants/{merchant}`, the merchant's configured key. Money is always an integer in minor units plus \
            an ISO 4217 currency code. Card numbers never leave the bridge unmasked (`************1234`).

            ## Authentication
            Every request carries `Authorization: Bearer <the merchant's ERP API key>` (`bearerAuth`). A missing or wrong \
            key, an unknown merchant and another merchant's key all get the same `401` problem.

            ## Signatures
            When the merchant has a signing secret, every POST (body-less ones such as cancel too) also carries \
            `X-Signature-Timestamp` (unix seconds, within 300 s of the bridge's clock) and `X-Signature: v2=<hex>`, \
            the lower-case hex HMAC-SHA256, keyed with the UTF-8 bytes of the signing secret, of the canonical string \
            `<timestamp>\\n<METHOD>\\n<path with query>\\n<raw body bytes>` (the path as sent, without scheme or host), \
            so a signature is good for one request only. Sign the bytes you send: serialising the body again can change \
            them. Each signature is accepted once: sign every send anew, a retry too. During a secret rotation send \
            several comma-separated values; one match suffices. The legacy scheme `v1` (timestamp and body only) is \
            accepted only where the merchant's `erp.signature-versions` lists it, during a migration. The bridge signs \
            its callbacks the same way, with `POST` and the path of the callback URL. The README has a worked example \
            and a signing helper in Java and in shell.

            ## Idempotency
            `POST /cash-payments` is idempotent per merchant and `orderId`: the same content again returns the stored \
            outcome (same status code and body) and books nothing; different content gets `409`. A copy that arrives \
            while the first is in flight is answered like it (`202` at once while the bridge is busy); concurrent copies \
            book once. A payment that failed with nothing booked may be sent again, corrected, and starts a new attempt. \
            Cancelling is idempotent too. After a `202` poll the `Location` or wait for the callback; after a `503` send \
            the same request again after `Retry-After` seconds (nothing was stored).

            ## Callbacks
            When the merchant has a callback URL (`erp.callback-url`) the bridge POSTs every event (see `webhooks`) as \
            `{id, type, merchant, occurredAt, data}` with `X-Event-Id`, `X-Event-Type` and, when the merchant has a \
            signing secret, `X-Signature-Timestamp` and `X-Signature` over the body, the timestamp taken at each send. \
            Any 2xx answer counts as delivered; anything else is retried with exponential backoff for at least 24 hours. \
            Events are delivered at least once and not necessarily in order: deduplicate on `id`.

            ## Errors
            Every error is `application/problem+json` (RFC 9457): `type`, `title`, `status`, `detail`, and `errors` \
            (`field`, `reason`) naming the refused fields. Values the ERP sent are never echoed.
            """;

    private ErpApiDocument() {}
}
