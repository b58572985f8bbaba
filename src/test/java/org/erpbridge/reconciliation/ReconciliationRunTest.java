package org.erpbridge.reconciliation;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

import jakarta.inject.Inject;

import org.erpbridge.merchant.InvalidMerchantConfigException;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;
import org.erpbridge.reconciliation.ReconciliationFixtures.Payment;
import org.erpbridge.reconciliation.ReconciliationFixtures.Stx;
import org.erpbridge.secuconnect.SecuconnectClientState;
import org.erpbridge.testing.CleanSlate;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.ErpRequests;
import org.erpbridge.testing.SecuconnectStubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.erpbridge.reconciliation.ReconciliationFixtures.BERLIN;
import static org.erpbridge.reconciliation.ReconciliationFixtures.at;
import static org.erpbridge.reconciliation.ReconciliationFixtures.instant;
import static org.erpbridge.reconciliation.ReconciliationFixtures.mismatchEvents;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.STX_PATH;
import static org.erpbridge.testing.SecuconnectStubs.wm;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Stored runs of a day: one reconciliation.mismatch event per new or changed difference, nothing for a repeat,
 * resolved differences, the daily job with its catch-up of failed days, its Quartz schedule, and parameter checks.
 */
@QuarkusTest
class ReconciliationRunTest {
    static final LocalDate DAY = LocalDate.now(BERLIN).minusDays(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final Stx OK = new Stx("STX_OK", "ok", 796, "EUR", at(DAY, "09:00:01"), "erpb-ref-SO-1", "SO-1", null);
    static final Stx SHORT = new Stx("STX_SHORT", "ok", 450, "EUR", at(DAY, "09:10:01"), "erpb-ref-SO-2", "SO-2", null);
    static final Stx FAILED =
            new Stx("STX_FAILED", "failed", 200, "EUR", at(DAY, "09:20:01"), "erpb-ref-SO-3", "SO-3", null);
    static final Stx ORPHAN = new Stx("STX_ORPHAN", "ok", 999, "EUR", at(DAY, "09:30:01"), "foreign", "ZZ-1", null);

    @Inject
    DailyReconciliation daily;

    @Inject
    ReconciliationSchedule schedule;

    @Inject
    Scheduler scheduler;

    @Inject
    Merchants merchants;

    @BeforeEach
    void setUp() {
        CleanSlate.reset();
        Payment.order("SO-1", 796, instant(DAY, "09:00:00"))
                .booked("STX_OK", "ok", null)
                .insert();
        Payment.order("SO-2", 500, instant(DAY, "09:10:00"))
                .booked("STX_SHORT", "ok", null)
                .insert();
        Payment.order("SO-3", 200, instant(DAY, "09:20:00"))
                .booked("STX_FAILED", "ok", null)
                .insert();
        ReconciliationFixtures.stubList("", DAY, DAY, List.of(OK, SHORT, FAILED, ORPHAN));
    }

    static Response run(LocalDate day) {
        return ErpRequests.as(ACME)
                .emptyBody()
                .queryParam("date", day.toString())
                .when()
                .post(ErpRequests.path(ACME, "/reconciliation/runs"));
    }

    @Test
    void aRunStoresTheDayAndReportsEachNewDifferenceOnce() throws Exception {
        JsonNode first = JSON.readTree(run(DAY).then().statusCode(200).extract().asString());
        assertThat(first.get("date").asText()).isEqualTo(DAY.toString());
        assertThat(first.get("state").asText()).isEqualTo("completed");
        assertThat(first.get("trigger").asText()).isEqualTo("manual");
        assertThat(first.get("runs").asInt()).isEqualTo(1);
        assertThat(first.get("newDifferences").asInt()).isEqualTo(3);
        assertThat(first.get("totals").get("erp").asLong()).isEqualTo(1496);
        assertThat(first.get("totals").get("secuconnect").asLong()).isEqualTo(796 + 450 + 999);
        assertThat(first.get("counts").get("mismatched").asInt()).isEqualTo(2);
        assertThat(first.get("counts").get("orphaned").asInt()).isEqualTo(1);
        assertThat(first.get("report").get("items")).hasSize(4);
        assertThat(mismatchEvents()).isEqualTo(3);

        JsonNode event = JSON.readTree(payloadOf("STX_FAILED"));
        assertThat(event.get("type").asText()).isEqualTo("reconciliation.mismatch");
        assertThat(event.get("merchant").asText()).isEqualTo(ACME);
        JsonNode data = event.get("data");
        assertThat(data.get("date").asText()).isEqualTo(DAY.toString());
        assertThat(data.get("orderId").asText()).isEqualTo("SO-3");
        assertThat(data.get("differenceKey").asText()).isEqualTo("order:SO-3");
        assertThat(data.get("reconciliation").asText()).isEqualTo("mismatched");
        assertThat(data.get("differences").get(0).asText()).isEqualTo("status");
        assertThat(data.get("secuconnectStatus").asText()).isEqualTo("failed");
        assertThat(data.get("fingerprint").asText()).hasSize(64);

        // the same day again: the same answer, no new events
        JsonNode second =
                JSON.readTree(run(DAY).then().statusCode(200).extract().asString());
        assertThat(second.get("runs").asInt()).isEqualTo(2);
        assertThat(second.get("newDifferences").asInt()).isZero();
        assertThat(second.get("report")).isEqualTo(first.get("report"));
        assertThat(second.get("totals")).isEqualTo(first.get("totals"));
        assertThat(mismatchEvents()).isEqualTo(3);

        // secuconnect corrects SO-2's amount and the orphan's amount changes: one resolved, one changed difference
        ReconciliationFixtures.stubList("", DAY, DAY, List.of(OK, SHORT.withSum(500), FAILED, ORPHAN.withSum(990)));
        JsonNode third = JSON.readTree(run(DAY).then().statusCode(200).extract().asString());
        assertThat(third.get("newDifferences").asInt()).isEqualTo(1);
        assertThat(mismatchEvents()).isEqualTo(4);

        Response stored =
                ErpRequests.as(ACME).request().when().get(ErpRequests.path(ACME, "/reconciliation/runs/" + DAY));
        stored.then().statusCode(200).body("runs", equalTo(3)).body("differences.size()", equalTo(3));
        JsonNode differences = JSON.readTree(stored.asString()).get("differences");
        JsonNode so2 = find(differences, "order:SO-2");
        assertThat(so2.get("resolvedAt").asText()).isNotBlank();
        JsonNode orphan = find(differences, "stx:STX_ORPHAN");
        assertThat(orphan.has("resolvedAt")).isFalse();
        assertThat(orphan.get("secuconnectTotal").asLong()).isEqualTo(990);
        assertThat(Database.count("select count(*) from reconciliation_run")).isEqualTo(1);
    }

    @Test
    void theDailyJobReconcilesThePreviousDayAndCatchesUpFailedDays() {
        LocalDate earlier = DAY.minusDays(1);
        // secuconnect fails while the earlier day is reconciled: the day is recorded as failed
        StubMapping outage = wm().stubFor(get(urlPathEqualTo(STX_PATH))
                .atPriority(1)
                .withQueryParam("q", containing("[" + earlier.minusDays(1) + "T00:00:00 TO"))
                .willReturn(
                        SecuconnectStubs.json(500, "{\"status\":\"error\",\"error\":\"ProductInternalException\"}")));
        assertThat(daily.runScheduled(ACME, fireTime(earlier.plusDays(1)))).isEmpty();
        assertThat(state(earlier)).isEqualTo("failed");
        assertThat(Database.string("select error from reconciliation_run where business_day = '" + earlier + "'"))
                .isNotBlank();
        assertThat(mismatchEvents()).isZero();

        // the next night's fire reconciles its previous day and catches the failed day up
        wm().removeStub(outage);
        SecuconnectClientState.reset(ACME);
        ReconciliationFixtures.stubList("", earlier, earlier, List.of());
        List<LocalDate> done = daily.runScheduled(ACME, fireTime(DAY.plusDays(1)));
        assertThat(done).containsExactly(DAY, earlier);
        assertThat(state(DAY)).isEqualTo("completed");
        assertThat(state(earlier)).isEqualTo("completed");
        assertThat(Database.count("select count(*) from reconciliation_run where trigger_kind = 'schedule'"))
                .isEqualTo(2);
        assertThat(Database.count("select runs from reconciliation_run where business_day = '" + earlier + "'"))
                .isEqualTo(2);
        assertThat(mismatchEvents()).isEqualTo(3);

        // a completed day is not run again by the catch-up
        assertThat(daily.runScheduled(ACME, fireTime(DAY.plusDays(1)))).containsExactly(DAY);
        assertThat(mismatchEvents()).isEqualTo(3);
    }

    @Test
    void theScheduleIsOneCronTriggerPerMerchantInItsTimeZone() throws Exception {
        schedule.apply(ACME, Optional.of("0 30 2 * * ?"), "Europe/Berlin");
        CronTrigger trigger =
                (CronTrigger) scheduler.getTrigger(TriggerKey.triggerKey(ACME, ReconciliationSchedule.GROUP));
        assertThat(trigger.getCronExpression()).isEqualTo("0 30 2 * * ?");
        assertThat(trigger.getTimeZone()).isEqualTo(TimeZone.getTimeZone("Europe/Berlin"));
        ZonedDateTime next = trigger.getNextFireTime().toInstant().atZone(BERLIN);
        assertThat(next.getHour()).isEqualTo(2);
        assertThat(next.getMinute()).isEqualTo(30);
        assertThat(scheduler
                        .getJobDetail(JobKey.jobKey(ACME, ReconciliationSchedule.GROUP))
                        .getJobClass())
                .isEqualTo(ReconciliationJob.class);

        schedule.apply(ACME, Optional.empty(), null);
        assertThat(scheduler.checkExists(JobKey.jobKey(ACME, ReconciliationSchedule.GROUP)))
                .isFalse();

        Merchant acme = merchants.get(ACME);
        Merchant broken = new Merchant(
                acme.key(),
                acme.currency(),
                acme.secuconnect(),
                acme.erp(),
                acme.cardSync(),
                acme.timeZone(),
                new Merchant.ReconciliationSettings(Optional.of("every night")));
        assertThatThrownBy(() -> ReconciliationSchedule.validate(broken))
                .isInstanceOf(InvalidMerchantConfigException.class)
                .hasMessageContaining("bridge.merchants.acme.reconciliation.cron");
    }

    @Test
    void parametersAreChecked() {
        String path = ErpRequests.path(ACME, "/reconciliation");
        ErpRequests.as(ACME)
                .request()
                .when()
                .get(path)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("from"));
        ErpRequests.as(ACME)
                .request()
                .queryParam("from", "23.11.2026")
                .when()
                .get(path)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("from"))
                .body("errors[0].reason", equalTo("not an ISO date (YYYY-MM-DD)"));
        ErpRequests.as(ACME)
                .request()
                .queryParam("from", "2026-11-23")
                .queryParam("to", "2026-11-32")
                .when()
                .get(path)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("to"));
        ErpRequests.as(ACME)
                .request()
                .queryParam("from", "2026-11-23")
                .queryParam("to", "2026-11-22")
                .when()
                .get(path)
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("to"))
                .body("errors[0].reason", equalTo("must not be before from (2026-11-23)"));
        ErpRequests.as(ACME)
                .request()
                .queryParam("from", "2026-10-01")
                .queryParam("to", "2026-11-01")
                .when()
                .get(path)
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("to"))
                .body("errors[0].reason", equalTo("the period covers 32 days, at most 31 are allowed"));
        ErpRequests.as(ACME)
                .emptyBody()
                .queryParam("date", LocalDate.now(BERLIN).plusDays(1).toString())
                .when()
                .post(path + "/runs")
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("date"));
        ErpRequests.as(ACME)
                .request()
                .when()
                .get(path + "/runs/" + DAY.minusDays(20))
                .then()
                .statusCode(404);
        ErpRequests.as(ACME)
                .withoutBearer()
                .request()
                .queryParam("from", DAY.toString())
                .when()
                .get(path)
                .then()
                .statusCode(401);
        ErpRequests.as(ACME)
                .request()
                .accept("text/html")
                .queryParam("from", DAY.toString())
                .when()
                .get(path)
                .then()
                .statusCode(406);
    }

    @Test
    void secuconnectOutageIsA502() {
        wm().stubFor(get(urlPathEqualTo(STX_PATH))
                .atPriority(1)
                .willReturn(SecuconnectStubs.json(503, "{\"status\":\"error\"}")));
        ErpRequests.as(ACME)
                .request()
                .queryParam("from", DAY.toString())
                .when()
                .get(ErpRequests.path(ACME, "/reconciliation"))
                .then()
                .statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:erpbridge:problem:secuconnect-unavailable"));
    }

    private static java.time.Instant fireTime(LocalDate day) {
        return day.atTime(2, 30).atZone(BERLIN).toInstant();
    }

    private static String state(LocalDate day) {
        return Database.string(
                "select state from reconciliation_run where merchant = 'acme' and business_day = '" + day + "'");
    }

    private static String payloadOf(String stxId) {
        return Database.string(
                "select payload from outbox_event where type = 'reconciliation.mismatch' and payload like '%" + stxId
                        + "%'");
    }

    private static JsonNode find(JsonNode differences, String key) {
        List<JsonNode> all = new ArrayList<>();
        differences.forEach(all::add);
        return all.stream()
                .filter(d -> key.equals(d.get("key").asText()))
                .findFirst()
                .orElseThrow();
    }
}
