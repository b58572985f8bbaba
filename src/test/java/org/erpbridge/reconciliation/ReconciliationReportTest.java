package org.erpbridge.reconciliation;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.erpbridge.reconciliation.ReconciliationFixtures.Payment;
import org.erpbridge.reconciliation.ReconciliationFixtures.Stx;
import org.erpbridge.testing.CleanSlate;
import org.erpbridge.testing.ErpRequests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.reconciliation.ReconciliationFixtures.BERLIN;
import static org.erpbridge.reconciliation.ReconciliationFixtures.at;
import static org.erpbridge.reconciliation.ReconciliationFixtures.instant;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.BRAVO;
import static org.hamcrest.Matchers.equalTo;

/**
 * One business day with every reconciliation class, secuconnect's list served in pages of three: the report's
 * items, counts and totals, as JSON and as CSV.
 */
@QuarkusTest
class ReconciliationReportTest {
    static final LocalDate DAY = LocalDate.now(BERLIN).minusDays(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    // secuconnect's Smart Transactions, in created order (the day before is listed too: the range is widened)
    static final Stx PREVIOUS_DAY =
            new Stx("STX_PREV", "ok", 111, "EUR", at(DAY.minusDays(1), "12:00:00"), "x", "SO-PREV", null);
    static final Stx A = new Stx("STX_A", "ok", 796, "EUR", at(DAY, "09:18:15"), "erpb-ref-SO-1", "SO-1", "LTX_A");
    static final Stx B = new Stx("STX_B", "ok", 450, "EUR", at(DAY, "09:30:00"), "erpb-ref-SO-2", "SO-2", null);
    static final Stx C = new Stx("STX_C", "ok", 300, "CHF", at(DAY, "10:00:00"), "erpb-ref-SO-3", "SO-3", null);
    static final Stx D = new Stx("STX_D", "created", 100, "EUR", at(DAY, "10:30:00"), "erpb-ref-SO-4", "SO-4", null);
    static final Stx F = new Stx("STX_F", "cancelled", 250, "EUR", at(DAY, "11:00:00"), "erpb-ref-SO-6", "SO-6", null);
    static final Stx G = new Stx("STX_G", "failed", 200, "EUR", at(DAY, "12:00:00"), "erpb-ref-SO-7", "SO-7", null);
    static final Stx H = new Stx("STX_H", "ok", 150, "EUR", at(DAY, "13:00:00"), "erpb-ref-SO-8", "SO-8", null);
    static final Stx J = new Stx("STX_J", "ok", 999, "EUR", at(DAY, "14:00:00"), "foreign, \"odd\"", "ZZ-1", null);
    static final Stx K = new Stx("STX_K", "ok", 120, "EUR", at(DAY, "15:00:00"), "erpb-ref-SO-OLD", "SO-OLD", null);
    static final Stx L = new Stx("STX_L", "ok", 500, "EUR", at(DAY, "16:00:00"), "other-pos", "SO-2", null);
    // created after midnight for an order paid just before: not listed for the day, read by id
    static final Stx I =
            new Stx("STX_I", "ok", 400, "EUR", at(DAY.plusDays(1), "00:00:10"), "erpb-ref-SO-9", "SO-9", null);

    static List<Stx> listed() {
        return List.of(PREVIOUS_DAY, A, B, C, D, F, G, H, J, K, L);
    }

    @BeforeEach
    void setUp() {
        CleanSlate.reset();
        Payment.order("SO-1", 796, instant(DAY, "09:18:14"))
                .withCard()
                .booked("STX_A", "ok", "LTX_A")
                .insert();
        Payment.order("SO-2", 500, instant(DAY, "09:29:58"))
                .booked("STX_B", "ok", null)
                .insert();
        Payment.order("SO-3", 300, instant(DAY, "09:59:58"))
                .booked("STX_C", "ok", null)
                .insert();
        Payment.order("SO-4", 100, instant(DAY, "10:29:58"))
                .state("START_PENDING")
                .booked("STX_D", "created", null)
                .insert();
        Payment.order("SO-5", 50, instant(DAY, "10:45:00"))
                .state("FAILED")
                .problem("card locked")
                .insert();
        Payment.order("SO-6", 250, instant(DAY, "10:59:58"))
                .state("CANCELLED")
                .booked("STX_F", "cancelled", null)
                .insert();
        Payment.order("SO-7", 200, instant(DAY, "11:59:58"))
                .booked("STX_G", "ok", null)
                .insert();
        Payment.order("SO-8", 150, instant(DAY, "12:59:58")).state("FAILED").insert();
        Payment.order("SO-9", 400, instant(DAY, "23:59:30"))
                .booked("STX_I", "ok", null)
                .insert();
        Payment.order("SO-OLD", 120, instant(DAY.minusDays(1), "23:59:59"))
                .booked("STX_K", "ok", null)
                .insert();
        // another merchant's payment that claims STX_J must not make it owned for acme
        Payment.order("ZZ-1", 999, instant(DAY, "14:00:00"))
                .merchant(BRAVO)
                .booked("STX_J", "ok", null)
                .insert();
        ReconciliationFixtures.stubList("", DAY, DAY, listed());
        ReconciliationFixtures.stubRead(I);
    }

    static Response report(String accept) {
        return ErpRequests.as(ACME)
                .request()
                .accept(accept)
                .queryParam("from", DAY.toString())
                .queryParam("to", DAY.toString())
                .when()
                .get(ErpRequests.path(ACME, "/reconciliation"));
    }

    @Test
    void everyClassIsFoundWithTotalsAndCounts() throws Exception {
        Response response = report("application/json");
        response.then().statusCode(200).contentType("application/json");
        JsonNode report = JSON.readTree(response.asString());

        assertThat(report.get("merchant").asText()).isEqualTo(ACME);
        assertThat(report.get("from").asText()).isEqualTo(DAY.toString());
        assertThat(report.get("to").asText()).isEqualTo(DAY.toString());
        assertThat(report.get("currency").asText()).isEqualTo("EUR");
        // erp: SO-1 796 + SO-2 500 + SO-3 300 + SO-4 100 + SO-7 200 + SO-9 400 (failed and cancelled not expected)
        // secuconnect (captured, in EUR): A 796 + B 450 + H 150 + I 400 + J 999 + L 500
        assertThat(report.get("totals").get("erp").asLong()).isEqualTo(2296);
        assertThat(report.get("totals").get("secuconnect").asLong()).isEqualTo(3295);
        assertThat(report.get("totals").get("difference").asLong()).isEqualTo(-999);
        JsonNode counts = report.get("counts");
        assertThat(counts.get("matched").asInt()).isEqualTo(2);
        assertThat(counts.get("mismatched").asInt()).isEqualTo(5);
        assertThat(counts.get("pending").asInt()).isEqualTo(1);
        assertThat(counts.get("failed").asInt()).isEqualTo(1);
        assertThat(counts.get("cancelled").asInt()).isEqualTo(1);
        assertThat(counts.get("orphaned").asInt()).isEqualTo(1);
        assertThat(counts.get("statusDisagreement").asInt()).isEqualTo(2);

        List<JsonNode> items = List.copyOf(toList(report.get("items")));
        assertThat(items)
                .extracting(i -> i.get("orderId").asText(null))
                .containsExactly("SO-1", "SO-2", "SO-3", "SO-4", "SO-5", "SO-6", "SO-7", "SO-8", "SO-9", "SO-2", null);
        Map<String, JsonNode> byStx = items.stream()
                .filter(i -> i.hasNonNull("smartTransactionId"))
                .collect(Collectors.toMap(i -> i.get("smartTransactionId").asText(), i -> i));

        JsonNode matched = items.get(0);
        assertThat(matched.get("reconciliation").asText()).isEqualTo("matched");
        assertThat(matched.get("status").asText()).isEqualTo("completed");
        assertThat(matched.get("erpTotal").asLong()).isEqualTo(796);
        assertThat(matched.get("secuconnectTotal").asLong()).isEqualTo(796);
        assertThat(matched.get("loyaltyTransactionId").asText()).isEqualTo("LTX_A");
        assertThat(matched.get("transId").asText()).isEqualTo("29187330");
        assertThat(matched.get("completedAt").asText())
                .isEqualTo(instant(DAY, "09:18:16").toString());
        assertThat(matched.get("reason").isNull()).isTrue();

        assertClass(
                byStx.get("STX_B"),
                "mismatched",
                List.of("amount"),
                "ERP total 500 differs from secuconnect's basket sum 450");
        assertClass(
                byStx.get("STX_C"),
                "mismatched",
                List.of("currency"),
                "ERP currency EUR differs from secuconnect's CHF");
        assertClass(byStx.get("STX_D"), "pending", List.of(), "booking in progress (start_pending)");
        assertClass(items.get(4), "failed", List.of(), "card locked");
        assertThat(items.get(4).get("smartTransactionId").isNull()).isTrue();
        assertClass(byStx.get("STX_F"), "cancelled", List.of(), null);
        assertClass(
                byStx.get("STX_G"),
                "mismatched",
                List.of("status"),
                "status disagreement: the bridge recorded the payment as completed, secuconnect reports 'failed'");
        // the bridge gave up on SO-8 without a Smart Transaction id; secuconnect booked it (found by merchantRef)
        assertClass(byStx.get("STX_H"), "mismatched", List.of("status"), "the bridge recorded the payment as failed");
        assertThat(byStx.get("STX_H").get("orderId").asText()).isEqualTo("SO-8");
        assertClass(byStx.get("STX_I"), "matched", List.of(), null);
        assertClass(byStx.get("STX_L"), "mismatched", List.of("second-booking"), "second booking");
        assertThat(byStx.get("STX_L").get("erpTotal").isNull()).isTrue();
        assertClass(byStx.get("STX_J"), "orphaned", List.of(), "no ERP order owns this Smart Transaction");
        assertThat(byStx.get("STX_J").get("secuconnectTotal").asLong()).isEqualTo(999);
        // the previous day's transaction and SO-OLD's own (reconciled with SO-OLD's day) are not items of this day
        assertThat(byStx).doesNotContainKeys("STX_PREV", "STX_K");
    }

    @Test
    void theSameQueryGivesTheSameReport() {
        String first = report("application/json").asString();
        String second = report("application/json").asString();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void csvHasTheItemsWithDecimalAmountsAndDefusedFormulas() {
        Payment.order("=HYPERLINK(\"http://evil.example\",\"x\")", 1234, instant(DAY, "17:00:00"))
                .state("RECEIVED")
                .insert();
        Response response = report("text/csv");
        response.then()
                .statusCode(200)
                .header("Content-Type", equalTo("text/csv;charset=utf-8"))
                .header(
                        "Content-Disposition",
                        equalTo("attachment; filename=\"reconciliation-acme-" + DAY + "_" + DAY + ".csv\""));
        String body = response.asString();
        assertThat(body).endsWith("\r\n").doesNotContain("\r\r");
        assertThat(body.replace("\r\n", "")).doesNotContain("\n");

        List<List<String>> rows = Rfc4180.parse(body);
        assertThat(rows.get(0))
                .containsExactly(
                        "orderId",
                        "status",
                        "reconciliation",
                        "reason",
                        "differences",
                        "currency",
                        "erpTotalMinor",
                        "erpTotal",
                        "secuconnectTotalMinor",
                        "secuconnectTotal",
                        "secuconnectCurrency",
                        "secuconnectStatus",
                        "smartTransactionId",
                        "loyaltyTransactionId",
                        "transId",
                        "paidAt",
                        "completedAt",
                        "secuconnectCreated");
        assertThat(rows).hasSize(1 + 12).allSatisfy(r -> assertThat(r).hasSize(18));
        Map<String, List<String>> byStx = rows.stream()
                .skip(1)
                .filter(r -> !r.get(12).isEmpty())
                .collect(Collectors.toMap(r -> r.get(12), r -> r));

        List<String> so1 = byStx.get("STX_A");
        assertThat(so1.subList(0, 3)).containsExactly("SO-1", "completed", "matched");
        assertThat(so1.subList(6, 10)).containsExactly("796", "7.96", "796", "7.96");
        assertThat(so1.get(15)).isEqualTo(instant(DAY, "09:18:14").toString());

        // the orphan's reason quotes a merchantRef with a comma and double quotes: read back unchanged
        List<String> orphan = byStx.get("STX_J");
        assertThat(orphan.get(0)).isEmpty();
        assertThat(orphan.get(2)).isEqualTo("orphaned");
        assertThat(orphan.get(3)).contains("merchantRef 'foreign, \"odd\"'");
        assertThat(body)
                .contains(
                        "\"no ERP order owns this Smart Transaction (status 'ok', merchantRef 'foreign, \"\"odd\"\"'");

        List<String> formula = rows.stream()
                .filter(r -> r.get(0).contains("HYPERLINK"))
                .findFirst()
                .orElseThrow();
        assertThat(formula.get(0)).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"x\")");
        assertThat(formula.subList(1, 3)).containsExactly("processing", "pending");
        assertThat(formula.subList(6, 8)).containsExactly("1234", "12.34");
    }

    @Test
    void bravoSeesOnlyItsOwnOrders() throws Exception {
        ReconciliationFixtures.stubList("/bravo", DAY, DAY, List.of(J));
        Response response = ErpRequests.as(BRAVO)
                .request()
                .queryParam("from", DAY.toString())
                .when()
                .get(ErpRequests.path(BRAVO, "/reconciliation"));
        response.then().statusCode(200);
        JsonNode report = JSON.readTree(response.asString());
        assertThat(toList(report.get("items")))
                .extracting(i -> i.get("orderId").asText())
                .containsExactly("ZZ-1");
        assertThat(report.get("counts").get("matched").asInt()).isEqualTo(1);
        assertThat(report.get("counts").get("orphaned").asInt()).isZero();
    }

    private static void assertClass(JsonNode item, String reconciliation, List<String> differences, String reason) {
        assertThat(item).as("item").isNotNull();
        assertThat(item.get("reconciliation").asText()).as(item.toString()).isEqualTo(reconciliation);
        assertThat(toList(item.get("differences")))
                .extracting(JsonNode::asText)
                .as(item.toString())
                .containsExactlyElementsOf(differences);
        if (reason == null) {
            assertThat(item.get("reason").isNull()).as(item.toString()).isTrue();
        } else {
            assertThat(item.get("reason").asText()).as(item.toString()).contains(reason);
        }
    }

    static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new java.util.ArrayList<>();
        array.forEach(list::add);
        return list;
    }
}
