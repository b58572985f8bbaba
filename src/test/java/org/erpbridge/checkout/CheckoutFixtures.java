package org.erpbridge.checkout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.erpbridge.testing.Database;
import org.erpbridge.testing.ErpRequests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.restassured.response.Response;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.STX_ID;
import static org.erpbridge.testing.SecuconnectStubs.STX_PATH;
import static org.erpbridge.testing.SecuconnectStubs.fixture;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/** The seed scenario and secuconnect stubs shared by the checkout tests (acme's secuconnect at WireMock's root). */
final class CheckoutFixtures {
    static final String CARD = "9276004429942845";
    static final String MASKED_CARD = "************2845";
    static final String LTX_ID = "LTX_YBYPUETZ2HQXURG9XU0M5H4KGWW0NH";
    static final String START_PATH = STX_PATH + "/" + STX_ID + "/start/cash";
    static final String CANCEL_PATH = STX_PATH + "/" + STX_ID + "/cancel";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckoutFixtures() {}

    /** The seed basket: Sandwich 349 + Fruit salad 249 + 2 x Water 99 = 796 EUR cents, with the secucard. */
    static String seedOrder(String orderId) {
        return order(orderId, "\"loyaltyCard\": \"" + CARD + "\",");
    }

    static String order(String orderId, String cardMember) {
        return """
                {"orderId": "%s", "currency": "EUR", "total": 796, %s
                 "lines": [
                  {"articleNumber": "30037", "ean": "", "description": "Sandwich Romano", "quantity": 1, "unitPrice": 349, "vatRate": 7},
                  {"articleNumber": "30200", "ean": "", "description": "Fruit salad, small bowl", "quantity": 1, "unitPrice": 249, "vatRate": 7},
                  {"articleNumber": "51", "ean": "4999012345678", "description": "Water, mildly sprinkling, 0.25 ltr.", "quantity": 2, "unitPrice": 99, "vatRate": 19}],
                 "register": "KASSE-1", "cashier": "Anna", "paidAt": "2026-11-23T09:18:14+01:00"}
                """.formatted(orderId, cardMember);
    }

    static Response postPayment(String merchant, String body) {
        return ErpRequests.as(merchant).json(body).when().post(ErpRequests.path(merchant, "/cash-payments"));
    }

    static Response readPayment(String merchant, String orderId) {
        return ErpRequests.as(merchant).request().when().get(ErpRequests.path(merchant, "/cash-payments/" + orderId));
    }

    static Response cancelPayment(String merchant, String orderId) {
        return ErpRequests.as(merchant)
                .json("")
                .when()
                .post(ErpRequests.path(merchant, "/cash-payments/" + orderId + "/cancel"));
    }

    /** The documented start/cash answer (status ok, LTX, receipt, merchant card) with our merchantRef. */
    static String stxOk(String merchantRef) {
        return stx("smart-transaction-start-cash-response-ok.json", "ok", merchantRef);
    }

    static String stxCreated(String merchantRef) {
        return stx("smart-transaction-create-response-created.json", "created", merchantRef);
    }

    static String stxWithStatus(String status, String merchantRef) {
        return stx("smart-transaction-create-response-created.json", status, merchantRef);
    }

    private static String stx(String fixture, String status, String merchantRef) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(fixture(fixture));
            node.put("status", status);
            node.put("merchantRef", merchantRef);
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Smart Transaction answer as it looks without a card: no idents, no loyalty transaction. */
    static String withoutCard(String stxJson) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(stxJson);
            node.putArray("idents");
            node.putArray("transactions");
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String list(String... stxJson) {
        try {
            ObjectNode page = JSON.createObjectNode();
            page.put("count", stxJson.length);
            ArrayNode data = page.putArray("data");
            for (String stx : stxJson) {
                data.add(JSON.readTree(stx));
            }
            return JSON.writeValueAsString(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String merchantRef(String orderId, int attempt) {
        return PaymentCodec.merchantRef(ACME, orderId, attempt);
    }

    /** create answers "created", start/cash answers "ok": the happy path at secuconnect. */
    static void stubHappyPath(String orderId) {
        String ref = merchantRef(orderId, 1);
        wm().stubFor(createStx().willReturn(json(200, stxCreated(ref))));
        wm().stubFor(startCash().willReturn(json(200, stxOk(ref))));
    }

    static MappingBuilder createStx() {
        return post(urlEqualTo(STX_PATH));
    }

    static MappingBuilder startCash() {
        return post(urlEqualTo(START_PATH));
    }

    static MappingBuilder readStx() {
        return get(urlEqualTo(STX_PATH + "/" + STX_ID));
    }

    static MappingBuilder listStx() {
        return get(urlPathEqualTo(STX_PATH));
    }

    static int creates() {
        return count(postRequestedFor(urlEqualTo(STX_PATH)));
    }

    static int starts() {
        return count(postRequestedFor(urlPathMatching(STX_PATH + "/[^/]+/start/.*")));
    }

    static int aborts() {
        return count(postRequestedFor(urlPathMatching(STX_PATH + "/[^/]+/abort")));
    }

    static MappingBuilder abortStx(String stxId) {
        return post(urlEqualTo(STX_PATH + "/" + stxId + "/abort"));
    }

    /** The stored receipt of the order (JSON, as the ERP gets it). */
    static String receiptJson(String orderId) {
        return Database.string("select receipt_json from cash_payment where order_id = '" + orderId + "'");
    }

    /** A receipt of {@code lines} lines as the payment stores it, its card number masked. */
    static String receiptJsonOf(int lines, String card) {
        List<CashPaymentDocument.ReceiptLine> receipt = new java.util.ArrayList<>();
        for (int i = 0; i < lines; i++) {
            receipt.add(new CashPaymentDocument.ReceiptLine(
                    "name-value",
                    null,
                    "Line " + i,
                    i == 1 ? org.erpbridge.secuconnect.CardNumbers.mask(card) : "7,96 EUR",
                    null,
                    List.of("important")));
        }
        return PaymentCodec.receiptJson(receipt);
    }

    static int preTransactions() {
        return count(postRequestedFor(urlPathMatching(STX_PATH + "/[^/]+/preTransaction")));
    }

    static int cancels() {
        return count(postRequestedFor(urlPathMatching(STX_PATH + "/[^/]+/cancel")));
    }

    static int count(RequestPatternBuilder pattern) {
        return wm().countRequestsMatching(pattern.build()).getCount();
    }

    static long rows(String table) {
        return Database.count("select count(*) from " + table);
    }

    static long outboxEvents(String type) {
        return Database.count("select count(*) from outbox_event where merchant = 'acme' and type = '" + type + "'");
    }

    static String state(String orderId) {
        return Database.string(
                "select state from cash_payment where merchant = 'acme' and order_id = '" + orderId + "'");
    }
}
