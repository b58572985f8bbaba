package org.erpbridge.secuconnect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.erpbridge.testing.WireMockServers;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;

/** Recorded secuconnect answers (src/test/resources/secuconnect) and the stubs most tests need. */
final class SecuconnectStubs {
    static final String ACME = "acme";
    static final String BRAVO = "bravo";
    static final String ACME_TOKEN = "acme-access-token-0001";
    static final String BRAVO_TOKEN = "bravo-access-token-0001";
    static final String ACME_SECRET = "acme-client-secret-do-not-log";
    static final String STX_ID = "STX_KJXJDUN542NR3WMRHRVU5WWM6ZQEA2";

    private SecuconnectStubs() {
    }

    static WireMockServer wm() {
        return WireMockServers.server();
    }

    static String fixture(String name) {
        try (InputStream in = SecuconnectStubs.class.getResourceAsStream("/secuconnect/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    static ResponseDefinitionBuilder jsonFixture(String name) {
        return json(200, fixture(name));
    }

    static String tokenBody(String token, int expiresIn) {
        return "{\"access_token\":\"" + token + "\",\"expires_in\":" + expiresIn
                + ",\"token_type\":\"bearer\",\"scope\":\"https://scope.secucard.com/e/api\"}";
    }

    /** Token endpoint of a merchant ("" for acme at the root, "/bravo" for bravo). */
    static void stubToken(String prefix, String token) {
        wm().stubFor(post(urlEqualTo(prefix + "/oauth/token")).willReturn(json(200, tokenBody(token, 1200))));
    }

    static void stubTokens() {
        stubToken("", ACME_TOKEN);
        stubToken("/bravo", BRAVO_TOKEN);
    }

    static com.github.tomakehurst.wiremock.matching.StringValuePattern bearer(String token) {
        return equalTo("Bearer " + token);
    }

    static int tokenRequests(String prefix) {
        return wm().countRequestsMatching(WireMock.postRequestedFor(urlEqualTo(prefix + "/oauth/token")).build())
                .getCount();
    }
}
