package org.erpbridge.checkout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.erpbridge.testing.CleanSlate;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.ErpRequests;
import org.erpbridge.testing.RawHttp;
import org.erpbridge.testing.SecuconnectStubs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.checkout.CheckoutFixtures.seedOrder;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Malformed and hostile cash payments, table-driven: each is answered with a 4xx problem+json (naming the field
 * where there is one), and nothing is stored or sent to secuconnect. Also oversized, slow and replayed requests.
 */
@QuarkusTest
class HostileRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static boolean truncated;

    @BeforeEach
    void reset() {
        // one full reset per class; between the (many) cases emptying the few tables a case could touch is enough
        if (!truncated) {
            CleanSlate.reset();
            truncated = true;
        }
        Database.execute("delete from cash_payment_receipt_line; delete from cash_payment_attempt; "
                + "delete from cash_payment; delete from outbox_event");
        SecuconnectStubs.wm().resetRequests();
    }

    @Test
    void theUnchangedBaseRequestIsAccepted() {
        CheckoutFixtures.stubHappyPath("SO-H");
        send(bytes(base())).statusCode(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithAProblemAndNothingWritten(String name, byte[] body, int status, String field) {
        ValidatableResponse response = send(body)
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status));
        if (field != null) {
            response.body("errors.field", hasItem(field));
        }
        String answer = response.extract().asString();
        assertThat(answer).doesNotContain(CheckoutFixtures.CARD);
        assertThat(CheckoutFixtures.rows("cash_payment")).isZero();
        assertThat(CheckoutFixtures.rows("cash_payment_attempt")).isZero();
        assertThat(CheckoutFixtures.rows("outbox_event")).isZero();
        assertThat(SecuconnectStubs.wm().getAllServeEvents())
                .as("nothing sent to secuconnect")
                .isEmpty();
    }

    @Test
    void aChunkedBodyFarOverTheCapIsRefusedWith413ProblemAndNothingWritten() throws Exception {
        String target = ErpRequests.path(ACME, "/cash-payments");
        try (RawHttp raw = RawHttp.open(
                "POST",
                target,
                "Content-Type: application/json",
                "Transfer-Encoding: chunked",
                "Authorization: Bearer acme-erp-api-key-0123456789",
                "X-Signature-Timestamp: " + ErpRequests.now(),
                "X-Signature: "
                        + ErpRequests.signature(
                                "acme-signing-secret-0123456789", ErpRequests.now(), "POST", target, "{}"))) {
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 80; i++) { // 5 MiB, never finished
                    raw.chunk(chunk);
                }
            } catch (java.io.IOException cutOff) {
                // the bridge closed the connection once the cap was passed
            }
            // refused once 256 KiB + 1 byte have arrived: a problem document, and the connection closes unread
            RawHttp.Answer answer = raw.answer();
            assertThat(answer.headers().get("connection")).isEqualTo("close");
            assertTransportRefusal(answer, 413, "exceeds 262144 bytes");
        }
    }

    @Test
    void aBodyAnnouncedOverTheCapIsRefusedWith413BeforeItIsRead() throws Exception {
        try (RawHttp raw = RawHttp.open(
                "POST",
                ErpRequests.path(ACME, "/cash-payments"),
                "Content-Type: application/json",
                "Authorization: Bearer acme-erp-api-key-0123456789",
                "Content-Length: 10485760")) {
            assertTransportRefusal(raw.answer(), 413, "exceeds 262144 bytes");
        }
    }

    @Test
    void aSlowBodyIsRefusedWith408AndNothingWritten() throws Exception {
        byte[] body = bytes(base());
        try (RawHttp raw = RawHttp.open(
                "POST",
                ErpRequests.path(ACME, "/cash-payments"),
                "Content-Type: application/json",
                "Authorization: Bearer acme-erp-api-key-0123456789",
                "Content-Length: " + body.length)) {
            raw.write(java.util.Arrays.copyOf(body, body.length / 2));
            assertTransportRefusal(raw.answer(), 408, "did not arrive within");
        }
    }

    @Test
    void aReplayedPaymentIsRefusedAndBooksNothingMore() throws Exception {
        CheckoutFixtures.stubHappyPath("SO-R");
        byte[] body = seedOrder("SO-R").getBytes(StandardCharsets.UTF_8);
        String target = ErpRequests.path(ACME, "/cash-payments");
        long ts = ErpRequests.unusedSecond("POST", target, body);
        String signature = ErpRequests.signature(
                "acme-signing-secret-0123456789", ts, "POST", target, new String(body, StandardCharsets.UTF_8));
        for (int send = 1; send <= 2; send++) {
            ValidatableResponse response = ErpRequests.as(ACME)
                    .request()
                    .contentType("application/json")
                    .body(body)
                    .header("X-Signature-Timestamp", Long.toString(ts))
                    .header("X-Signature", signature)
                    .when()
                    .post(target)
                    .then();
            if (send == 1) {
                response.statusCode(200);
                Database.execute("delete from outbox_event");
                SecuconnectStubs.wm().resetRequests();
            } else {
                response.statusCode(401)
                        .contentType("application/problem+json")
                        .body("detail", org.hamcrest.Matchers.containsString("X-Signature was already used"));
            }
        }
        assertThat(CheckoutFixtures.rows("cash_payment")).isEqualTo(1);
        assertThat(CheckoutFixtures.rows("cash_payment_attempt")).isEqualTo(1);
        assertThat(CheckoutFixtures.rows("outbox_event"))
                .as("the replay wrote no event")
                .isZero();
        assertThat(SecuconnectStubs.wm().getAllServeEvents())
                .as("the replay sent nothing to secuconnect")
                .isEmpty();
    }

    private static void assertTransportRefusal(RawHttp.Answer answer, int status, String detail) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.headers().get("content-type")).isEqualTo("application/problem+json");
        assertThat(answer.body()).contains("\"status\":" + status).contains(detail);
        assertThat(CheckoutFixtures.rows("cash_payment")).isZero();
        assertThat(CheckoutFixtures.rows("cash_payment_attempt")).isZero();
        assertThat(CheckoutFixtures.rows("outbox_event")).isZero();
        assertThat(SecuconnectStubs.wm().getAllServeEvents())
                .as("nothing sent to secuconnect")
                .isEmpty();
    }

    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();
        // missing fields
        c.add(invalid("missing orderId", n -> n.remove("orderId"), "orderId"));
        c.add(invalid("missing currency", n -> n.remove("currency"), "currency"));
        c.add(invalid("missing total", n -> n.remove("total"), "total"));
        c.add(invalid("missing lines", n -> n.remove("lines"), "lines"));
        c.add(invalid("missing paidAt", n -> n.remove("paidAt"), "paidAt"));
        c.add(invalid("line without description", n -> line(n, 0).remove("description"), "lines[0].description"));
        c.add(invalid("line without quantity", n -> line(n, 1).remove("quantity"), "lines[1].quantity"));
        c.add(invalid("line without unitPrice", n -> line(n, 2).remove("unitPrice"), "lines[2].unitPrice"));
        c.add(invalid("line without vatRate", n -> line(n, 0).remove("vatRate"), "lines[0].vatRate"));
        c.add(invalid("null orderId", n -> n.putNull("orderId"), "orderId"));
        // wrong types
        c.add(unreadable("total as string", n -> n.put("total", "796"), "total"));
        c.add(unreadable("total with cents as fraction", n -> n.put("total", 7.96), "total"));
        c.add(unreadable("total as 796.0", n -> n.put("total", 796.0), "total"));
        c.add(unreadable("total as boolean", n -> n.put("total", true), "total"));
        c.add(unreadable("quantity as string", n -> line(n, 2).put("quantity", "2"), "lines[2].quantity"));
        c.add(unreadable("orderId as number", n -> n.put("orderId", 10042), "orderId"));
        c.add(unreadable("loyaltyCard as number", n -> n.put("loyaltyCard", 9276004429942845L), "loyaltyCard"));
        c.add(unreadable("vatRate as fraction", n -> line(n, 0).put("vatRate", 7.5), "lines[0].vatRate"));
        c.add(unreadable("lines as object", n -> n.putObject("lines").put("a", 1), "lines"));
        c.add(unreadable("lines as string", n -> n.put("lines", "all of them"), "lines"));
        c.add(unreadable(
                "line as array", n -> ((ArrayNode) n.get("lines")).set(0, JSON.createArrayNode()), "lines[0]"));
        c.add(raw("body is an array", "[]", 400));
        c.add(raw("body is null", "null", 400));
        c.add(raw("body is a string", "\"pay\"", 400));
        c.add(raw("empty body", "", 400));
        // amounts
        c.add(invalid("negative total", n -> n.put("total", -796), "total"));
        c.add(invalid(
                "zero total",
                n -> {
                    n.put("total", 0);
                    ((ArrayNode) n.get("lines")).forEach(l -> ((ObjectNode) l).put("unitPrice", 0));
                },
                "total"));
        c.add(raw("total beyond 64 bits", replace("\"total\": 796", "\"total\": 9223372036854775808"), 422));
        c.add(raw("total as 1e30", replace("\"total\": 796", "\"total\": 1e30"), 400));
        c.add(invalid("negative unitPrice", n -> line(n, 0).put("unitPrice", -349), "lines[0].unitPrice"));
        c.add(invalid("quantity zero", n -> line(n, 1).put("quantity", 0), "lines[1].quantity"));
        c.add(invalid("quantity above 10000", n -> line(n, 1).put("quantity", 10001), "lines[1].quantity"));
        c.add(raw("quantity beyond 64 bits", replace("\"quantity\": 2", "\"quantity\": 99999999999999999999"), 422));
        c.add(invalid("unitPrice above 10^9", n -> line(n, 0).put("unitPrice", 1_000_000_001L), "lines[0].unitPrice"));
        c.add(invalid(
                "total above secuconnect's 32-bit range",
                n -> {
                    n.put("total", 3_000_000_000L);
                    line(n, 0).put("quantity", 3).put("unitPrice", 1_000_000_000L);
                    line(n, 1).put("unitPrice", 0);
                    line(n, 2).put("unitPrice", 0);
                },
                "total"));
        c.add(invalid("vatRate above 100", n -> line(n, 0).put("vatRate", 101), "lines[0].vatRate"));
        c.add(invalid("negative vatRate", n -> line(n, 0).put("vatRate", -1), "lines[0].vatRate"));
        c.add(invalid("total one cent too high", n -> n.put("total", 797), "total"));
        c.add(invalid("total one cent too low", n -> n.put("total", 795), "total"));
        // currency
        c.add(invalid("other currency", n -> n.put("currency", "USD"), "currency"));
        c.add(invalid("lower-case currency", n -> n.put("currency", "eur"), "currency"));
        c.add(invalid("four-letter currency", n -> n.put("currency", "EURO"), "currency"));
        // lengths and formats
        c.add(invalid("orderId of 65 characters", n -> n.put("orderId", "S".repeat(65)), "orderId"));
        c.add(invalid("empty orderId", n -> n.put("orderId", ""), "orderId"));
        c.add(invalid("orderId with a slash", n -> n.put("orderId", "SO/10042"), "orderId"));
        c.add(invalid("orderId with a space", n -> n.put("orderId", "SO 10042"), "orderId"));
        c.add(invalid("orderId with a look-alike hyphen", n -> n.put("orderId", "SO\u201010042"), "orderId"));
        c.add(invalid("orderId with a query wildcard", n -> n.put("orderId", "SO-*"), "orderId"));
        c.add(invalid(
                "description of 256 characters",
                n -> line(n, 0).put("description", "x".repeat(256)),
                "lines[0].description"));
        c.add(invalid("blank description", n -> line(n, 0).put("description", "   "), "lines[0].description"));
        c.add(invalid("register of 65 characters", n -> n.put("register", "K".repeat(65)), "register"));
        c.add(invalid("cashier of 65 characters", n -> n.put("cashier", "A".repeat(65)), "cashier"));
        c.add(invalid(
                "articleNumber of 65 characters",
                n -> line(n, 0).put("articleNumber", "9".repeat(65)),
                "lines[0].articleNumber"));
        c.add(invalid("ean with letters", n -> line(n, 2).put("ean", "49990123ABCDE"), "lines[2].ean"));
        c.add(invalid("ean of 5 digits", n -> line(n, 2).put("ean", "12345"), "lines[2].ean"));
        // cards
        c.add(invalid("card of 15 digits", n -> n.put("loyaltyCard", "927600442994284"), "loyaltyCard"));
        c.add(invalid("card of 17 digits", n -> n.put("loyaltyCard", "92760044299428451"), "loyaltyCard"));
        c.add(invalid("card with a foreign prefix", n -> n.put("loyaltyCard", "4111111111111111"), "loyaltyCard"));
        c.add(invalid("card with spaces", n -> n.put("loyaltyCard", "9276 0044 2994 2845"), "loyaltyCard"));
        c.add(invalid(
                "card in Arabic-Indic digits",
                n -> n.put(
                        "loyaltyCard",
                        "\u0669\u0662\u0667\u0666"
                                + "\u0660\u0660\u0664\u0664\u0662\u0669\u0669\u0664\u0662\u0668\u0664\u0665"),
                "loyaltyCard"));
        c.add(invalid("card with a letter", n -> n.put("loyaltyCard", "927600442994284X"), "loyaltyCard"));
        // arrays
        c.add(invalid("no lines", n -> n.putArray("lines"), "lines"));
        c.add(invalid(
                "501 lines",
                n -> {
                    ArrayNode lines = n.putArray("lines");
                    for (int i = 0; i < 501; i++) {
                        lines.addObject()
                                .put("description", "Water")
                                .put("quantity", 1)
                                .put("unitPrice", 1)
                                .put("vatRate", 19);
                    }
                    n.put("total", 501);
                },
                "lines"));
        c.add(invalid("null line", n -> ((ArrayNode) n.get("lines")).addNull(), "lines[3]"));
        c.add(invalid("lines null", n -> n.putNull("lines"), "lines"));
        // unicode tricks
        c.add(invalid(
                "right-to-left override in description",
                n -> line(n, 0).put("description", "Sandwich \u202Eonamor"),
                "lines[0].description"));
        c.add(invalid(
                "zero-width space in description",
                n -> line(n, 0).put("description", "Sand\u200Bwich"),
                "lines[0].description"));
        c.add(invalid(
                "NUL in description", n -> line(n, 0).put("description", "Sand\u0000wich"), "lines[0].description"));
        c.add(invalid("escape sequence in cashier", n -> n.put("cashier", "Anna\u001B[31m"), "cashier"));
        c.add(raw("lone surrogate in description", replace("Sandwich Romano", "Sandwich \\ud800 Romano"), 422));
        // dates
        c.add(invalid("paidAt not a date", n -> n.put("paidAt", "yesterday"), "paidAt"));
        c.add(invalid("paidAt without offset", n -> n.put("paidAt", "2026-11-23T09:18:14"), "paidAt"));
        c.add(invalid("paidAt in year 10000", n -> n.put("paidAt", "+10000-01-01T00:00:00Z"), "paidAt"));
        c.add(invalid("paidAt before 2000", n -> n.put("paidAt", "1999-12-31T23:59:59Z"), "paidAt"));
        c.add(invalid("paidAt a week ahead", n -> n.put("paidAt", "2099-01-01T00:00:00Z"), "paidAt"));
        // structure
        c.add(unreadable(
                "unknown field (misspelt card)",
                n -> {
                    n.remove("loyaltyCard");
                    n.put("loyaltyCardNumber", "9276004429942845");
                },
                "loyaltyCardNumber"));
        c.add(raw(
                "duplicate orderId",
                replace("\"orderId\": \"SO-H\",", "\"orderId\": \"SO-H\", \"orderId\": \"SO-I\","),
                400));
        c.add(raw("trailing garbage", new String(bytes(base()), StandardCharsets.UTF_8) + " {\"x\":1}", 400));
        c.add(raw("truncated JSON", new String(bytes(base()), StandardCharsets.UTF_8).substring(0, 80), 400));
        c.add(raw("JSON with a comment", "/* hi */" + new String(bytes(base()), StandardCharsets.UTF_8), 400));
        c.add(raw("number of 2000 digits", replace("\"total\": 796", "\"total\": " + "9".repeat(2000)), 400));
        c.add(raw(
                "deeply nested",
                replace("\"register\": \"KASSE-1\"", "\"register\": " + "[".repeat(3000) + "]".repeat(3000)),
                400));
        c.add(Arguments.of(
                "invalid UTF-8",
                new byte[] {
                    '{', '"', 'o', 'r', 'd', 'e', 'r', 'I', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'
                },
                400,
                null));
        c.add(Arguments.of(
                "body over 256 KiB",
                ("{\"orderId\":\"" + "x".repeat(300_000) + "\"}").getBytes(StandardCharsets.UTF_8),
                413,
                null));
        return c.stream();
    }

    private static ValidatableResponse send(byte[] body) {
        return ErpRequests.as(ACME)
                .json(body)
                .when()
                .post(ErpRequests.path(ACME, "/cash-payments"))
                .then();
    }

    private static Arguments invalid(String name, Consumer<ObjectNode> change, String field) {
        return Arguments.of(name, mutated(change), 422, field);
    }

    private static Arguments unreadable(String name, Consumer<ObjectNode> change, String field) {
        return Arguments.of(name, mutated(change), 400, field);
    }

    private static Arguments raw(String name, String body, int status) {
        return Arguments.of(name, body.getBytes(StandardCharsets.UTF_8), status, null);
    }

    private static String replace(String target, String replacement) {
        String base = seedOrder("SO-H");
        if (!base.contains(target)) {
            throw new IllegalArgumentException("base request has no " + target);
        }
        return base.replace(target, replacement);
    }

    private static ObjectNode line(ObjectNode order, int index) {
        return (ObjectNode) order.get("lines").get(index);
    }

    private static byte[] mutated(Consumer<ObjectNode> change) {
        ObjectNode node = base();
        change.accept(node);
        return bytes(node);
    }

    private static ObjectNode base() {
        try {
            return (ObjectNode) JSON.readTree(seedOrder("SO-H"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
