package org.erpbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.erpbridge.secuconnect.model.MerchantCard;
import org.erpbridge.secuconnect.model.Page;
import org.erpbridge.secuconnect.model.ReceiptLine;
import org.erpbridge.secuconnect.model.SmartTransaction;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The sandbox's answers, read back through the client's own models. */
class SecuconnectSandboxTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final SecuconnectSandbox sandbox = new SecuconnectSandbox(mapper);

    private JsonNode order(String merchantRef, String card, long priceOne, long quantity, long sum) throws Exception {
        return mapper.readTree("""
                {"basket":{"products":[{"id":1,"desc":"Sandwich","articleNumber":"30037","quantity":%d,"priceOne":%d,"tax":7}]},
                 "basket_info":{"sum":%d,"currency":"EUR"},"idents":[{"type":"card","value":"%s"}],
                 "merchantRef":"%s","transactionRef":"order %s"}""".formatted(quantity, priceOne, sum, card, merchantRef,
                merchantRef));
    }

    private SmartTransaction read(JsonNode node) throws Exception {
        return mapper.treeToValue(node, SmartTransaction.class);
    }

    @Test
    void createEchoesTheOrderAndStartCashBooksItWithAReceipt() throws Exception {
        SmartTransaction created = read(sandbox.create(order("A-1", "9276004429942845", 398, 2, 796)));

        assertThat(created.id()).startsWith("STX_").hasSize(34);
        assertThat(created.status()).isEqualTo("created");
        assertThat(created.merchantRef()).isEqualTo("A-1");
        assertThat(created.transactionRef()).isEqualTo("order A-1");
        assertThat(created.basketInfo().sum()).isEqualTo(796L);
        assertThat(created.basket().products()).singleElement().satisfies(p -> assertThat(p.priceOne()).isEqualTo(398L));

        SmartTransaction done = read(sandbox.start(created.id(), "cash"));

        assertThat(done.status()).isEqualTo("ok");
        assertThat(done.paymentMethod()).isEqualTo("cash");
        assertThat(done.transId()).matches("\\d{8}");
        String ltx = done.loyaltyTransactionId().orElseThrow();
        assertThat(ltx).startsWith("LTX_");
        assertThat(done.receipt()).extracting(ReceiptLine::type).containsExactly("separator", "name-value", "name-value",
                "space", "textline", "textline", "space", "textline", "textline");
        assertThat(done.receipt().get(1).value().value()).isEqualTo("9276004429942845");
        assertThat(done.receipt().get(2).value().value()).isEqualTo(done.transId());
        assertThat(done.receipt().get(5).value().text()).isEqualTo("7,96 EUR");
        assertThat(done.receipt().get(5).value().decoration()).containsExactly("important");
        assertThat(done.receipt().get(8).value().text()).isEqualTo("10,00 EUR");
        MerchantCard card = done.merchantCard().orElseThrow();
        assertThat(card.balance()).isEqualTo(1000L);
        assertThat(card.cashBalance()).isEqualTo(1000L);
        assertThat(mapper.treeToValue(sandbox.loyaltyTransaction(ltx), org.erpbridge.secuconnect.model.LoyaltyTransaction.class)
                .amount()).isEqualTo(796L);
        assertThat(read(sandbox.get(created.id())).status()).isEqualTo("ok");
    }

    @Test
    void listFiltersByMerchantRef() throws Exception {
        sandbox.create(order("A-1", "9276004429942845", 100, 1, 100));
        String wanted = sandbox.create(order("B-2", "9276004428481652", 250, 1, 250)).get("id").asText();

        Page<SmartTransaction> page = mapper.convertValue(sandbox.list("merchantRef:\"B-2\"", null, null),
                new TypeReference<Page<SmartTransaction>>() {
                });

        assertThat(page.count()).isEqualTo(1L);
        assertThat(page.items()).extracting(SmartTransaction::id).containsExactly(wanted);
        assertThat(sandbox.list(null, 1, 1).get("data")).hasSize(1);
        assertThat(sandbox.list(null, null, null).get("count").asInt()).isEqualTo(2);
    }

    @Test
    void cancelMarksTheTransactionCancelled() throws Exception {
        String id = sandbox.create(order("C-3", "9276004429942845", 100, 1, 100)).get("id").asText();
        sandbox.start(id, "cash");

        assertThat(read(sandbox.cancel(id)).status()).isEqualTo("cancelled");
        assertThatThrownBy(() -> sandbox.start(id, "cash")).isInstanceOf(SandboxError.class)
                .hasMessageContaining("cancelled");
    }

    @Test
    void refusesWrongSumsUnknownCardsAndOtherMethods() throws Exception {
        assertThatThrownBy(() -> sandbox.create(order("D-4", "9276004429942845", 100, 2, 100)))
                .isInstanceOfSatisfying(SandboxError.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("basket_info.sum");
                });
        assertThatThrownBy(() -> sandbox.create(order("D-5", "9276000000000000", 100, 1, 100)))
                .isInstanceOfSatisfying(SandboxError.class, e -> assertThat(e.code()).isEqualTo(1016));
        String id = sandbox.create(order("D-6", "9276004429942845", 100, 1, 100)).get("id").asText();
        assertThatThrownBy(() -> sandbox.start(id, "loyalty")).isInstanceOf(SandboxError.class);
        assertThatThrownBy(() -> sandbox.get("STX_UNKNOWN"))
                .isInstanceOfSatisfying(SandboxError.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
    }

    @Test
    void merchantCardsComeFromTheRecording() throws Exception {
        Page<MerchantCard> page = mapper.convertValue(sandbox.merchantCards("card.cardnumber:9276004428481652", null, null),
                new TypeReference<Page<MerchantCard>>() {
                });
        assertThat(page.items()).singleElement().satisfies(c -> {
            assertThat(c.balance()).isEqualTo(352L);
            assertThat(c.bonusBalance()).isEqualTo(52L);
        });
        assertThat(sandbox.merchantCards(null, null, null).get("count").asInt()).isEqualTo(3);
        assertThat(sandbox.merchantCard("MCD_2RXTNXPRM2YG9922UMBHHAEWEGN6AJ").get("balance").asLong()).isEqualTo(1000L);
        assertThat(sandbox.validate("9276004400000001").get("isLocked").asBoolean()).isTrue();
        assertThat(sandbox.validate("9276000000000000").get("isValid").asBoolean()).isFalse();
    }

    @Test
    void formatsAmountsLikeSecuconnectReceipts() {
        assertThat(SecuconnectSandbox.amount(796, "EUR")).isEqualTo("7,96 EUR");
        assertThat(SecuconnectSandbox.amount(5, "EUR")).isEqualTo("0,05 EUR");
        assertThat(SecuconnectSandbox.amount(-1250, "EUR")).isEqualTo("-12,50 EUR");
        assertThat(SecuconnectSandbox.amount(500, "JPY")).isEqualTo("500 JPY");
    }
}
