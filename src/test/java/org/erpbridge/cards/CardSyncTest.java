package org.erpbridge.cards;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.erpbridge.carddata.CardVault;
import org.erpbridge.cards.CardStubs.TestCard;
import org.erpbridge.secuconnect.CardNumbers;
import org.erpbridge.secuconnect.SecuconnectClientState;
import org.erpbridge.secuconnect.model.Card;
import org.erpbridge.secuconnect.model.MerchantCard;
import org.erpbridge.testing.LogCapture;
import org.erpbridge.testing.MutableClock;
import org.erpbridge.testing.SecuconnectStubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.erpbridge.cards.CardStubs.CARDS_PATH;
import static org.erpbridge.cards.CardStubs.page;
import static org.erpbridge.cards.CardStubs.pageBody;
import static org.erpbridge.cards.CardStubs.pageRequests;
import static org.erpbridge.cards.CardTestSupport.ACME;
import static org.erpbridge.cards.CardTestSupport.PAGE_SIZE;
import static org.erpbridge.cards.CardTestSupport.balanceEvents;
import static org.erpbridge.cards.CardTestSupport.merchantCard;
import static org.erpbridge.testing.Database.rows;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/** The sync itself: paging, balances, history, events, failures, a crash between pages, payments. */
@QuarkusTest
class CardSyncTest {
    @Inject
    CardVault vault;

    @Inject
    CardSync sync;

    @Inject
    Event<CardObserved> observed;

    @Inject
    ObjectMapper json;

    private final List<TestCard> cards = CardStubs.sevenCards();

    @BeforeEach
    void reset() {
        CardTestSupport.reset();
    }

    private long syncNow() {
        return sync.runScheduled(ACME, Instant.now()).orElseThrow();
    }

    private Map<String, Object> run(long id) {
        return rows("select * from card_sync_run where id = ?", id).get(0);
    }

    private List<JsonNode> events() {
        List<JsonNode> result = new ArrayList<>();
        for (String payload : balanceEvents()) {
            try {
                result.add(json.readTree(payload));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return result;
    }

    /** How many card.balance-changed events each masked number got. */
    private Map<String, Integer> eventsPerCard() {
        Map<String, Integer> counts = new HashMap<>();
        events().forEach(e -> counts.merge(e.at("/data/maskedNumber").asText(), 1, Integer::sum));
        return counts;
    }

    @Test
    void storesEveryCardOfEveryPageAndRidesOutA503() {
        wm().stubFor(page(3, PAGE_SIZE)
                .inScenario("flaky")
                .whenScenarioStateIs(STARTED)
                .willReturn(CardStubs.unavailable())
                .willSetStateTo("recovered"));
        wm().stubFor(page(3, PAGE_SIZE)
                .inScenario("flaky")
                .whenScenarioStateIs("recovered")
                .willReturn(pageBody(cards, 3, PAGE_SIZE)));
        wm().stubFor(page(0, PAGE_SIZE).willReturn(pageBody(cards, 0, PAGE_SIZE)));
        wm().stubFor(page(6, PAGE_SIZE).willReturn(pageBody(cards, 6, PAGE_SIZE)));

        long runId = syncNow();

        Map<String, Object> run = run(runId);
        assertThat(run.get("state")).isEqualTo("completed");
        assertThat(run.get("pages")).isEqualTo(3);
        assertThat(run.get("cards_seen")).isEqualTo(7L);
        assertThat(run.get("cards_changed")).isEqualTo(7L);
        assertThat(run.get("next_offset")).isEqualTo(7);
        assertThat(run.get("running_merchant")).isNull();
        assertThat(pageRequests(3)).isEqualTo(2); // the 503 and its retry
        wm().verify(
                        3 + 1,
                        getRequestedFor(urlPathEqualTo(CARDS_PATH))
                                .withQueryParam("count", equalTo("3"))
                                .withQueryParam("sort", equalTo("id:asc"))
                                .withQueryParam(
                                        "fields",
                                        equalTo("id,card.cardnumber,balance,cash_balance,bonus_balance,points,"
                                                + "lock_status,stock_status,last_usage,last_charge,expiry_date")));

        List<Map<String, Object>> stored =
                rows("select * from card_balance where merchant = 'acme' order by card_masked");
        assertThat(stored).hasSize(7);
        for (int i = 0; i < 7; i++) {
            TestCard expected = cards.get(i);
            Map<String, Object> row = stored.get(i);
            assertThat(row.get("card_number")).isNull();
            assertThat(row.get("card_hash")).isEqualTo(vault.lookupHash(expected.number()));
            assertThat(row.get("card_masked")).isEqualTo(CardNumbers.mask(expected.number()));
            assertThat(vault.open((String) row.get("card_sealed"))).isEqualTo(expected.number());
            assertThat(row.get("merchant_card_id")).isEqualTo(expected.id());
            assertThat(row.get("balance")).isEqualTo(expected.balance());
            assertThat(row.get("cash_balance")).isEqualTo(expected.cash());
            assertThat(row.get("bonus_balance")).isEqualTo(expected.bonus());
            assertThat(row.get("points")).isEqualTo(expected.points());
            assertThat(row.get("lock_status")).isEqualTo(expected.lock());
            assertThat(row.get("stock_status")).isEqualTo(expected.stock());
            assertThat(row.get("present")).isEqualTo(true);
            assertThat(row.get("seen_in_run")).isEqualTo(runId);
            assertThat(((java.sql.Timestamp) row.get("last_usage")).toInstant())
                    .isEqualTo(
                            java.time.OffsetDateTime.parse(expected.lastUsage()).toInstant());
        }
        assertThat(rows("select * from card_balance_history where change_kind = 'new' and source = 'sync'"))
                .hasSize(7);

        List<JsonNode> events = events();
        assertThat(events).hasSize(7);
        JsonNode first = events.stream()
                .filter(e -> e.at("/data/maskedNumber").asText().equals("************0011"))
                .findFirst()
                .orElseThrow();
        assertThat(first.get("type").asText()).isEqualTo("card.balance-changed");
        assertThat(first.get("merchant").asText()).isEqualTo(ACME);
        assertThat(first.at("/data/previous").isNull()).isTrue();
        assertThat(first.at("/data/current/balance").asLong()).isEqualTo(110);
        assertThat(first.at("/data/current/cashBalance").asLong()).isEqualTo(100);
        assertThat(first.at("/data/current/bonusBalance").asLong()).isEqualTo(10);
        assertThat(first.at("/data/currency").asText()).isEqualTo("EUR");
        assertThat(first.at("/data/source").asText()).isEqualTo("sync");
        assertThat(first.at("/data/syncedAt").asText()).isNotBlank();
        assertThat(balanceEvents()).noneMatch(p -> cards.stream().anyMatch(c -> p.contains(c.number())));
    }

    @Test
    void onlyRealChangesProduceHistoryAndEventsAndMissingCardsAreKept() {
        CardStubs.stubPages(cards, PAGE_SIZE);
        syncNow();
        assertThat(events()).hasSize(7);

        long quiet = syncNow();
        assertThat(run(quiet).get("cards_changed")).isEqualTo(0L);
        assertThat(events()).as("a second sync without changes emits nothing").hasSize(7);
        assertThat(rows("select * from card_balance_history")).hasSize(7);

        // card 2 was charged, card 5 got locked, card 4 was only used (no value change), card 7 is gone
        List<TestCard> next = new ArrayList<>(cards);
        next.set(1, cards.get(1).withCash(999));
        next.set(4, cards.get(4).withLock("locked"));
        next.set(3, cards.get(3).withLastUsage("2026-11-20T08:00:00+01:00"));
        next.remove(6);
        wm().resetMappings();
        SecuconnectStubs.stubTokens();
        CardStubs.stubPages(next, PAGE_SIZE);

        long changing = syncNow();
        Map<String, Object> run = run(changing);
        assertThat(run.get("cards_seen")).isEqualTo(6L);
        assertThat(run.get("cards_changed")).isEqualTo(2L);
        assertThat(run.get("cards_missing")).isEqualTo(1L);

        List<Map<String, Object>> history = rows(
                "select h.*, c.card_masked from card_balance_history h "
                        + "join card_balance c on c.id = h.card_id where h.run_id = ? order by c.card_masked",
                changing);
        assertThat(history)
                .extracting(h -> h.get("card_masked") + ":" + h.get("change_kind"))
                .containsExactly("************0022:changed", "************0055:changed", "************0077:missing");
        assertThat(history.get(0).get("old_cash_balance")).isEqualTo(200L);
        assertThat(history.get(0).get("new_cash_balance")).isEqualTo(999L);
        assertThat(history.get(0).get("old_balance")).isEqualTo(220L);
        assertThat(history.get(0).get("new_balance")).isEqualTo(1019L);
        assertThat(history.get(1).get("old_lock_status")).isEqualTo("unlocked");
        assertThat(history.get(1).get("new_lock_status")).isEqualTo("locked");
        assertThat(history.get(2).get("old_present")).isEqualTo(true);
        assertThat(history.get(2).get("new_present")).isEqualTo(false);

        Map<String, Object> gone = rows(
                        "select * from card_balance where card_hash = ?", vault.lookupHash("9276004429940077"))
                .get(0);
        assertThat(gone.get("present"))
                .as("missing cards are flagged, not deleted")
                .isEqualTo(false);
        assertThat(gone.get("balance")).isEqualTo(770L);
        Map<String, Object> used = rows(
                        "select * from card_balance where card_hash = ?", vault.lookupHash("9276004429940044"))
                .get(0);
        assertThat(((java.sql.Timestamp) used.get("last_usage")).toInstant())
                .isEqualTo(Instant.parse("2026-11-20T07:00:00Z"));

        List<JsonNode> events = events();
        assertThat(events).hasSize(9);
        JsonNode charged = events.stream()
                .filter(e -> e.at("/data/maskedNumber").asText().equals("************0022")
                        && !e.at("/data/previous").isNull())
                .findFirst()
                .orElseThrow();
        assertThat(charged.at("/data/previous/cashBalance").asLong()).isEqualTo(200);
        assertThat(charged.at("/data/current/cashBalance").asLong()).isEqualTo(999);
        assertThat(charged.at("/data/current/balance").asLong()).isEqualTo(1019);
        assertThat(charged.at("/data/syncRunId").asLong()).isEqualTo(changing);

        syncNow();
        assertThat(events()).as("nothing changed since").hasSize(9);
        assertThat(rows("select * from card_balance_history")).hasSize(10);
    }

    @Test
    void aPageFailingBeyondTheClientsRetriesIsRetriedByTheSync() {
        CardStubs.stubPages(cards, PAGE_SIZE);
        // three unreadable answers exhaust the client's own attempts (1 + 2 retries); the sync asks again
        wm().stubFor(page(3, PAGE_SIZE)
                .inScenario("broken")
                .whenScenarioStateIs(STARTED)
                .willReturn(SecuconnectStubs.json(200, "{\"count\": 7, \"data\": ["))
                .willSetStateTo("still broken"));
        wm().stubFor(page(3, PAGE_SIZE)
                .inScenario("broken")
                .whenScenarioStateIs("still broken")
                .willReturn(SecuconnectStubs.json(200, "not json"))
                .willSetStateTo("broken again"));
        wm().stubFor(page(3, PAGE_SIZE)
                .inScenario("broken")
                .whenScenarioStateIs("broken again")
                .willReturn(SecuconnectStubs.json(200, "{"))
                .willSetStateTo("fixed"));
        wm().stubFor(page(3, PAGE_SIZE)
                .inScenario("broken")
                .whenScenarioStateIs("fixed")
                .willReturn(pageBody(cards, 3, PAGE_SIZE)));

        long runId = syncNow();

        assertThat(run(runId).get("state")).isEqualTo("completed");
        assertThat(pageRequests(3)).isEqualTo(4);
        assertThat(rows("select * from card_balance")).hasSize(7);
    }

    @Test
    void aRunKilledBetweenPagesIsTakenOverAfterItsLeaseAndEachChangeIsPublishedOnce() {
        MutableClock clock = MutableClock.install();
        CardStubs.stubPages(cards, PAGE_SIZE);
        SimulatedCrash.arm(1);

        assertThatThrownBy(this::syncNow).isInstanceOf(SimulatedCrash.ProcessKilled.class);

        Map<String, Object> left = rows("select * from card_sync_run").get(0);
        long runId = (Long) left.get("id");
        assertThat(left.get("state")).isEqualTo("running");
        assertThat(left.get("next_offset")).isEqualTo(3);
        assertThat(left.get("pages")).isEqualTo(1);
        assertThat(eventsPerCard()).hasSize(3);

        assertThat(sync.runScheduled(ACME, Instant.now()))
                .as("the lease is still alive")
                .isEmpty();
        assertThat(rows("select * from card_sync_run")).hasSize(1);

        clock.advance(Duration.ofSeconds(31)); // test lease: 30 s
        assertThat(sync.runScheduled(ACME, Instant.now())).contains(runId);

        Map<String, Object> resumed = run(runId);
        assertThat(resumed.get("state")).isEqualTo("completed");
        assertThat(resumed.get("takeovers")).isEqualTo(1);
        assertThat(resumed.get("pages")).isEqualTo(3);
        assertThat(resumed.get("cards_seen")).isEqualTo(7L);
        assertThat(resumed.get("cards_missing")).isEqualTo(0L);
        assertThat(pageRequests(0)).as("the committed page is not read again").isEqualTo(1);
        assertThat(rows("select * from card_balance where present")).hasSize(7);
        assertThat(eventsPerCard())
                .hasSize(7)
                .allSatisfy((card, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void aFailedRunIsRecordedAndTheNextRunCompletesWithoutRepeatingEvents() {
        wm().stubFor(page(0, PAGE_SIZE).willReturn(pageBody(cards, 0, PAGE_SIZE)));
        wm().stubFor(page(3, PAGE_SIZE).willReturn(CardStubs.unavailable()));

        long failed = syncNow();

        Map<String, Object> run = run(failed);
        assertThat(run.get("state")).isEqualTo("failed");
        assertThat((String) run.get("error")).contains("503");
        assertThat(run.get("running_merchant")).isNull();
        assertThat(run.get("cards_missing")).isEqualTo(0L);
        assertThat(eventsPerCard()).hasSize(3);

        SecuconnectClientState.reset(ACME);
        CardStubs.stubPages(cards, PAGE_SIZE);
        long next = syncNow();

        assertThat(run(next).get("state")).isEqualTo("completed");
        assertThat(run(next).get("cards_changed"))
                .as("page 1 was stored by the failed run")
                .isEqualTo(4L);
        assertThat(eventsPerCard())
                .hasSize(7)
                .allSatisfy((card, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void aPaymentUpdatesTheBalanceAtOnceAndAnOlderPageDoesNotUndoIt() {
        CardStubs.stubPages(cards, PAGE_SIZE);
        syncNow();
        TestCard card = cards.get(0);
        Instant paidAt = Instant.now().plusSeconds(5);

        QuarkusTransaction.requiringNew()
                .run(() -> observed.fire(new CardObserved(ACME, merchantCard(card, 555, 60), paidAt)));

        Map<String, Object> row = rows(
                        "select * from card_balance where card_hash = ?", vault.lookupHash(card.number()))
                .get(0);
        assertThat(row.get("cash_balance")).isEqualTo(555L);
        assertThat(row.get("balance")).isEqualTo(615L);
        Map<String, Object> history = rows("select * from card_balance_history where source = 'payment'")
                .get(0);
        assertThat(history.get("old_balance")).isEqualTo(110L);
        assertThat(history.get("new_balance")).isEqualTo(615L);
        assertThat(history.get("event_id")).isNotNull();
        JsonNode event = events().stream()
                .filter(e -> e.at("/data/source").asText().equals("payment"))
                .findFirst()
                .orElseThrow();
        assertThat(event.at("/data/maskedNumber").asText()).isEqualTo("************0011");
        assertThat(event.at("/data/current/balance").asLong()).isEqualTo(615);

        // the same answer again (a replayed observation) changes nothing
        QuarkusTransaction.requiringNew()
                .run(() -> observed.fire(new CardObserved(ACME, merchantCard(card, 555, 60), paidAt)));
        assertThat(events()).hasSize(8);

        // a sync whose page was read before the payment keeps the payment's balance
        syncNow();
        assertThat(rows("select cash_balance from card_balance where card_hash = ?", vault.lookupHash(card.number()))
                        .get(0)
                        .get("cash_balance"))
                .isEqualTo(555L);
        assertThat(events()).hasSize(8);
    }

    @Test
    void aFailingObservationNeverBreaksThePaymentsTransaction() {
        MerchantCard unusable = new MerchantCard(
                "loyalty.merchantcards",
                "MCD_X",
                new Card(null, null, "1".repeat(40), null),
                null,
                null,
                1L,
                1L,
                0L,
                0L,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        Optional<Boolean> committed =
                Optional.of(QuarkusTransaction.requiringNew().call(() -> {
                    observed.fire(new CardObserved(ACME, unusable, Instant.now()));
                    return true;
                }));
        assertThat(committed).contains(true);
        assertThat(rows("select * from card_balance")).isEmpty();
    }

    @Test
    void logsNeverCarryAFullCardNumber() {
        try (LogCapture logs = LogCapture.install()) {
            CardStubs.stubPages(cards, PAGE_SIZE);
            syncNow();
            wm().resetMappings();
            SecuconnectStubs.stubTokens();
            wm().stubFor(
                            page(0, PAGE_SIZE)
                                    .willReturn(
                                            SecuconnectStubs.json(
                                                    400,
                                                    "{\"status\":\"error\",\"error\":"
                                                            + "\"ProductNotAllowedException\",\"error_details\":\"card 9276004429940011 rejected\",\"code\":1016}")));
            syncNow();
            QuarkusTransaction.requiringNew()
                    .run(() -> observed.fire(new CardObserved(
                            ACME,
                            merchantCard(cards.get(2), 1, 2),
                            Instant.now().plusSeconds(1))));

            List<String> lines = logs.lines();
            assertThat(lines).anyMatch(l -> l.contains("************0011"));
            assertThat(lines).anyMatch(l -> l.contains("************0033"));
            for (TestCard card : cards) {
                assertThat(lines).noneMatch(l -> l.contains(card.number()));
            }
            assertThat(rows("select error from card_sync_run where state = 'failed'")
                            .get(0)
                            .get("error")
                            .toString())
                    .doesNotContain("9276004429940011");
        }
    }
}
