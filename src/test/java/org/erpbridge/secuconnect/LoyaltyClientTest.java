package org.erpbridge.secuconnect;

import org.erpbridge.secuconnect.model.CardValidation;
import org.erpbridge.secuconnect.model.ListQuery;
import org.erpbridge.secuconnect.model.LoyaltyTransaction;
import org.erpbridge.secuconnect.model.MerchantCard;
import org.erpbridge.secuconnect.model.Page;
import org.erpbridge.testing.SecuconnectStubs;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.ACME_TOKEN;
import static org.erpbridge.testing.SecuconnectStubs.bearer;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.jsonFixture;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/** Request shape and answer mapping of the Loyalty MerchantCards and Transactions endpoints. */
@QuarkusTest
class LoyaltyClientTest extends SecuconnectTestBase {
    private static final String CARDS = "/api/v2/Loyalty/MerchantCards";
    private static final String LTX = "/api/v2/Loyalty/Transactions";

    @BeforeEach
    void stubs() {
        SecuconnectStubs.stubTokens();
    }

    @Test
    void listMerchantCardsByCardNumberMapsBalances() {
        wm().stubFor(get(urlPathEqualTo(CARDS))
                .willReturn(jsonFixture("loyalty-merchantcards-list-by-cardnumber.json")));

        Page<MerchantCard> page = secuconnect.listMerchantCards(
                ACME, ListQuery.of("card.cardnumber:9276004428481652").page(50, 100));

        assertThat(page.count()).isEqualTo(1L);
        MerchantCard card = page.items().get(0);
        assertThat(card.id()).isEqualTo("MCD_W5ZVSRG8U2MN358FD2MRDCMPYM06AU");
        assertThat(card.cardNumber()).isEqualTo("9276004428481652");
        assertThat(card.balance()).isEqualTo(352L);
        assertThat(card.cashBalance()).isEqualTo(300L);
        assertThat(card.bonusBalance()).isEqualTo(52L);
        assertThat(card.points()).isZero();
        assertThat(card.stockStatus()).isEqualTo("inactive");
        assertThat(card.lockStatus()).isEqualTo("unlocked");
        assertThat(card.lastUsage()).isEqualTo("2019-09-12T10:52:22+02:00");
        assertThat(card.lastCharge()).isEqualTo("2018-04-27T15:47:42+02:00");
        assertThat(card.passcode()).isEqualTo(1);
        assertThat(card.expiryDate()).isNull();
        assertThat(card.isBaseCard()).isFalse();
        assertThat(card.cardgroup().displayName()).isEqualTo("Geschenkgutschein");
        assertThat(card.merchant().id()).isEqualTo("MRC_WVHJQFQ4JNVYNG5B55TYK748ZCHQP8");
        wm().verify(
                        1,
                        getRequestedFor(urlPathEqualTo(CARDS))
                                .withQueryParam("q", equalTo("card.cardnumber:9276004428481652"))
                                .withQueryParam("count", equalTo("50"))
                                .withQueryParam("offset", equalTo("100"))
                                .withHeader("Authorization", bearer(ACME_TOKEN))
                                .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void getMerchantCardReadsOneCard() {
        String card = SecuconnectStubs.fixture("loyalty-merchantcards-list-by-cardnumber.json");
        String single = card.substring(card.indexOf("{", card.indexOf("\"data\"")), card.lastIndexOf("]"));
        wm().stubFor(get(urlEqualTo(CARDS + "/MCD_W5ZVSRG8U2MN358FD2MRDCMPYM06AU"))
                .willReturn(json(200, single)));

        MerchantCard mc = secuconnect.getMerchantCard(ACME, "MCD_W5ZVSRG8U2MN358FD2MRDCMPYM06AU");

        assertThat(mc.balance()).isEqualTo(352L);
        wm().verify(
                        1,
                        getRequestedFor(urlEqualTo(CARDS + "/MCD_W5ZVSRG8U2MN358FD2MRDCMPYM06AU"))
                                .withHeader("Authorization", bearer(ACME_TOKEN)));
    }

    @Test
    void validateMerchantCardPostsCardNumberAndMerchant() {
        wm().stubFor(post(urlEqualTo(CARDS + "/me/validateMerchantcard"))
                .willReturn(jsonFixture("loyalty-merchantcard-validate-response.json")));

        CardValidation result = secuconnect.validateMerchantCard(ACME, "9276004429942845");

        assertThat(result.isValid()).isTrue();
        assertThat(result.hasPasscode()).isFalse();
        assertThat(result.isLocked()).isTrue();
        // acme has no merchant-id configured: only the card number is sent
        wm().verify(
                        1,
                        postRequestedFor(urlEqualTo(CARDS + "/me/validateMerchantcard"))
                                .withHeader("Authorization", bearer(ACME_TOKEN))
                                .withHeader("Content-Type", equalTo("application/json"))
                                .withRequestBody(equalToJson("{\"cardnumber\":\"9276004429942845\"}")));
    }

    @Test
    void invalidCardHasOnlyIsValid() {
        wm().stubFor(post(urlEqualTo(CARDS + "/me/validateMerchantcard")).willReturn(json(200, "{\"isValid\":false}")));

        CardValidation result = secuconnect.validateMerchantCard(ACME, "9276000000000000");

        assertThat(result.isValid()).isFalse();
        assertThat(result.isLocked()).isNull();
    }

    @Test
    void loyaltyTransactionsAreReadAndListed() {
        String ltx = """
                {"object":"loyalty.transactions","id":"LTX_YBYPUETZ2HQXURG9XU0M5H4KGWW0NH","created":"2020-09-17T09:43:59+02:00",
                 "trans_id":29187330,"status":"ok","amount":796,"currency":"EUR","balance":1000,"description":"Umsatz",
                 "merchantcard":{"object":"loyalty.merchantcards","id":"MCD_2RXTNXPRM2YG9922UMBHHAEWEGN6AJ"},
                 "card":{"object":"loyalty.cards","id":"CRD_2U7MTNAMM3PMBPAB50C9G2AEHA9GPJ","cardnumber":"9276004429942845"},
                 "parents":[],"children":[],"cleared":false,"is_cancelling":0}""";
        wm().stubFor(get(urlEqualTo(LTX + "/LTX_YBYPUETZ2HQXURG9XU0M5H4KGWW0NH"))
                .willReturn(json(200, ltx)));
        wm().stubFor(get(urlPathEqualTo(LTX)).willReturn(json(200, "{\"count\":1,\"data\":[" + ltx + "]}")));

        LoyaltyTransaction one = secuconnect.getLoyaltyTransaction(ACME, "LTX_YBYPUETZ2HQXURG9XU0M5H4KGWW0NH");
        Page<LoyaltyTransaction> page =
                secuconnect.listLoyaltyTransactions(ACME, new ListQuery(10, 0, null, null, "created:desc"));

        assertThat(one.transId()).isEqualTo("29187330");
        assertThat(one.amount()).isEqualTo(796L);
        assertThat(one.balance()).isEqualTo(1000L);
        assertThat(one.merchantcard().id()).isEqualTo("MCD_2RXTNXPRM2YG9922UMBHHAEWEGN6AJ");
        assertThat(one.isCancelling()).isZero();
        assertThat(page.items())
                .extracting(LoyaltyTransaction::id)
                .containsExactly("LTX_YBYPUETZ2HQXURG9XU0M5H4KGWW0NH");
        wm().verify(
                        1,
                        getRequestedFor(urlPathEqualTo(LTX))
                                .withQueryParam("sort", equalTo("created:desc"))
                                .withQueryParam("count", equalTo("10"))
                                .withQueryParam("offset", equalTo("0"))
                                .withHeader("Authorization", bearer(ACME_TOKEN)));
    }
}
