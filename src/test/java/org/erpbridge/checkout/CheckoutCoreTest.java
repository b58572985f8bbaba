package org.erpbridge.checkout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.erpbridge.carddata.TestCardKeys;
import org.erpbridge.common.LogContext;
import org.erpbridge.outbox.EventOutbox;
import org.erpbridge.secuconnect.SecuconnectClientState;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.PrometheusScrape;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.erpbridge.checkout.CheckoutFixtures.count;
import static org.erpbridge.checkout.CheckoutFixtures.creates;
import static org.erpbridge.checkout.CheckoutFixtures.merchantRef;
import static org.erpbridge.checkout.CheckoutFixtures.postPayment;
import static org.erpbridge.checkout.CheckoutFixtures.seedOrder;
import static org.erpbridge.checkout.CheckoutFixtures.starts;
import static org.erpbridge.checkout.CheckoutFixtures.state;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.STX_ID;
import static org.erpbridge.testing.SecuconnectStubs.STX_PATH;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.wm;
import static org.hamcrest.Matchers.equalToIgnoringCase;

/**
 * The state machine's guarantees: fenced transitions, refusals read before they are believed, refused or lost creates
 * that complete once secuconnect answers again, and a review the ERP hears about.
 */
@QuarkusTest
class CheckoutCoreTest extends CheckoutTestBase {

    @Test
    void aWorkerWhosePaymentRecoveryClaimedCanWriteNothingMore() {
        CashPayment mine = received("SO-F1");
        long seen = mine.version;

        List<CashPayment> claimed = store.claim(ACME, mine.leaseUntil.plusSeconds(1), 10);
        assertThat(claimed).extracting(p -> p.orderId).containsExactly("SO-F1");
        assertThat(claimed.get(0).version).as("a claim is a new version").isEqualTo(seen + 1);

        assertThat(lifecycle.move(mine, PaymentState.CREATE_PENDING, x -> {}))
                .as("stale version")
                .isNull();
        assertThat(state("SO-F1")).isEqualTo("RECEIVED");
        assertThat(lifecycle.move(claimed.get(0), PaymentState.CREATE_PENDING, x -> {}))
                .isNotNull();
        assertThat(state("SO-F1")).isEqualTo("CREATE_PENDING");
    }

    @Test
    void anUndeclaredTransitionIsRefused() {
        CashPayment p = received("SO-F2");

        assertThatThrownBy(() -> lifecycle.move(p, PaymentState.COMPLETED, x -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("undeclared transition RECEIVED -> COMPLETED");
        assertThat(state("SO-F2")).isEqualTo("RECEIVED");
    }

    @Test
    void aRefusedStartIsReadBeforeItIsBelievedAndABookedOneCompletes() {
        String ref = merchantRef("SO-F3", 1);
        wm().stubFor(CheckoutFixtures.createStx().willReturn(json(200, CheckoutFixtures.stxCreated(ref))));
        wm().stubFor(CheckoutFixtures.startCash().willReturn(json(400, """
                {"status": "error", "error": "ProductInternalException", "error_details": "already started", "code": 1002}""")));
        wm().stubFor(CheckoutFixtures.readStx().willReturn(json(200, CheckoutFixtures.stxOk(ref))));

        postPayment(ACME, seedOrder("SO-F3")).then().statusCode(200).body("status", equalToIgnoringCase("completed"));
        // a resend finds the booked payment: no new Smart Transaction
        postPayment(ACME, seedOrder("SO-F3")).then().statusCode(200);

        assertThat(state("SO-F3")).isEqualTo("COMPLETED");
        assertThat(creates()).isEqualTo(1);
        assertThat(starts()).isEqualTo(1);
        assertThat(count(getRequestedFor(urlEqualTo(STX_PATH + "/" + STX_ID)))).isEqualTo(1);
    }

    @Test
    void aCreateAnswered503OnceIsLookedUpAndSentAgainWithOneStartedTransaction() {
        String ref = merchantRef("SO-F4", 1);
        wm().stubFor(CheckoutFixtures.createStx()
                .inScenario("create")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("healthy"));
        wm().stubFor(CheckoutFixtures.createStx()
                .inScenario("create")
                .whenScenarioStateIs("healthy")
                .willReturn(json(200, CheckoutFixtures.stxCreated(ref))));
        wm().stubFor(CheckoutFixtures.listStx().willReturn(json(200, CheckoutFixtures.list())));
        wm().stubFor(CheckoutFixtures.startCash().willReturn(json(200, CheckoutFixtures.stxOk(ref))));

        postPayment(ACME, seedOrder("SO-F4")).then().statusCode(200);

        assertThat(state("SO-F4")).isEqualTo("COMPLETED");
        assertThat(count(postRequestedFor(urlEqualTo(STX_PATH))
                        .withRequestBody(matchingJsonPath("$.merchantRef", equalTo(ref)))))
                .as("sent again with the same merchantRef")
                .isEqualTo(2);
        assertThat(count(getRequestedFor(urlPathEqualTo(STX_PATH))))
                .as("looked up before sending again")
                .isEqualTo(1);
        assertThat(starts()).isEqualTo(1);
    }

    @Test
    void aCreateAnswered429WaitsForRetryAfterAndIsSentAgain() {
        String ref = merchantRef("SO-F5", 1);
        wm().stubFor(CheckoutFixtures.createStx()
                .inScenario("limit")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("open"));
        wm().stubFor(CheckoutFixtures.createStx()
                .inScenario("limit")
                .whenScenarioStateIs("open")
                .willReturn(json(200, CheckoutFixtures.stxCreated(ref))));
        wm().stubFor(CheckoutFixtures.startCash().willReturn(json(200, CheckoutFixtures.stxOk(ref))));

        postPayment(ACME, seedOrder("SO-F5")).then().statusCode(200);

        assertThat(state("SO-F5")).isEqualTo("COMPLETED");
        List<Date> createdAt = wm().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(STX_PATH)
                        && e.getRequest().getMethod().getName().equals("POST"))
                .map(ServeEvent::getRequest)
                .map(r -> r.getLoggedDate())
                .sorted()
                .toList();
        assertThat(createdAt).hasSize(2);
        assertThat(Duration.ofMillis(
                        createdAt.get(1).getTime() - createdAt.get(0).getTime()))
                .as("Retry-After honoured")
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(count(getRequestedFor(urlPathEqualTo(STX_PATH))))
                .as("a 429 was not executed: no lookup")
                .isZero();
        assertThat(starts()).isEqualTo(1);
    }

    @Test
    void aReviewIsAnnouncedToTheErpAndCounted() {
        CashPayment p = received("SO-F6");
        PrometheusScrape before = PrometheusScrape.now();

        assertThat(lifecycle.review(p, "test: operator needed")).isNotNull();

        assertThat(CheckoutFixtures.outboxEvents(EventOutbox.CASH_PAYMENT_REVIEW))
                .isEqualTo(1);
        assertThat(Database.string("select payload from outbox_event where type = 'cash-payment.review'"))
                .contains("\"orderId\":\"SO-F6\"")
                .contains("\"status\":\"review\"")
                .contains("test: operator needed");
        assertThat(PrometheusScrape.now()
                        .increaseSince(before, "bridge_payments_total{merchant=\"acme\",outcome=\"review\"}"))
                .isEqualTo(1.0);
    }

    @Test
    void aPaymentRefusedByTheOpenBreakerIsDueAgainWhenTheBreakerLetsTrialsThrough() {
        CashPayment p = received("SO-F7");
        SecuconnectClientState.openBreaker(ACME);

        try (LogContext.Scope scope = LogContext.scope()) { // as on a worker: the test thread's log context stays clean
            lifecycle.drive(p);
        }

        assertThat(state("SO-F7")).isEqualTo("RECEIVED");
        assertThat(creates()).as("not sent").isZero();
        Duration due = Duration.between(Instant.now(), store.find(ACME, "SO-F7").orElseThrow().leaseUntil);
        // the test breaker lets trials through after 2 s; the usual lease (recovery-grace) would be 30 s
        assertThat(due).isLessThanOrEqualTo(Duration.ofSeconds(2)).isGreaterThan(Duration.ofSeconds(-1));
    }

    @Test
    void aKnownCardsNewBalancesAreWrittenWithTheirHistoryAndEventInTheCompletingTransaction() {
        Database.execute("insert into card_balance (id, merchant, card_hash, card_masked, balance, cash_balance, "
                + "bonus_balance, points, present, synced_at, changed_at) values (999999, 'acme', '"
                + TestCardKeys.vault().lookupHash(CheckoutFixtures.CARD) + "', '" + CheckoutFixtures.MASKED_CARD
                + "', 0, 0, 0, 0, true, timestamp with time zone '2026-01-01 00:00:00+00', "
                + "timestamp with time zone '2026-01-01 00:00:00+00')");
        String ref = merchantRef("SO-F8", 1);
        wm().stubFor(CheckoutFixtures.createStx().willReturn(json(200, CheckoutFixtures.stxCreated(ref))));
        wm().stubFor(CheckoutFixtures.startCash().willReturn(json(200, CheckoutFixtures.stxOk(ref))));

        postPayment(ACME, seedOrder("SO-F8")).then().statusCode(200);

        assertThat(Database.string("select balance from card_balance where id = 999999"))
                .isNotEqualTo("0");
        assertThat(Database.string("select source || ' ' || change_kind || ' ' || old_balance || ' '"
                        + " || (event_id is not null) from card_balance_history where card_id = 999999"))
                .isEqualTo("payment changed 0 true");
        assertThat(CheckoutFixtures.outboxEvents(EventOutbox.CARD_BALANCE_CHANGED))
                .isEqualTo(1);
    }

    private CashPayment received(String orderId) {
        ValidatedPayment payment = validator.validate(
                merchants.get(ACME), reader.read(seedOrder(orderId).getBytes(StandardCharsets.UTF_8)));
        return store.insert(ACME, payment, PaymentState.RECEIVED).orElseThrow();
    }
}
