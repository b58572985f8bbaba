package org.erpbridge.cards;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.erpbridge.cards.CardStubs.TestCard;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.ErpRequests;
import org.erpbridge.testing.SecuconnectStubs;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.erpbridge.cards.CardStubs.page;
import static org.erpbridge.cards.CardStubs.pageBody;
import static org.erpbridge.cards.CardTestSupport.ACME;
import static org.erpbridge.cards.CardTestSupport.PAGE_SIZE;
import static org.erpbridge.testing.SecuconnectStubs.wm;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** The ERP-facing card API: lookups, changed-card paging, manual sync and its status resource. */
@QuarkusTest
class CardApiTest {
    @Inject
    CardSync sync;

    private final List<TestCard> cards = CardStubs.sevenCards();

    @BeforeEach
    void reset() {
        CardTestSupport.reset();
    }

    private void syncNow() {
        sync.runScheduled(ACME, Instant.now()).orElseThrow();
    }

    @Test
    void aCardIsAnsweredWithMaskedNumberAndBalances() {
        CardStubs.stubPages(cards, PAGE_SIZE);
        syncNow();

        Response answer = ErpRequests.as(ACME).request().when().get(ErpRequests.path(ACME, "/cards/9276004429940022"));

        answer.then()
                .statusCode(200)
                .body("maskedNumber", equalTo("************0022"))
                .body("merchantCardId", equalTo("MCD_TEST2"))
                .body("currency", equalTo("EUR"))
                .body("balance", equalTo(220))
                .body("cashBalance", equalTo(200))
                .body("bonusBalance", equalTo(20))
                .body("points", equalTo(2))
                .body("lockStatus", equalTo("unlocked"))
                .body("stockStatus", equalTo("active"))
                .body("lastUsage", equalTo("2026-11-02T09:00:00Z"))
                .body("present", equalTo(true));
        assertThat(answer.jsonPath().getString("syncedAt")).isNotBlank();
        assertThat(answer.asString()).doesNotContain("9276004429940022");
    }

    @Test
    void unknownOtherMerchantsAndMalformedCardNumbersAreRefused() {
        CardStubs.stubPages(cards, PAGE_SIZE);
        syncNow();

        ErpRequests.as(ACME)
                .request()
                .when()
                .get(ErpRequests.path(ACME, "/cards/9276004429949999"))
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:erpbridge:problem:not-found"))
                .body(
                        "detail",
                        equalTo("No balances known for card ************9999 (not yet synced or not this merchant's)"));
        ErpRequests.as("bravo")
                .request()
                .when()
                .get(ErpRequests.path("bravo", "/cards/9276004429940022"))
                .then()
                .statusCode(404);
        ErpRequests.as("bravo")
                .request()
                .when()
                .get(ErpRequests.path(ACME, "/cards/9276004429940022"))
                .then()
                .statusCode(401);
        ErpRequests.as(ACME)
                .request()
                .when()
                .get(ErpRequests.path(ACME, "/cards/92760044x"))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("cardNumber"));
    }

    @Test
    void changedCardsArePagedWithAStableCursor() throws InterruptedException {
        CardStubs.stubPages(cards, PAGE_SIZE);
        syncNow();

        JsonPath first = changed("?limit=3");
        assertThat(first.getList("items.maskedNumber", String.class))
                .containsExactly("************0011", "************0022", "************0033");
        String cursor = first.getString("nextCursor");
        assertThat(cursor).isNotBlank();

        // card 2 changes while the ERP pages: it moves behind the cursor and is seen again at the end, nothing is
        // skipped
        Thread.sleep(5);
        List<TestCard> next = new ArrayList<>(cards);
        next.set(1, cards.get(1).withCash(5));
        wm().resetMappings();
        SecuconnectStubs.stubTokens();
        CardStubs.stubPages(next, PAGE_SIZE);
        syncNow();

        List<String> seen = new ArrayList<>(first.getList("items.maskedNumber", String.class));
        while (cursor != null) {
            JsonPath more = changed("?limit=3&cursor=" + cursor);
            seen.addAll(more.getList("items.maskedNumber", String.class));
            cursor = more.getString("nextCursor");
        }
        assertThat(seen)
                .containsExactly(
                        "************0011",
                        "************0022",
                        "************0033",
                        "************0044",
                        "************0055",
                        "************0066",
                        "************0077",
                        "************0022");
        assertThat(String.join(",", seen)).doesNotContain("9276");
    }

    @Test
    void changedSinceReturnsOnlyLaterChanges() throws InterruptedException {
        CardStubs.stubPages(cards, PAGE_SIZE);
        syncNow();
        Thread.sleep(5);
        Instant mark = Instant.now();
        Thread.sleep(5);
        List<TestCard> next = new ArrayList<>(cards);
        next.set(2, cards.get(2).withLock("locked"));
        next.set(5, cards.get(5).withCash(1));
        wm().resetMappings();
        SecuconnectStubs.stubTokens();
        CardStubs.stubPages(next, PAGE_SIZE);
        syncNow();

        JsonPath changed = changed("?changedSince=" + mark);
        assertThat(changed.getList("items.maskedNumber", String.class))
                .containsExactly("************0033", "************0066");
        assertThat(changed.getString("items[0].lockStatus")).isEqualTo("locked");
        assertThat(changed.getInt("items[1].cashBalance")).isEqualTo(1);
        assertThat(changed.getString("nextCursor")).isNull();
    }

    @Test
    void badPagingParametersAreProblems() {
        for (String query : List.of(
                "?changedSince=yesterday",
                "?changedSince=2026-11-23",
                "?limit=0",
                "?limit=1001",
                "?limit=ten",
                "?cursor=not-a-cursor")) {
            String field = query.substring(1, query.indexOf('='));
            ErpRequests.as(ACME)
                    .request()
                    .when()
                    .get(ErpRequests.path(ACME, "/cards" + query))
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo(field));
        }
        ErpRequests.as(ACME)
                .request()
                .queryParam("changedSince", "2026-11-23T10:00:00+01:00")
                .when()
                .get(ErpRequests.path(ACME, "/cards"))
                .then()
                .statusCode(200)
                .body("items", hasSize(0))
                .body("nextCursor", nullValue());
    }

    @Test
    void aManualSyncRunsInTheBackgroundIsNotStartedTwiceAndReportsProgress() {
        CardStubs.stubPages(cards, PAGE_SIZE);
        wm().stubFor(page(3, PAGE_SIZE).willReturn(pageBody(cards, 3, PAGE_SIZE).withFixedDelay(1500)));

        Response started = ErpRequests.as(ACME).json("").when().post(ErpRequests.path(ACME, "/card-sync"));
        started.then().statusCode(202).body("state", equalTo("running")).body("trigger", equalTo("manual"));
        long id = started.jsonPath().getLong("id");
        String location = started.header("Location");
        assertThat(location).endsWith("/api/v1/merchants/acme/card-sync/" + id);

        ErpRequests.as(ACME)
                .json("")
                .when()
                .post(ErpRequests.path(ACME, "/card-sync"))
                .then()
                .statusCode(202)
                .header("Location", equalTo(location))
                .body("id", equalTo((int) id));

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> ErpRequests.as(ACME)
                        .request()
                        .when()
                        .get(location)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("completed")));
        ErpRequests.as(ACME)
                .request()
                .when()
                .get(location)
                .then()
                .body("pages", equalTo(3))
                .body("cardsSeen", equalTo(7))
                .body("cardsChanged", equalTo(7))
                .body("cardsMissing", equalTo(0))
                .body("totalCards", equalTo(7))
                .body("error", nullValue());
        assertThat(Database.rows("select * from card_sync_run")).hasSize(1);

        ErpRequests.as(ACME)
                .request()
                .when()
                .get(ErpRequests.path(ACME, "/card-sync"))
                .then()
                .statusCode(200)
                .body("items[0].id", equalTo((int) id));
        ErpRequests.as(ACME)
                .request()
                .when()
                .get(ErpRequests.path(ACME, "/card-sync/" + (id + 1000)))
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        ErpRequests.as(ACME)
                .request()
                .when()
                .get(ErpRequests.path(ACME, "/card-sync/latest"))
                .then()
                .statusCode(404);
        ErpRequests.as("bravo")
                .request()
                .when()
                .get(ErpRequests.path("bravo", "/card-sync/" + id))
                .then()
                .statusCode(404);
        ErpRequests.as(ACME)
                .withoutBearer()
                .json("")
                .when()
                .post(ErpRequests.path(ACME, "/card-sync"))
                .then()
                .statusCode(401);
    }

    @Test
    void aRunningSyncSeenThroughTheApiShowsItsProgress() {
        CardStubs.stubPages(cards, PAGE_SIZE);
        wm().stubFor(page(6, PAGE_SIZE).willReturn(pageBody(cards, 6, PAGE_SIZE).withFixedDelay(1200)));

        String location = ErpRequests.as(ACME)
                .json("")
                .when()
                .post(ErpRequests.path(ACME, "/card-sync"))
                .then()
                .statusCode(202)
                .extract()
                .header("Location");

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> ErpRequests.as(ACME)
                        .request()
                        .when()
                        .get(location)
                        .then()
                        .body("state", equalTo("running"))
                        .body("pages", equalTo(2))
                        .body("cardsSeen", equalTo(6)));
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> ErpRequests.as(ACME)
                        .request()
                        .when()
                        .get(location)
                        .then()
                        .body("state", equalTo("completed")));
    }

    private static JsonPath changed(String query) {
        return ErpRequests.as(ACME)
                .request()
                .when()
                .get(ErpRequests.path(ACME, "/cards" + query))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
