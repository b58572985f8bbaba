package org.erpbridge.checkout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.erpbridge.testing.CleanSlate;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.ErpRequests;
import org.erpbridge.testing.SecuconnectStubs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.checkout.CheckoutFixtures.rows;
import static org.erpbridge.checkout.CheckoutFixtures.seedOrder;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.wm;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The cash-payment POST records its signature's use in the transaction that stores the new payment, one commit instead
 * of two; every other outcome of the request records it before the answer, and a replay gets the replay answer, with
 * nothing written, whatever else the request would have got.
 */
@QuarkusTest
class PaymentSignatureUseTest {
    private static final String SECRET = "acme-signing-secret-0123456789";
    private static final String TARGET = ErpRequests.path(ACME, "/cash-payments");
    /** Tables a payment writes: each statement on them is logged with its transaction id by a test trigger. */
    private static final List<String> WRITTEN = List.of(
            "erp_used_signature",
            "cash_payment",
            "cash_payment_attempt",
            "outbox_event",
            "card_balance",
            "card_balance_history");

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void reset() {
        CleanSlate.reset();
    }

    @AfterEach
    void dropStatementLog() {
        Database.execute("drop function if exists test_statement_log() cascade; drop table if exists test_statement");
    }

    @Test
    void aNewPaymentIsThreeCommitsAndTheFirstRecordsItsSignature() {
        String ref = CheckoutFixtures.merchantRef("SO-S1", 1);
        wm().stubFor(CheckoutFixtures.createStx().willReturn(json(200, CheckoutFixtures.stxCreated(ref))));
        // without a card: a card seen for the first time is stored after the payment, in a transaction of its own
        wm().stubFor(CheckoutFixtures.startCash()
                .willReturn(json(200, CheckoutFixtures.withoutCard(CheckoutFixtures.stxOk(ref)))));
        // a signed request first, so that the replay cache's purge of expired rows (once a minute) is not due now
        send(signed("{}")).statusCode(422);
        logStatements();
        Signed request = signed(CheckoutFixtures.order("SO-S1", ""));

        send(request).statusCode(200).body("status", equalTo("completed"));

        // received + create pending with the signature, start pending, completed: before, the signature was a fourth
        assertThat(Database.count("select count(distinct txid) from test_statement"))
                .as("transactions that wrote: %s", Database.rows("select * from test_statement order by seq"))
                .isEqualTo(3);
        List<Map<String, Object>> first = Database.rows("select tbl, op from test_statement where txid = "
                + "(select min(txid) from test_statement) order by seq");
        assertThat(first)
                .extracting(r -> r.get("tbl") + " " + r.get("op"))
                .containsExactly("erp_used_signature INSERT", "cash_payment INSERT", "cash_payment_attempt INSERT");
        assertThat(Database.count(
                        "select count(*) from erp_used_signature where signature_digest = '" + request.digest() + "'"))
                .isEqualTo(1);
    }

    @Test
    void aReplayedNewPaymentWritesNothingAndGetsTheReplayAnswer() {
        CheckoutFixtures.stubHappyPath("SO-S2");
        Signed request = signed(seedOrder("SO-S2"));
        // the signature was used already, say by a request another replica answered
        Database.execute("insert into erp_used_signature (signature_digest, merchant_key, expires_at) values ('"
                + request.digest() + "', 'acme', now() + interval '5 minutes')");
        double failures = signatureFailures();

        assertReplayAnswer(send(request));

        assertThat(rows("cash_payment")).isZero();
        assertThat(rows("cash_payment_attempt")).isZero();
        assertThat(rows("outbox_event")).isZero();
        assertThat(SecuconnectStubs.wm().getAllServeEvents())
                .as("nothing sent to secuconnect")
                .isEmpty();
        assertThat(signatureFailures() - failures)
                .as("counted once as a failed authentication, as every replay")
                .isEqualTo(1);
    }

    @Test
    void aRefusedBodyRecordsItsSignatureAndItsReplayGetsTheReplayAnswerNotTheRefusal() {
        Signed unreadable = signed("{\"orderId\": ");
        send(unreadable).statusCode(400);
        assertReplayAnswer(send(unreadable));

        Signed invalid = signed(seedOrder("SO-S3").replace("\"total\": 796", "\"total\": -796"));
        send(invalid).statusCode(422);
        assertReplayAnswer(send(invalid));

        assertThat(rows("cash_payment")).isZero();
    }

    @Test
    void aCopyOfAnExistingOrderRecordsItsSignatureToo() {
        CheckoutFixtures.stubHappyPath("SO-S4");
        send(signed(seedOrder("SO-S4"))).statusCode(200);
        Signed copy = signed(seedOrder("SO-S4"));
        send(copy).statusCode(200).body("orderId", equalTo("SO-S4"));

        assertReplayAnswer(send(copy));

        Signed conflict = signed(seedOrder("SO-S4").replace("KASSE-1", "KASSE-2"));
        send(conflict).statusCode(409);
        assertReplayAnswer(send(conflict));
        assertThat(rows("cash_payment_attempt")).isEqualTo(1);
    }

    @Test
    void twoConcurrentSendsOfOneSignatureBookOnce() throws Exception {
        CheckoutFixtures.stubHappyPath("SO-S5");
        Signed request = signed(seedOrder("SO-S5"));
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> sends = List.of(
                CompletableFuture.supplyAsync(() -> sendAfter(start, request)),
                CompletableFuture.supplyAsync(() -> sendAfter(start, request)));
        start.countDown();
        List<Integer> statuses = sends.stream()
                .map(f -> f.orTimeout(30, TimeUnit.SECONDS).join())
                .sorted()
                .toList();

        assertThat(statuses).containsExactly(200, 401);
        assertThat(rows("cash_payment")).isEqualTo(1);
        assertThat(rows("cash_payment_attempt")).isEqualTo(1);
    }

    /** A body with a v2 signature made once, sent as often as a test likes. */
    private record Signed(byte[] body, long timestamp, String signature) {
        /** The key of the replay cache: a SHA-256 of the matched MAC. */
        String digest() {
            try {
                byte[] mac = HexFormat.of().parseHex(signature.substring("v2=".length()));
                return HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(mac));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Signed signed(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long ts = ErpRequests.unusedSecond("POST", TARGET, bytes);
        return new Signed(bytes, ts, ErpRequests.signature(SECRET, ts, "POST", TARGET, body));
    }

    private static ValidatableResponse send(Signed request) {
        return ErpRequests.as(ACME)
                .request()
                .contentType("application/json")
                .body(request.body())
                .header("X-Signature-Timestamp", Long.toString(request.timestamp()))
                .header("X-Signature", request.signature())
                .when()
                .post(TARGET)
                .then();
    }

    private static int sendAfter(CountDownLatch start, Signed request) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return send(request).extract().statusCode();
    }

    /** Exactly what the auth filter answers any replay. */
    private static void assertReplayAnswer(ValidatableResponse response) {
        response.statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401))
                .body("type", equalTo("urn:erpbridge:problem:unauthorized"))
                .body("title", equalTo("Not authenticated"))
                .body("detail", containsString("X-Signature was already used"));
    }

    private double signatureFailures() {
        Counter counter = registry.find("bridge.auth.failures")
                .tags("surface", "erp-api", "merchant", ACME, "reason", "signature")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** Every statement on the payment's tables, with its transaction id, in order. */
    private static void logStatements() {
        StringBuilder sql = new StringBuilder("create table test_statement (seq bigserial, txid bigint, tbl text, "
                + "op text); create function test_statement_log() returns trigger language plpgsql as $$ begin "
                + "insert into test_statement (txid, tbl, op) values (txid_current(), TG_TABLE_NAME, TG_OP); "
                + "return null; end $$;");
        for (String table : WRITTEN) {
            sql.append(" create trigger test_statement_log after insert or update or delete on ")
                    .append(table)
                    .append(" for each statement execute function test_statement_log();");
        }
        Database.execute(sql.toString());
    }
}
