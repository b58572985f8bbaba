package org.erpbridge.standin;

import org.erpbridge.secuconnect.model.MerchantCard;
import org.erpbridge.secuconnect.model.Page;
import org.erpbridge.secuconnect.model.ReceiptLine;
import org.erpbridge.secuconnect.model.SmartTransaction;
import org.erpbridge.testing.SecuconnectStubs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stand-in's answers, read back through the client's own models. */
class SecuconnectStandInTest {
    /** Made up: serial 123 holds 2300 cash and 40 bonus. */
    private static final String CARD = "9276000000000123";

    private static final String OTHER_CARD = "9276000000000042";
    private final ObjectMapper mapper = new ObjectMapper();
    private final SecuconnectStandIn standIn = new SecuconnectStandIn(mapper, 3);

    private JsonNode order(String merchantRef, String card, long priceOne, long quantity, long sum) throws Exception {
        return mapper.readTree("""
                {"basket":{"products":[{"id":1,"desc":"Sandwich","articleNumber":"30037","quantity":%d,"priceOne":%d,"tax":7}]},
                 "basket_info":{"sum":%d,"currency":"EUR"},"idents":[{"type":"card","value":"%s"}],
                 "merchantRef":"%s","transactionRef":"order %s"}""".formatted(quantity, priceOne, sum, card, merchantRef, merchantRef));
    }

    private SmartTransaction read(JsonNode node) throws Exception {
        return mapper.treeToValue(node, SmartTransaction.class);
    }

    @Test
    void createEchoesTheOrderAndStartCashBooksItWithAReceipt() throws Exception {
        SmartTransaction created = read(standIn.create(order("A-1", CARD, 398, 2, 796)));

        assertThat(created.id()).startsWith("STX_").hasSize(34);
        assertThat(created.status()).isEqualTo("created");
        assertThat(created.merchantRef()).isEqualTo("A-1");
        assertThat(created.transactionRef()).isEqualTo("order A-1");
        assertThat(created.basketInfo().sum()).isEqualTo(796L);
        assertThat(created.basket().products())
                .singleElement()
                .satisfies(p -> assertThat(p.priceOne()).isEqualTo(398L));

        SmartTransaction done = read(standIn.start(created.id(), "cash"));

        assertThat(done.status()).isEqualTo("ok");
        assertThat(done.paymentMethod()).isEqualTo("cash");
        assertThat(done.transId()).matches("\\d{8}");
        String ltx = done.loyaltyTransactionId().orElseThrow();
        assertThat(ltx).startsWith("LTX_");
        assertThat(done.receipt())
                .extracting(ReceiptLine::type)
                .containsExactlyElementsOf(SecuconnectStubs.RECEIPT_LINE_TYPES);
        assertThat(done.receipt().get(1).value().value()).isEqualTo(CARD);
        assertThat(done.receipt().get(2).value().value()).isEqualTo(done.transId());
        assertThat(done.receipt().get(5).value().text()).isEqualTo("7,96 EUR");
        assertThat(done.receipt().get(5).value().decoration()).containsExactly("important");
        assertThat(done.receipt().get(8).value().text()).isEqualTo("23,40 EUR");
        MerchantCard card = done.merchantCard().orElseThrow();
        assertThat(card.balance()).isEqualTo(2340L);
        assertThat(card.cashBalance()).isEqualTo(2300L);
        assertThat(mapper.treeToValue(
                                standIn.loyaltyTransaction(ltx),
                                org.erpbridge.secuconnect.model.LoyaltyTransaction.class)
                        .amount())
                .isEqualTo(796L);
        assertThat(read(standIn.get(created.id())).status()).isEqualTo("ok");
    }

    @Test
    void listFiltersByMerchantRef() throws Exception {
        standIn.create(order("A-1", CARD, 100, 1, 100));
        String wanted =
                standIn.create(order("B-2", OTHER_CARD, 250, 1, 250)).get("id").asText();

        Page<SmartTransaction> page = mapper.convertValue(
                standIn.list("merchantRef:\"B-2\"", null, null), new TypeReference<Page<SmartTransaction>>() {});

        assertThat(page.count()).isEqualTo(1L);
        assertThat(page.items()).extracting(SmartTransaction::id).containsExactly(wanted);
        assertThat(standIn.list(null, 1, 1).get("data")).hasSize(1);
        assertThat(standIn.list(null, null, null).get("count").asInt()).isEqualTo(2);
    }

    @Test
    void aRepeatedStartBooksNothingTwiceButIsCounted() throws Exception {
        String id = standIn.create(order("R-1", CARD, 100, 1, 100)).get("id").asText();
        String first = standIn.start(id, "cash").get("trans_id").asText();

        assertThat(standIn.start(id, "cash").get("trans_id").asText()).isEqualTo(first);
        assertThat(standIn.startsPerStx()).containsEntry(id, 2);
        assertThat(standIn.bookings()).isEqualTo(new SecuconnectStandIn.Bookings(1, 1, 0, 0, 1));
        assertThat(standIn.ordersStarted("order R")).isEqualTo(1);
    }

    @Test
    void cancelMarksTheTransactionCancelled() throws Exception {
        String id = standIn.create(order("C-3", CARD, 100, 1, 100)).get("id").asText();
        standIn.start(id, "cash");

        assertThat(read(standIn.cancel(id)).status()).isEqualTo("cancelled");
        assertThatThrownBy(() -> standIn.start(id, "cash"))
                .isInstanceOf(StandInError.class)
                .hasMessageContaining("cancelled");
    }

    @Test
    void refusesWrongSumsUnknownCardsAndOtherMethods() throws Exception {
        assertThatThrownBy(() -> standIn.create(order("D-4", CARD, 100, 2, 100)))
                .isInstanceOfSatisfying(StandInError.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("basket_info.sum");
                });
        assertThatThrownBy(() -> standIn.create(order("D-5", "1234000000000000", 100, 1, 100)))
                .isInstanceOfSatisfying(
                        StandInError.class, e -> assertThat(e.code()).isEqualTo(1016));
        String id = standIn.create(order("D-6", CARD, 100, 1, 100)).get("id").asText();
        assertThatThrownBy(() -> standIn.start(id, "loyalty")).isInstanceOf(StandInError.class);
        assertThatThrownBy(() -> standIn.get("STX_UNKNOWN"))
                .isInstanceOfSatisfying(
                        StandInError.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
    }

    @Test
    void anyNumberStarting9276IsACardWithBalancesDerivedFromIt() throws Exception {
        Page<MerchantCard> page = mapper.convertValue(
                standIn.merchantCards("card.cardnumber:" + CARD, null, null),
                new TypeReference<Page<MerchantCard>>() {});
        MerchantCard card = page.items().get(0);
        assertThat(page.items()).hasSize(1);
        assertThat(card.cardNumber()).isEqualTo(CARD);
        assertThat(card.balance()).isEqualTo(2340L);
        assertThat(card.bonusBalance()).isEqualTo(40L);
        assertThat(card.id()).doesNotContain("123"); // ids get logged: they must not carry the number
        assertThat(standIn.merchantCard(card.id()).get("card").get("cardnumber").asText())
                .isEqualTo(CARD);
        assertThat(standIn.validate("9276123412341234").get("isValid").asBoolean())
                .isTrue();
        assertThat(standIn.validate("9276999900000001").get("isLocked").asBoolean())
                .isTrue();
        assertThat(standIn.validate(CARD).get("isLocked").asBoolean()).isFalse();
        assertThat(standIn.validate("1234000000000000").get("isValid").asBoolean())
                .isFalse();
    }

    @Test
    void theListingPagesThroughThePoolAndAGenerationChangesEveryHundredthCard() {
        standIn.cards().pool(250);
        JsonNode last = standIn.merchantCards(null, 100, 200);
        assertThat(last.get("count").asInt()).isEqualTo(250);
        assertThat(last.get("data")).hasSize(50);
        assertThat(last.get("data").get(0).get("card").get("cardnumber").asText())
                .isEqualTo("9276000000000200");
        long before = last.get("data").get(0).get("cash_balance").asLong();

        standIn.cards().nextGeneration();

        JsonNode after = standIn.merchantCards(null, 100, 200).get("data");
        assertThat(after.get(0).get("cash_balance").asLong()).isEqualTo(before + 1);
        assertThat(after.get(1).get("cash_balance"))
                .isEqualTo(last.get("data").get(1).get("cash_balance"));
    }

    @Test
    void formatsAmountsLikeSecuconnectReceipts() {
        assertThat(SecuconnectStandIn.amount(796, "EUR")).isEqualTo("7,96 EUR");
        assertThat(SecuconnectStandIn.amount(5, "EUR")).isEqualTo("0,05 EUR");
        assertThat(SecuconnectStandIn.amount(-1250, "EUR")).isEqualTo("-12,50 EUR");
        assertThat(SecuconnectStandIn.amount(500, "JPY")).isEqualTo("500 JPY");
    }
}
