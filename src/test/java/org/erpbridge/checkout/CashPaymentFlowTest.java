package org.erpbridge.checkout;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.erpbridge.outbox.EventOutbox;
import org.erpbridge.testing.CleanSlate;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.SecuconnectStubs;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.checkout.CheckoutFixtures.CARD;
import static org.erpbridge.checkout.CheckoutFixtures.LTX_ID;
import static org.erpbridge.checkout.CheckoutFixtures.MASKED_CARD;
import static org.erpbridge.checkout.CheckoutFixtures.creates;
import static org.erpbridge.checkout.CheckoutFixtures.merchantRef;
import static org.erpbridge.checkout.CheckoutFixtures.outboxEvents;
import static org.erpbridge.checkout.CheckoutFixtures.postPayment;
import static org.erpbridge.checkout.CheckoutFixtures.preTransactions;
import static org.erpbridge.checkout.CheckoutFixtures.readPayment;
import static org.erpbridge.checkout.CheckoutFixtures.seedOrder;
import static org.erpbridge.checkout.CheckoutFixtures.starts;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.STX_ID;
import static org.erpbridge.testing.SecuconnectStubs.STX_PATH;
import static org.erpbridge.testing.SecuconnectStubs.wm;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The seed scenario end to end, replays, reads. */
@QuarkusTest
class CashPaymentFlowTest {

    @Inject
    ObservedCardRecorder cards;

    @BeforeEach
    void reset() {
        CleanSlate.reset();
        cards.clear();
    }

    @Test
    void seedScenarioIsBookedWithoutPreTransactionAndAnsweredWithTheReceipt() {
        CheckoutFixtures.stubHappyPath("SO-10042");

        Response response = postPayment(ACME, seedOrder("SO-10042"));

        response.then()
                .statusCode(200)
                .contentType("application/json")
                .body("orderId", equalTo("SO-10042"))
                .body("status", equalTo("completed"))
                .body("smartTransactionId", equalTo(STX_ID))
                .body("loyaltyTransactionId", equalTo(LTX_ID))
                .body("transId", equalTo("29187330"))
                .body("total", equalTo(796))
                .body("currency", equalTo("EUR"))
                .body("receipt.type", equalTo(SecuconnectStubs.RECEIPT_LINE_TYPES))
                .body("receipt[0].caption", equalTo("Kundenkarte"))
                .body("receipt[1].name", equalTo("Kartennummer: "))
                .body("receipt[1].value", equalTo(MASKED_CARD))
                .body("receipt[2].value", equalTo("29187330"))
                .body("receipt[3].size()", equalTo(1))
                .body("receipt[4].text", equalTo("Umsatz erfasst:"))
                .body("receipt[4].decoration", hasSize(0))
                .body("receipt[5].text", equalTo("7,96 EUR"))
                .body("receipt[5].decoration", contains("important"))
                .body("receipt[8].text", equalTo("10,00 EUR"))
                .body("receipt[8].decoration", contains("important"))
                .body("card.maskedNumber", equalTo(MASKED_CARD))
                .body("card.balance", equalTo(1000))
                .body("card.cashBalance", equalTo(1000))
                .body("card.bonusBalance", equalTo(0))
                .body("card.points", equalTo(0))
                .body("reconciliation", equalTo("matched"))
                .body("reconciliationReason", nullValue())
                .body("attempts", nullValue());
        assertThat(response.asString()).doesNotContain(CARD);

        assertThat(creates()).isEqualTo(1);
        assertThat(starts()).isEqualTo(1);
        assertThat(preTransactions()).isZero();
        wm().verify(postRequestedFor(urlEqualTo(STX_PATH))
                .withRequestBody(equalToJson("""
                {"basket": {"products": [
                   {"id": 1, "desc": "Sandwich Romano", "articleNumber": "30037", "quantity": 1, "priceOne": 349, "tax": 7},
                   {"id": 2, "desc": "Fruit salad, small bowl", "articleNumber": "30200", "quantity": 1, "priceOne": 249, "tax": 7},
                   {"id": 3, "desc": "Water, mildly sprinkling, 0.25 ltr.", "articleNumber": "51", "ean": "4999012345678",
                    "quantity": 2, "priceOne": 99, "tax": 19}]},
                 "basket_info": {"sum": 796, "currency": "EUR"},
                 "idents": [{"type": "card", "value": "9276004429942845"}],
                 "merchantRef": "%s", "transactionRef": "SO-10042", "cashier": "Anna"}
                """.formatted(merchantRef("SO-10042", 1)))));
    }

    @Test
    void bookingIsStoredAsAnAccountingRecord() {
        CheckoutFixtures.stubHappyPath("SO-1");
        postPayment(ACME, seedOrder("SO-1")).then().statusCode(200);

        assertThat(Database.count("select count(*) from cash_payment where merchant = 'acme' and order_id = 'SO-1' "
                        + "and state = 'COMPLETED' and smart_transaction_id = '" + STX_ID
                        + "' and loyalty_transaction_id = '"
                        + LTX_ID
                        + "' and trans_id = '29187330' and total = 796 and booked_sum = 796 and booked_currency = 'EUR' "
                        + "and card_balance = 1000 and card_cash_balance = 1000 and reconciliation = 'matched' "
                        + "and card_masked = '" + MASKED_CARD + "' and completed_at is not null"))
                .isEqualTo(1);
        List<Map<String, Object>> receipt =
                JsonPath.from(CheckoutFixtures.receiptJson("SO-1")).getList("$");
        assertThat(receipt).hasSize(9);
        assertThat(receipt.get(5)).containsEntry("text", "7,96 EUR").containsEntry("decoration", List.of("important"));
        assertThat(CheckoutFixtures.receiptJson("SO-1"))
                .as("receipt stored masked")
                .doesNotContain(CARD);
        assertThat(Database.count("select count(*) from cash_payment_attempt where merchant = 'acme' and attempt = 1 "
                        + "and outcome = 'COMPLETED' and smart_transaction_id = '" + STX_ID
                        + "' and finished_at is not null"))
                .isEqualTo(1);
    }

    @Test
    void completionPublishesTheEventAndReportsTheCardBalances() {
        CheckoutFixtures.stubHappyPath("SO-2");
        postPayment(ACME, seedOrder("SO-2")).then().statusCode(200);

        assertThat(outboxEvents(EventOutbox.CASH_PAYMENT_COMPLETED)).isEqualTo(1);
        String payload = Database.string("select payload from outbox_event where type = 'cash-payment.completed'");
        assertThat(payload)
                .contains("\"orderId\":\"SO-2\"", "\"status\":\"completed\"", LTX_ID, MASKED_CARD)
                .doesNotContain(CARD);
        assertThat(cards.seen()).hasSize(1);
        assertThat(cards.seen().get(0).merchant()).isEqualTo(ACME);
        assertThat(cards.seen().get(0).card().id()).isEqualTo("MCD_2RXTNXPRM2YG9922UMBHHAEWEGN6AJ");
        assertThat(cards.seen().get(0).card().balance()).isEqualTo(1000L);
    }

    @Test
    void replayReturnsTheStoredOutcomeAndBooksNothing() {
        CheckoutFixtures.stubHappyPath("SO-3");
        String first = postPayment(ACME, seedOrder("SO-3"))
                .then()
                .statusCode(200)
                .extract()
                .asString();

        String second = postPayment(ACME, seedOrder("SO-3"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        // same payment, other formatting and the same instant in another offset: still the same request
        String reformatted =
                seedOrder("SO-3").replace("\n", " ").replace("2026-11-23T09:18:14+01:00", "2026-11-23T08:18:14Z");
        String third =
                postPayment(ACME, reformatted).then().statusCode(200).extract().asString();

        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
        assertThat(creates()).isEqualTo(1);
        assertThat(starts()).isEqualTo(1);
        assertThat(outboxEvents(EventOutbox.CASH_PAYMENT_COMPLETED)).isEqualTo(1);
    }

    @Test
    void sameOrderWithDifferentContentIsAConflict() {
        CheckoutFixtures.stubHappyPath("SO-4");
        postPayment(ACME, seedOrder("SO-4")).then().statusCode(200);

        String otherCashier = seedOrder("SO-4").replace("\"Anna\"", "\"Bernd\"");
        postPayment(ACME, otherCashier)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("detail", org.hamcrest.Matchers.containsString("different content"));
        String withoutCard = CheckoutFixtures.order("SO-4", "");
        postPayment(ACME, withoutCard).then().statusCode(409);

        assertThat(creates()).isEqualTo(1);
        assertThat(Database.string("select cashier from cash_payment where order_id = 'SO-4'"))
                .isEqualTo("Anna");
    }

    @Test
    void readReturnsTheDocumentWithAttemptsAndUnknownOrdersAre404() {
        CheckoutFixtures.stubHappyPath("SO-5");
        postPayment(ACME, seedOrder("SO-5")).then().statusCode(200);

        readPayment(ACME, "SO-5")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("loyaltyTransactionId", equalTo(LTX_ID))
                .body("receipt", hasSize(9))
                .body("attempts", hasSize(1))
                .body("attempts[0].attempt", equalTo(1))
                .body("attempts[0].merchantRef", equalTo(merchantRef("SO-5", 1)))
                .body("attempts[0].smartTransactionId", equalTo(STX_ID))
                .body("attempts[0].status", equalTo("completed"))
                .body("attempts[0].startedAt", not(nullValue()))
                .body("attempts[0].finishedAt", not(nullValue()))
                .body("completedAt", not(nullValue()));
        readPayment(ACME, "SO-404").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void paymentWithoutCardIsRecordedWithoutIdent() {
        String ref = merchantRef("SO-6", 1);
        wm().stubFor(CheckoutFixtures.createStx()
                .willReturn(SecuconnectStubs.json(200, CheckoutFixtures.stxCreated(ref))));
        // secuconnect answers without idents and loyalty transaction when no card was given
        String ok = CheckoutFixtures.withoutCard(CheckoutFixtures.stxOk(ref));
        wm().stubFor(CheckoutFixtures.startCash().willReturn(SecuconnectStubs.json(200, ok)));

        postPayment(ACME, CheckoutFixtures.order("SO-6", ""))
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("loyaltyTransactionId", nullValue())
                .body("card", nullValue())
                .body("reconciliation", equalTo("matched"));
        String create = wm().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(STX_PATH))
                .findFirst()
                .orElseThrow()
                .getRequest()
                .getBodyAsString();
        assertThat(create).doesNotContain("idents");
    }

    @Test
    void bookedAmountDifferentFromTheOrderIsReportedAsMismatch() {
        String ref = merchantRef("SO-7", 1);
        wm().stubFor(CheckoutFixtures.createStx()
                .willReturn(SecuconnectStubs.json(200, CheckoutFixtures.stxCreated(ref))));
        String ok = CheckoutFixtures.stxOk(ref)
                .replace("\"sum\" : 796", "\"sum\" : 700")
                .replace("\"sum\":796", "\"sum\":700");
        wm().stubFor(CheckoutFixtures.startCash().willReturn(SecuconnectStubs.json(200, ok)));

        postPayment(ACME, seedOrder("SO-7"))
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("reconciliation", equalTo("mismatch"))
                .body("reconciliationReason", org.hamcrest.Matchers.containsString("796"));
        assertThat(List.of(Database.string("select reconciliation from cash_payment where order_id = 'SO-7'")))
                .containsExactly("mismatch");
    }
}
