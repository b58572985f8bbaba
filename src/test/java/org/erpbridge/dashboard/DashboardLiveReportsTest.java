package org.erpbridge.dashboard;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.erpbridge.reconciliation.ReconciliationFixtures;
import org.erpbridge.reconciliation.ReconciliationFixtures.Stx;
import org.erpbridge.testing.CleanSlate;
import org.erpbridge.testing.SecuconnectStubs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.reconciliation.ReconciliationFixtures.BERLIN;
import static org.erpbridge.reconciliation.ReconciliationFixtures.at;

/**
 * The dashboard's live listing at secuconnect: shared by every view of a merchant within live-ttl, and bounded to
 * live-max-pages pages (a large day shows the recorded state instead of reading up to 2,000 pages per refresh).
 */
@QuarkusTest
@TestProfile(DashboardLiveReportsTest.Cached.class)
class DashboardLiveReportsTest {
    private static final LocalDate TODAY = LocalDate.now(BERLIN);

    public static class Cached implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bridge.dashboard.live-ttl", "60s", "bridge.dashboard.live-max-pages", "4");
        }
    }

    @BeforeEach
    void reset() {
        CleanSlate.reset();
    }

    @Test
    void viewsWithinTheTtlShareOneListing() {
        ReconciliationFixtures.stubList(
                "",
                TODAY,
                TODAY,
                List.of(new Stx("STX_L1", "ok", 796, "EUR", at(TODAY, "09:18:15"), "foreign", "ZZ-1", null)));
        for (int view = 0; view < 3; view++) {
            given().auth()
                    .preemptive()
                    .basic("ops", "ops-password-for-tests")
                    .when()
                    .get("/dashboard/acme")
                    .then()
                    .statusCode(200);
        }
        assertThat(SecuconnectStubs.wm().findAll(getRequestedFor(urlPathEqualTo(SecuconnectStubs.STX_PATH))))
                .as("list requests for 3 views")
                .hasSize(1);
    }

    @Test
    void aDayTooLargeToListLiveShowsTheRecordedStateAfterABoundedNumberOfPages() {
        // secuconnect claims 100,000 transactions today and always answers a full page
        ObjectNode page = new ObjectMapper().createObjectNode().put("count", 100_000);
        ArrayNode data = page.putArray("data");
        for (int i = 0; i < ReconciliationFixtures.PAGE; i++) {
            data.add(new Stx("STX_B" + i, "ok", 100, "EUR", at(TODAY, "10:00:0" + i), "foreign", "ZZ-" + i, null)
                    .node());
        }
        SecuconnectStubs.wm()
                .stubFor(get(urlPathEqualTo("/bravo" + SecuconnectStubs.STX_PATH))
                        .willReturn(SecuconnectStubs.json(200, page.toString())));

        String html = given().header("Authorization", "Bearer bravo-erp-api-key-0123456789")
                .when()
                .get("/dashboard/bravo")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(html).contains("more Smart Transactions at secuconnect than the dashboard lists live (4 pages)");
        assertThat(SecuconnectStubs.wm().findAll(getRequestedFor(urlPathEqualTo("/bravo" + SecuconnectStubs.STX_PATH))))
                .hasSize(4);
    }
}
