package org.erpbridge.testing;

import org.erpbridge.secuconnect.SecuconnectClientState;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/** Where a test of a bridge feature starts, so that no test sees what an earlier one left behind. */
public final class CleanSlate {
    private CleanSlate() {}

    /**
     * Empty tables; WireMock with only acme's and bravo's token endpoints and an ERP that accepts every callback;
     * no cached tokens and closed circuit breakers (an earlier test's outage must not make this one fail fast).
     */
    public static void reset() {
        Database.truncateAll();
        SecuconnectStubs.wm().resetAll();
        SecuconnectStubs.stubTokens();
        SecuconnectStubs.wm()
                .stubFor(post(urlPathMatching("/erp/.*")).willReturn(aResponse().withStatus(204)));
        SecuconnectClientState.reset(SecuconnectStubs.ACME, SecuconnectStubs.BRAVO);
    }
}
