package org.erpbridge.dashboard;

import java.net.URL;
import java.time.LocalDate;
import java.util.List;

import org.erpbridge.reconciliation.ReconciliationFixtures;
import org.erpbridge.reconciliation.ReconciliationFixtures.Payment;
import org.erpbridge.reconciliation.ReconciliationFixtures.Stx;
import org.erpbridge.testing.CleanSlate;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.ErpRequests;
import org.erpbridge.testing.SecuconnectStubs;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.reconciliation.ReconciliationFixtures.BERLIN;
import static org.erpbridge.reconciliation.ReconciliationFixtures.at;
import static org.erpbridge.reconciliation.ReconciliationFixtures.instant;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The operator dashboard: who may open it, and what a real browser (headless Chromium) shows for a day with a
 * matched, a mismatched, two pending and an orphaned item.
 */
@QuarkusTest
class DashboardTest {
    static final LocalDate TODAY = LocalDate.now(BERLIN);
    static final String OPERATOR = "ops";
    static final String PASSWORD = "ops-password-for-tests";
    static final String HOSTILE_ORDER = "<script>document.title='owned'</script>";

    @TestHTTPResource("/dashboard/acme")
    URL dashboard;

    @BeforeEach
    void setUp() {
        CleanSlate.reset();
        Payment.order("SO-D1", 796, instant(TODAY, "09:18:14"))
                .withCard()
                .booked("STX_D1", "ok", "LTX_D1")
                .insert();
        Payment.order("SO-D2", 500, instant(TODAY, "09:40:00"))
                .booked("STX_D2", "ok", null)
                .insert();
        Payment.order("SO-D3", 300, instant(TODAY, "11:05:00"))
                .state("START_PENDING")
                .booked("STX_D3", "created", null)
                .insert();
        Payment.order(HOSTILE_ORDER, 1234, instant(TODAY, "14:10:00"))
                .state("RECEIVED")
                .insert();
        ReconciliationFixtures.stubList(
                "",
                TODAY,
                TODAY,
                List.of(
                        new Stx("STX_D1", "ok", 796, "EUR", at(TODAY, "09:18:15"), "erpb-ref-SO-D1", "SO-D1", "LTX_D1"),
                        new Stx("STX_D2", "ok", 450, "EUR", at(TODAY, "09:40:01"), "erpb-ref-SO-D2", "SO-D2", null),
                        new Stx(
                                "STX_D3",
                                "created",
                                300,
                                "EUR",
                                at(TODAY, "11:05:01"),
                                "erpb-ref-SO-D3",
                                "SO-D3",
                                null),
                        new Stx("STX_D9", "ok", 999, "EUR", at(TODAY, "12:00:00"), "foreign", "ZZ-9", null)));
    }

    @Test
    void withoutCredentialsTheDashboardIsRefusedWithAChallenge() {
        Response refused = given().when().get("/dashboard/acme");
        refused.then()
                .statusCode(401)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"));
        assertThat(refused.headers().getValues("WWW-Authenticate"))
                .containsExactly(
                        "Basic realm=\"secuconnect ERP bridge dashboard\", charset=\"UTF-8\"",
                        "Bearer realm=\"secuconnect ERP bridge dashboard\"");
        assertThat(refused.asString()).doesNotContain("SO-D1");

        given().auth()
                .preemptive()
                .basic(OPERATOR, "wrong-password-123")
                .when()
                .get("/dashboard/acme")
                .then()
                .statusCode(401);
        given().auth()
                .preemptive()
                .basic("nobody", PASSWORD)
                .when()
                .get("/dashboard/acme")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer bravo-erp-api-key-0123456789")
                .when()
                .get("/dashboard/acme")
                .then()
                .statusCode(401);
        given().header("Authorization", "Basic !!!")
                .when()
                .get("/dashboard/acme")
                .then()
                .statusCode(401);
        // an operator limited to bravo, and an unknown merchant
        given().auth()
                .preemptive()
                .basic("bravo-desk", "bravo-desk-password-for-tests")
                .when()
                .get("/dashboard/acme")
                .then()
                .statusCode(403);
        given().auth()
                .preemptive()
                .basic(OPERATOR, PASSWORD)
                .when()
                .get("/dashboard/nosuch")
                .then()
                .statusCode(404);
    }

    @Test
    void theMerchantsErpKeyOpensItsOwnDashboard() {
        given().header("Authorization", "Bearer acme-erp-api-key-0123456789")
                .when()
                .get("/dashboard/acme")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", equalTo("no-store"))
                .body(containsString("id=\"erp-total\""));
    }

    @Test
    void headlessChromiumShowsTheNumbersOfTheDay() throws Exception {
        // the daily run for today stores the two differences and queues one event each (outbox backlog 2)
        ErpRequests.as(ACME)
                .emptyBody()
                .queryParam("date", TODAY.toString())
                .when()
                .post(ErpRequests.path(ACME, "/reconciliation/runs"))
                .then()
                .statusCode(200);
        // a card sync in progress: 250 of secuconnect's 1000 cards seen after 3 pages
        Database.count(
                "insert into card_sync_run (merchant, trigger_kind, state, running_merchant, next_offset, pages,"
                        + " cards_seen, cards_changed, cards_missing, total_reported, takeovers, started_at, heartbeat_at)"
                        + " values ('acme', 'schedule', 'running', 'acme', 250, 3, 250, 7, 0, 1000, 0, now(), now()) returning id");

        String url = dashboard.toString().replace("://", "://" + OPERATOR + ":" + PASSWORD + "@");
        Document dom = Jsoup.parse(HeadlessChromium.dumpDom(url));
        HeadlessChromium.screenshot(url, HeadlessChromium.buildDirectory().resolve("dashboard.png"));

        assertThat(dom.title()).isEqualTo("acme · ERP bridge dashboard");
        assertThat(dom.getElementById("business-day").text()).isEqualTo(TODAY.toString());
        // erp: 796 + 500 + 300 + 1234; secuconnect: 796 + 450 + 999 (orphan)
        assertAmount(dom, "erp-total", 2830, "28.30 EUR");
        assertAmount(dom, "secuconnect-total", 2245, "22.45 EUR");
        assertAmount(dom, "difference", 585, "5.85 EUR");
        assertCount(dom, "count-matched", 1);
        assertCount(dom, "count-mismatched", 1);
        assertCount(dom, "count-pending", 2);
        assertCount(dom, "count-failed", 0);
        assertCount(dom, "count-orphaned", 1);
        assertCount(dom, "outbox-pending", 2);
        assertCount(dom, "outbox-dead", 0);

        List<Element> rows = dom.select("#payments tbody tr");
        assertThat(rows)
                .extracting(r -> r.attr("data-order-id"))
                .containsExactly("SO-D1", "SO-D2", "SO-D3", HOSTILE_ORDER, "");
        assertThat(rows)
                .extracting(r -> r.attr("data-reconciliation"))
                .containsExactly("matched", "mismatched", "pending", "pending", "orphaned");
        assertThat(rows.get(0).attr("data-status")).isEqualTo("completed");
        assertThat(rows.get(0).select("td").get(0).text()).isEqualTo("09:18:14");
        assertThat(rows.get(0).select("td").get(2).text()).isEqualTo("7.96 EUR");
        assertThat(rows.get(1).attr("data-secuconnect-total")).isEqualTo("450");
        assertThat(rows.get(4).attr("data-stx")).isEqualTo("STX_D9");
        // the hostile order id is shown as text: no script ran, none was inserted
        assertThat(rows.get(3).select("td").get(1).text()).isEqualTo(HOSTILE_ORDER);
        assertThat(dom.select("script")).isEmpty();
        assertThat(dom.title()).doesNotContain("owned");

        assertThat(dom.select("#mismatches li"))
                .extracting(li -> li.attr("data-key"))
                .containsExactly("order:SO-D2", "stx:STX_D9");
        assertThat(dom.select("#mismatches li").get(0).text())
                .contains("ERP total 500 differs from secuconnect's basket sum 450");
        assertThat(dom.select("#open-differences tbody tr"))
                .extracting(r -> r.attr("data-key"))
                .containsExactlyInAnyOrder("order:SO-D2", "stx:STX_D9");
        assertThat(dom.select("#runs tbody tr").get(0).attr("data-date")).isEqualTo(TODAY.toString());

        Element chart = dom.getElementById("chart-payments-per-hour");
        assertThat(chart.attr("data-total")).isEqualTo("4");
        assertThat(dom.select("#chart-payments-per-hour rect.bar")).hasSize(24);
        assertThat(dom.getElementById("bar-9").attr("data-count")).isEqualTo("2");
        assertThat(dom.getElementById("bar-9").attr("data-total")).isEqualTo("1296");
        assertThat(dom.getElementById("bar-11").attr("data-count")).isEqualTo("1");
        assertThat(dom.getElementById("bar-14").attr("data-count")).isEqualTo("1");
        assertThat(dom.getElementById("bar-12").attr("data-count")).isEqualTo("0");
        assertThat(Integer.parseInt(dom.getElementById("bar-9").attr("height")))
                .isGreaterThan(Integer.parseInt(dom.getElementById("bar-11").attr("height")));

        assertThat(dom.getElementById("card-sync-state").attr("data-state")).isEqualTo("running");
        assertThat(dom.getElementById("card-sync-progress").attr("data-percent"))
                .isEqualTo("25");
        assertCount(dom, "card-sync-pages", 3);
        assertCount(dom, "card-sync-cards-seen", 250);
        assertCount(dom, "card-sync-cards-changed", 7);
        assertThat(dom.getElementById("notice")).isNull();
    }

    @Test
    void withoutSecuconnectThePageShowsWhatWasRecordedAtBooking() {
        SecuconnectStubs.wm()
                .stubFor(get(urlPathEqualTo(SecuconnectStubs.STX_PATH))
                        .atPriority(1)
                        .willReturn(SecuconnectStubs.json(503, "{}")));
        String html = given().auth()
                .preemptive()
                .basic(OPERATOR, PASSWORD)
                .when()
                .get("/dashboard/acme")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Document dom = Jsoup.parse(html);
        assertThat(dom.getElementById("notice").text()).contains("secuconnect could not be asked");
        assertThat(dom.body().attr("data-live")).isEqualTo("false");
        // as booked: SO-D1 (796) and SO-D2 (500) were recorded with the ERP's totals; no orphan can be known
        assertAmount(dom, "secuconnect-total", 1296, "12.96 EUR");
        assertCount(dom, "count-matched", 2);
        assertCount(dom, "count-orphaned", 0);
        assertCount(dom, "count-pending", 2);
        assertThat(dom.select("#payments tbody tr")).hasSize(4);
        assertThat(dom.getElementById("card-sync-none").text()).isEqualTo("No card sync has run yet.");
    }

    private static void assertAmount(Document dom, String id, long minor, String text) {
        Element e = dom.getElementById(id);
        assertThat(e).as(id).isNotNull();
        assertThat(e.attr("data-minor")).as(id).isEqualTo(Long.toString(minor));
        assertThat(e.text()).as(id).isEqualTo(text);
    }

    private static void assertCount(Document dom, String id, long count) {
        Element e = dom.getElementById(id);
        assertThat(e).as(id).isNotNull();
        assertThat(e.attr("data-count")).as(id).isEqualTo(Long.toString(count));
    }
}
