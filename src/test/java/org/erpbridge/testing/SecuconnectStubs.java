package org.erpbridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * secuconnect as WireMock plays it for the test merchants (acme at the root, bravo under /bravo): JSON answers,
 * the recorded answers in src/test/resources/secuconnect and the OAuth token endpoint.
 */
public final class SecuconnectStubs {
    public static final String ACME = "acme";
    public static final String BRAVO = "bravo";
    public static final String ACME_TOKEN = "acme-access-token-0001";
    public static final String BRAVO_TOKEN = "bravo-access-token-0001";
    /** The client secret of acme in the test profile: it must never be logged. */
    public static final String ACME_SECRET = "acme-client-secret-do-not-log";

    public static final String STX_PATH = "/api/v2/Smart/Transactions";
    /** The line types of the documented receipt of a cash Smart Transaction, in order (the fixtures and the stand-in). */
    public static final List<String> RECEIPT_LINE_TYPES = List.of(
            "separator", "name-value", "name-value", "space", "textline", "textline", "space", "textline", "textline");
    /** The Smart Transaction of the recorded answers. */
    public static final String STX_ID = "STX_KJXJDUN542NR3WMRHRVU5WWM6ZQEA2";

    private SecuconnectStubs() {}

    /** The WireMock server of this test JVM. */
    public static WireMockServer wm() {
        return WireMockServers.server();
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    /** A recorded secuconnect answer from src/test/resources/secuconnect. */
    public static String fixture(String name) {
        try (InputStream in = SecuconnectStubs.class.getResourceAsStream("/secuconnect/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ResponseDefinitionBuilder jsonFixture(String name) {
        return json(200, fixture(name));
    }

    public static String tokenBody(String token, int expiresIn) {
        return "{\"access_token\":\"" + token + "\",\"expires_in\":" + expiresIn
                + ",\"token_type\":\"bearer\",\"scope\":\"https://scope.secucard.com/e/api\"}";
    }

    /** A token answer valid for 20 minutes. */
    public static ResponseDefinitionBuilder token(String token) {
        return json(200, tokenBody(token, 1200));
    }

    /** The token endpoint of a merchant ("" for acme at the root, "/bravo" for bravo). */
    public static void stubToken(String prefix, String token) {
        stubToken(wm(), prefix, token);
    }

    /** The same on a WireMock server of the test's own, as a packaged application's secuconnect. */
    public static void stubToken(WireMockServer server, String prefix, String token) {
        server.stubFor(post(urlEqualTo(prefix + "/oauth/token")).willReturn(token(token)));
    }

    /** acme's and bravo's token endpoints. */
    public static void stubTokens() {
        stubToken("", ACME_TOKEN);
        stubToken("/bravo", BRAVO_TOKEN);
    }

    public static int tokenRequests(String prefix) {
        return wm().countRequestsMatching(
                        postRequestedFor(urlEqualTo(prefix + "/oauth/token")).build())
                .getCount();
    }

    public static StringValuePattern bearer(String token) {
        return equalTo("Bearer " + token);
    }
}
