package org.erpbridge.cards;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/** secuconnect's merchant card list as WireMock pages for merchant acme (at the WireMock root). */
final class CardStubs {
    static final String CARDS_PATH = "/api/v2/Loyalty/MerchantCards";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CardStubs() {}

    /** A merchant card as the sync's projection returns it. */
    record TestCard(
            String number, String id, long cash, long bonus, long points, String lock, String stock, String lastUsage) {

        long balance() {
            return cash + bonus;
        }

        TestCard withCash(long newCash) {
            return new TestCard(number, id, newCash, bonus, points, lock, stock, lastUsage);
        }

        TestCard withLock(String newLock) {
            return new TestCard(number, id, cash, bonus, points, newLock, stock, lastUsage);
        }

        TestCard withLastUsage(String newLastUsage) {
            return new TestCard(number, id, cash, bonus, points, lock, stock, newLastUsage);
        }

        String masked() {
            return "*".repeat(number.length() - 4) + number.substring(number.length() - 4);
        }

        Map<String, Object> json() {
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("id", id);
            card.put("card", Map.of("cardnumber", number));
            card.put("balance", balance());
            card.put("cash_balance", cash);
            card.put("bonus_balance", bonus);
            card.put("points", points);
            card.put("lock_status", lock);
            card.put("stock_status", stock);
            card.put("last_usage", lastUsage);
            card.put("last_charge", "2026-10-01T12:00:00+02:00");
            card.put("expiry_date", null);
            return card;
        }
    }

    /** Seven cards with different values (card numbers 9276004429940011 ... 9276004429940077). */
    static List<TestCard> sevenCards() {
        List<TestCard> cards = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            cards.add(new TestCard(
                    "92760044299400" + i + i,
                    "MCD_TEST" + i,
                    100L * i,
                    10L * i,
                    i,
                    "unlocked",
                    i == 7 ? "inactive" : "active",
                    "2026-11-0" + i + "T10:00:00+01:00"));
        }
        return cards;
    }

    /** Serves {@code cards} in pages of {@code pageSize}, at every offset up to and including the first empty page. */
    static void stubPages(List<TestCard> cards, int pageSize) {
        for (int offset = 0; offset <= cards.size(); offset += pageSize) {
            wm().stubFor(page(offset, pageSize).willReturn(pageBody(cards, offset, pageSize)));
        }
    }

    static MappingBuilder page(int offset, int pageSize) {
        return get(urlPathEqualTo(CARDS_PATH))
                .withQueryParam("offset", equalTo(Integer.toString(offset)))
                .withQueryParam("count", equalTo(Integer.toString(pageSize)));
    }

    static ResponseDefinitionBuilder pageBody(List<TestCard> cards, int offset, int pageSize) {
        List<Map<String, Object>> data =
                cards.subList(Math.min(offset, cards.size()), Math.min(offset + pageSize, cards.size())).stream()
                        .map(TestCard::json)
                        .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", cards.size());
        body.put("data", data);
        try {
            return json(200, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ResponseDefinitionBuilder unavailable() {
        return json(
                503,
                "{\"status\":\"error\",\"error\":\"ProductInternalException\",\"error_details\":\"maintenance\","
                        + "\"code\":1001,\"supportId\":\"sup-1\"}");
    }

    /** How often the page at {@code offset} was requested. */
    static int pageRequests(int offset) {
        return wm().countRequestsMatching(getRequestedFor(urlPathEqualTo(CARDS_PATH))
                        .withQueryParam("offset", equalTo(Integer.toString(offset)))
                        .build())
                .getCount();
    }
}
