package org.erpbridge.standin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.erpbridge.standin.StandInFaults.FaultKind;
import org.erpbridge.standin.StandInFaults.Op;
import org.erpbridge.standin.StandInFaults.Plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stand-in over HTTP, as the benchmarks and the packaged application's tests reach it: answers and faults. */
class StandInServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDER = """
            {"basket":{"products":[{"id":1,"desc":"Tea","quantity":1,"priceOne":250,"tax":7}]},
             "basket_info":{"sum":250,"currency":"EUR"},"idents":[{"type":"card","value":"9276000000000123"}],
             "merchantRef":"%s","transactionRef":"%s"}""";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private StandInServer server;
    private String token;

    @BeforeEach
    void start() throws Exception {
        server = new StandInServer(0, 0, 250, 0);
        token = "Bearer "
                + send("POST", "/oauth/token", "{}", null).get("access_token").asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void booksACashSaleAndListsItByMerchantRef() throws Exception {
        String id = send("POST", StandInServer.STX, ORDER.formatted("ref-1", "P-1"), token)
                .get("id")
                .asText();
        JsonNode started = send("POST", StandInServer.STX + "/" + id + "/start/cash", "", token);
        JsonNode listed = send("GET", StandInServer.STX + "?q=merchantRef%3A%22ref-1%22", null, token);

        assertThat(started.get("status").asText()).isEqualTo("ok");
        assertThat(started.get("receipt")).isNotEmpty();
        assertThat(listed.get("data").get(0).get("id").asText()).isEqualTo(id);
        assertThat(server.standIn().ordersStarted("P-")).isEqualTo(1);
        assertThat(server.requests(Op.CREATE)).isEqualTo(1);
        assertThat(server.sampleRequests("P")).containsKeys("create", "start");
        assertThat(server.sampleRequests("P").get("start"))
                .startsWith("POST " + StandInServer.STX + "/{id}/start/cash")
                .contains("Authorization: Bearer <token>");
    }

    @Test
    void pagesThroughTheCardPoolAndRefusesRequestsWithoutToken() throws Exception {
        JsonNode page = send("GET", StandInServer.CARDS + "?count=100&offset=200", null, token);

        assertThat(page.get("count").asInt()).isEqualTo(250);
        assertThat(page.get("data")).hasSize(50);
        HttpResponse<String> refused = raw("GET", StandInServer.CARDS, null, null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).get("code").asInt()).isEqualTo(2003);
    }

    @Test
    void plannedFaultsHitOnlyTheirOrdersAndOperations() throws Exception {
        server.plan(new Plan(Op.CREATE, FaultKind.UNAVAILABLE_503, "U-", 1, 0));
        server.plan(new Plan(Op.CREATE, FaultKind.RESET, "R-", 0, 0));
        server.plan(new Plan(Op.CREATE, FaultKind.MALFORMED, "M-", 0, 0));
        server.plan(new Plan(Op.CREATE, FaultKind.SLOW, "S-", 0, 1500));
        server.plan(new Plan(Op.TOKEN, FaultKind.EXPIRED_TOKEN_403, null, 0, 0));

        assertThat(raw("POST", StandInServer.STX, ORDER.formatted("u", "U-1"), token)
                        .statusCode())
                .isEqualTo(503);
        assertThat(raw("POST", StandInServer.STX, ORDER.formatted("u", "U-1"), token)
                        .statusCode())
                .isEqualTo(200);
        assertThatThrownBy(() -> raw("POST", StandInServer.STX, ORDER.formatted("r", "R-1"), token))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> raw("POST", StandInServer.STX, ORDER.formatted("m", "M-1"), token))
                .isInstanceOf(IOException.class);
        long began = System.nanoTime();
        assertThat(raw("POST", StandInServer.STX, ORDER.formatted("s", "S-1"), token)
                        .statusCode())
                .isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        assertThat(raw("POST", "/oauth/token", "{}", null).statusCode()).isEqualTo(403);
        // reset, malformed and slow answers were lost after the platform acted: their transactions exist
        assertThat(server.standIn().ordersWithTransactions("R-")).isEqualTo(1);
        assertThat(server.standIn().ordersWithTransactions("M-")).isEqualTo(1);
        assertThat(server.standIn().ordersWithTransactions("U-")).isEqualTo(1);
    }

    @Test
    void countsCallbacksPerEvent() throws Exception {
        String event = "{\"id\":\"evt-1\",\"data\":{\"orderId\":\"P-9\"}}";
        assertThat(raw("POST", "/erp/shop/events", event, null).statusCode()).isEqualTo(204);
        assertThat(raw("POST", "/erp/shop/events", event, null).statusCode()).isEqualTo(204);

        assertThat(server.callbacksPerEvent()).containsEntry("evt-1", 2);
    }

    private JsonNode send(String method, String path, String body, String authorization) throws Exception {
        HttpResponse<String> response = raw(method, path, body, authorization);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> raw(String method, String path, String body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
