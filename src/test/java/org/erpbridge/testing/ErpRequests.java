package org.erpbridge.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.erpbridge.erp.Signatures;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;
import org.erpbridge.merchant.Secret;
import org.erpbridge.merchant.SignatureScheme;

import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/**
 * Builds REST Assured requests the way a merchant's ERP sends them: {@code Authorization: Bearer <api key>} and,
 * when the merchant has a signing secret, {@code X-Signature-Timestamp} + {@code X-Signature: v2=<hex>} over the
 * timestamp, the method and path (with query) the request is sent to, and the exact body bytes sent; signed when it
 * is sent. A signature is accepted once, so two identical requests signed in the same second get timestamps one
 * second apart. The {@code with...} variants break one thing for negative tests.
 *
 * <pre>
 * ErpRequests.as("acme").json(body).when().post(ErpRequests.path("acme", "/cash-payments"))
 * ErpRequests.as("acme").request().when().get(ErpRequests.path("acme", "/cash-payments/SO-1"))
 * ErpRequests.as("acme").emptyBody().when().post(ErpRequests.path("acme", "/cash-payments/SO-1/cancel"))
 * ErpRequests.as("acme").signedWith("not-the-secret").json(body)...
 * </pre>
 */
public final class ErpRequests {
    private static final Set<SignatureScheme> SCHEMES = Set.of(SignatureScheme.V2);
    private static final Set<String> SIGNED = ConcurrentHashMap.newKeySet();
    private final String merchant;
    private final Optional<String> bearer;
    private final Optional<Secret> secret;
    private final Long timestamp;

    private ErpRequests(String merchant, Optional<String> bearer, Optional<Secret> secret, Long timestamp) {
        this.merchant = merchant;
        this.bearer = bearer;
        this.secret = secret;
        this.timestamp = timestamp;
    }

    /** Requests of the configured merchant: its API key, its signing secret (if any), the bridge's current time. */
    public static ErpRequests as(String merchantKey) {
        Merchant m = Arc.container().instance(Merchants.class).get().get(merchantKey);
        return new ErpRequests(
                merchantKey, Optional.of(m.erp().apiKey().reveal()), m.erp().signingSecret(), null);
    }

    /** {@code /api/v1/merchants/<merchant><relative>}, e.g. {@code path("acme", "/cash-payments")}. */
    public static String path(String merchantKey, String relative) {
        return "/api/v1/merchants/" + merchantKey + relative;
    }

    /** This merchant's path for {@code relative}. */
    public String path(String relative) {
        return path(merchant, relative);
    }

    /** Sends this bearer value instead of the merchant's key. */
    public ErpRequests withBearer(String apiKey) {
        return new ErpRequests(merchant, Optional.of(apiKey), secret, timestamp);
    }

    /** Sends no Authorization header. */
    public ErpRequests withoutBearer() {
        return new ErpRequests(merchant, Optional.empty(), secret, timestamp);
    }

    /** Signs with this secret instead of the merchant's (e.g. a wrong or a rotated one). */
    public ErpRequests signedWith(String otherSecret) {
        return new ErpRequests(merchant, bearer, Optional.of(new Secret(otherSecret)), timestamp);
    }

    /** Signs with this unix timestamp instead of the bridge's current time. */
    public ErpRequests signedAt(long unixSeconds) {
        return new ErpRequests(merchant, bearer, secret, unixSeconds);
    }

    /** Signs with a timestamp this many seconds before the bridge's current time (negative: in the future). */
    public ErpRequests signedSecondsAgo(long seconds) {
        return signedAt(now() - seconds);
    }

    /** A request without body: only the bearer header (GET, DELETE). */
    public RequestSpecification request() {
        RequestSpecification spec = given().accept(ContentType.JSON);
        bearer.ifPresent(b -> spec.header("Authorization", "Bearer " + b));
        return spec;
    }

    /** A JSON body request, signed when a secret applies. The body is sent as exactly these UTF-8 bytes. */
    public RequestSpecification json(String body) {
        return json(body.getBytes(StandardCharsets.UTF_8));
    }

    public RequestSpecification json(byte[] body) {
        return signed(request().contentType(ContentType.JSON).body(body), body);
    }

    /**
     * A POST/PUT/PATCH without body (e.g. {@code /cancel}): for a merchant with a signing secret these are signed
     * too, over the empty body ({@code "<timestamp>."}).
     */
    public RequestSpecification emptyBody() {
        return signed(request(), new byte[0]);
    }

    private RequestSpecification signed(RequestSpecification spec, byte[] body) {
        secret.ifPresent(s -> spec.filter((request, response, context) -> {
            // signed as it is sent: only now are the method and the path known
            URI target = URI.create(request.getURI());
            String pathAndQuery =
                    target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
            long ts = timestamp != null ? timestamp : unusedSecond(request.getMethod(), pathAndQuery, body);
            request.header(Signatures.TIMESTAMP_HEADER, Long.toString(ts));
            request.header(
                    Signatures.SIGNATURE_HEADER,
                    Signatures.header(s, SCHEMES, new Signatures.Signed(ts, request.getMethod(), pathAndQuery, body)));
            return context.next(request, response);
        }));
        return spec;
    }

    /**
     * Now, or a second earlier for each identical request (method, path, body) already signed at that time in this run:
     * the bridge accepts a signature once. Hand-made signatures of a test that must be accepted take their timestamp
     * from here too.
     */
    public static long unusedSecond(String method, String pathAndQuery, byte[] body) {
        if (SIGNED.size() > 100_000) {
            SIGNED.clear();
        }
        String request = method + " " + pathAndQuery + " " + java.util.Arrays.hashCode(body) + " " + body.length + " @";
        long ts = now();
        while (!SIGNED.add(request + ts)) {
            ts--;
        }
        return ts;
    }

    public static long unusedSecond(String method, String pathAndQuery, String body) {
        return unusedSecond(method, pathAndQuery, body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code v2=<hex>} for a request under any secret, for hand-made headers (rotation, tampering). */
    public static String signature(String secret, long timestamp, String method, String pathAndQuery, String body) {
        return Signatures.header(
                new Secret(secret),
                SCHEMES,
                new Signatures.Signed(timestamp, method, pathAndQuery, body.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code v1=<hex>} (the legacy scheme: timestamp and body only) for a body under any secret. */
    public static String v1Signature(String secret, long timestamp, String body) {
        return Signatures.header(
                new Secret(secret),
                Set.of(SignatureScheme.V1),
                new Signatures.Signed(timestamp, "", "", body.getBytes(StandardCharsets.UTF_8)));
    }

    /** The bridge's current time in unix seconds (follows a shifted test clock). */
    public static long now() {
        return Arc.container().instance(Clock.class).get().instant().getEpochSecond();
    }
}
