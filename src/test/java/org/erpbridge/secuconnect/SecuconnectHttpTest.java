package org.erpbridge.secuconnect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.erpbridge.secuconnect.model.ListQuery;
import org.erpbridge.secuconnect.model.SmartTransaction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transport on its own against WireMock: what goes on the wire (HTTP/1.1, paths, query encoding, headers,
 * JSON bodies) and how answers and transport failures come back, read by {@link Exchange} and
 * {@link ResponseReader} as the client reads them.
 */
class SecuconnectHttpTest {
    private static final String STX = "/api/v2/Smart/Transactions";
    private static final String AUTH = "Bearer test-token";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static WireMockServer server;

    private final ResponseReader reader = new ResponseReader(MAPPER);

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    private static SecuconnectHttp http(String basePath, Duration readTimeout) {
        return new SecuconnectHttp(
                URI.create(server.baseUrl() + basePath), Duration.ofMillis(500), readTimeout, MAPPER);
    }

    private static SecuconnectHttp http() {
        return http("", Duration.ofSeconds(2));
    }

    @Test
    void queryValuesAreEncodedOnceAndArriveExactlyAsGiven() throws Exception {
        String q = "merchantRef:\"order 1\" AND created:[2026-12-01T00:00:00 TO *] 50%+x&y=z ÄÖ";
        String target = SecuconnectHttp.withQuery(STX, new ListQuery(10, 20, "id,status", q, "created:desc"));

        http().get(target, AUTH);

        LoggedRequest sent =
                server.findAll(getRequestedFor(urlPathEqualTo(STX))).get(0);
        assertThat(sent.getUrl())
                .as("no raw space, quote, colon, plus or ampersand inside a value")
                .startsWith(STX + "?count=10&offset=20&fields=id%2Cstatus&q=merchantRef%3A%22order%201%22%20AND")
                .doesNotContain(" ")
                .doesNotContain("+")
                .endsWith("&sort=created%3Adesc");
        server.verify(
                1,
                getRequestedFor(urlPathEqualTo(STX))
                        .withQueryParam("count", equalTo("10"))
                        .withQueryParam("offset", equalTo("20"))
                        .withQueryParam("fields", equalTo("id,status"))
                        .withQueryParam("q", equalTo(q))
                        .withQueryParam("sort", equalTo("created:desc")));
    }

    @Test
    void unsetParametersAreLeftOut() throws Exception {
        http().get(SecuconnectHttp.withQuery(STX, ListQuery.of("id:STX_1")), AUTH);
        http().get(SecuconnectHttp.withQuery(STX, null), AUTH);

        server.verify(1, getRequestedFor(urlEqualTo(STX + "?q=id%3ASTX_1")));
        server.verify(1, getRequestedFor(urlEqualTo(STX)));
    }

    @Test
    void anIdStaysOnePathSegment() throws Exception {
        http().get(SecuconnectHttp.path(STX, "STX_1/../x?y=1#z", "start", "cash"), AUTH);

        server.verify(1, getRequestedFor(urlEqualTo(STX + "/STX_1%2F..%2Fx%3Fy%3D1%23z/start/cash")));
    }

    @Test
    void theBaseUrlsPathIsKeptWithOrWithoutATrailingSlash() throws Exception {
        http("/bravo/", Duration.ofSeconds(2)).get(STX, AUTH);
        http("/kiosk", Duration.ofSeconds(2)).get(STX, AUTH);

        server.verify(1, getRequestedFor(urlEqualTo("/bravo" + STX)));
        server.verify(1, getRequestedFor(urlEqualTo("/kiosk" + STX)));
    }

    @Test
    void speaksHttp11WithoutAskingForAnUpgrade() throws Exception {
        http().get(STX, AUTH);

        LoggedRequest sent = server.findAll(getRequestedFor(urlEqualTo(STX))).get(0);
        assertThat(sent.getProtocol()).isEqualTo("HTTP/1.1");
        assertThat(sent.containsHeader("Upgrade")).isFalse();
        assertThat(sent.containsHeader("HTTP2-Settings")).isFalse();
    }

    @Test
    void jsonBodiesCarryTheirContentTypeAndBodilessPostsNone() throws Exception {
        SecuconnectHttp http = http();

        http.post(STX, new CardValidationRequest("9276004429942845", null), AUTH);
        http.put(STX + "/STX_1", Map.of("merchantRef", "Müller"), AUTH);
        http.post(STX + "/STX_1/start/cash", Map.of(), AUTH);
        http.post(STX + "/STX_1/cancel", null, AUTH);

        server.verify(
                1,
                postRequestedFor(urlEqualTo(STX))
                        .withHeader("Authorization", equalTo(AUTH))
                        .withHeader("Accept", equalTo("application/json"))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withRequestBody(equalToJson("{\"cardnumber\":\"9276004429942845\"}"))); // null left out
        server.verify(
                1,
                putRequestedFor(urlEqualTo(STX + "/STX_1"))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withRequestBody(equalToJson("{\"merchantRef\":\"Müller\"}")));
        server.verify(1, postRequestedFor(urlEqualTo(STX + "/STX_1/start/cash")).withRequestBody(equalTo("{}")));
        LoggedRequest cancel = server.findAll(postRequestedFor(urlEqualTo(STX + "/STX_1/cancel"))
                        .withHeader("Authorization", equalTo(AUTH))
                        .withHeader("Accept", equalTo("application/json")))
                .get(0);
        assertThat(cancel.containsHeader("Content-Type")).isFalse();
        assertThat(cancel.getBodyAsString()).isEmpty();
    }

    @Test
    void theTokenRequestCarriesNoAuthorization() throws Exception {
        http().post(OAuthTokenClient.PATH, TokenRequest.clientCredentials("id", "secret"), null);

        server.verify(
                1,
                postRequestedFor(urlEqualTo("/oauth/token"))
                        .withHeader("Authorization", absent())
                        .withHeader("Accept", equalTo("application/json"))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withRequestBody(
                                equalToJson(
                                        "{\"grant_type\":\"client_credentials\",\"client_id\":\"id\",\"client_secret\":\"secret\"}")));
    }

    @Test
    void statusBodyAndRetryAfterComeBack() throws Exception {
        server.stubFor(get(urlEqualTo(STX))
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("retry-after", "7")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"error\",\"error\":\"Wartung läuft\"}")));

        RawResponse raw = http().get(STX, AUTH);

        assertThat(raw.status()).isEqualTo(503);
        assertThat(raw.retryAfter()).isEqualTo("7");
        assertThat(raw.body()).contains("Wartung läuft");
        assertThat(reader.failure("acme", Operation.SMART_TRANSACTION_GET, raw))
                .isInstanceOfSatisfying(
                        SecuconnectServerException.class,
                        e -> assertThat(e.retryAfter(Instant.EPOCH)).contains(Duration.ofSeconds(7)));
    }

    @Test
    void aRedirectIsNotFollowedAndReadAsARejection() throws Exception {
        server.stubFor(get(urlEqualTo(STX + "/STX_1"))
                .willReturn(aResponse().withStatus(302).withHeader("Location", server.baseUrl() + "/login")));

        RawResponse raw = http().get(STX + "/STX_1", AUTH);

        assertThat(raw.status()).isEqualTo(302);
        server.verify(0, getRequestedFor(urlEqualTo("/login")));
        assertThatThrownBy(() ->
                        reader.value("acme", Operation.SMART_TRANSACTION_GET, raw, reader.type(SmartTransaction.class)))
                .isInstanceOfSatisfying(SecuconnectRejectedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(302);
                    assertThat(e.outcomeUnknown()).isFalse();
                });
    }

    @Test
    void aRefusedConnectionIsNeverSent() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        SecuconnectHttp offline = new SecuconnectHttp(
                URI.create("http://127.0.0.1:" + closed), Duration.ofMillis(500), Duration.ofSeconds(2), MAPPER);

        assertThatThrownBy(() -> offline.post(STX, Map.of(), AUTH)).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> Exchange.send(
                        "acme", Operation.SMART_TRANSACTION_CREATE, () -> offline.post(STX, Map.of(), AUTH)))
                .isInstanceOfSatisfying(SecuconnectUnreachableException.class, e -> {
                    assertThat(e.requestSent()).isFalse();
                    assertThat(e.outcomeUnknown()).isFalse();
                    assertThat(e.getMessage()).doesNotContain("127.0.0.1").doesNotContain(STX);
                });
    }

    @Test
    void aSlowAnswerIsAReadTimeoutWithUnknownOutcome() {
        server.stubFor(get(urlEqualTo(STX + "?q=card.cardnumber%3A9276004429942845"))
                .willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(3000)));
        SecuconnectHttp http = http("", Duration.ofMillis(400));
        String target = SecuconnectHttp.withQuery(STX, ListQuery.of("card.cardnumber:9276004429942845"));

        long started = System.nanoTime();
        assertThatThrownBy(() -> Exchange.send("acme", Operation.MERCHANT_CARD_LIST, () -> http.get(target, AUTH)))
                .isInstanceOfSatisfying(SecuconnectUnreachableException.class, e -> {
                    assertThat(e.requestSent()).isTrue();
                    assertThat(e.outcomeUnknown()).isTrue();
                    assertThat(e.getMessage()).contains("HttpTimeoutException").doesNotContain("9276004429942845");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2000));
    }

    @Test
    void aBodyThatStallsAfterTheHeadersIsCutOffAtConnectPlusReadTimeout() throws Exception {
        try (ServerSocket stalling = new ServerSocket(0)) {
            CompletableFuture<Integer> afterTheHeaders =
                    CompletableFuture.supplyAsync(() -> headersThenSilence(stalling));
            SecuconnectHttp http = new SecuconnectHttp(
                    URI.create("http://127.0.0.1:" + stalling.getLocalPort()),
                    Duration.ofMillis(500),
                    Duration.ofMillis(400),
                    MAPPER);

            long started = System.nanoTime();
            assertThatThrownBy(() -> http.get(STX, AUTH)).isInstanceOf(HttpTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("the request timeout ends with the headers; the whole exchange is bounded by connect + read")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900))
                    .isLessThan(Duration.ofMillis(3000));
            assertThat(afterTheHeaders.get(5, TimeUnit.SECONDS))
                    .as("the connection is closed, not left waiting for the rest")
                    .isEqualTo(-1);
        }
    }

    /** Answers one request with its headers and the first byte of a longer body, then waits for the client. */
    private static int headersThenSilence(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(5000);
            InputStream in = socket.getInputStream();
            int ends = 0;
            while (ends < 4) { // the request has no body: it ends with its blank line
                int b = in.read();
                ends = (b == '\r' || b == '\n') ? ends + 1 : 0;
            }
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return in.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anInterruptedWaitKeepsTheInterruptAndLeavesTheOutcomeUnknown() {
        SecuconnectHttp http = http();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Exchange.send(
                            "acme", Operation.SMART_TRANSACTION_START, () -> http.post(STX, Map.of(), AUTH)))
                    .isInstanceOfSatisfying(
                            SecuconnectUnreachableException.class,
                            e -> assertThat(e.requestSent()).isTrue());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anyOtherTransportFailureCountsAsSent() {
        assertThatThrownBy(() -> Exchange.send("acme", Operation.SMART_TRANSACTION_START, () -> {
                    throw new IOException("connection reset by http://host/path?q=9276004429942845");
                }))
                .isInstanceOfSatisfying(SecuconnectUnreachableException.class, e -> {
                    assertThat(e.requestSent()).isTrue();
                    assertThat(e.getMessage()).doesNotContain("9276004429942845");
                });
        server.verify(0, anyRequestedFor(anyUrl()));
    }
}
