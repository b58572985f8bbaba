package org.erpbridge.checkout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.erpbridge.common.LogContext;
import org.erpbridge.erp.CorrelationFilter;
import org.erpbridge.secuconnect.SecuconnectClientState;
import org.erpbridge.testing.CleanSlate;
import org.erpbridge.testing.ErpRequests;
import org.erpbridge.testing.LogCapture;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.checkout.CheckoutFixtures.CARD;
import static org.erpbridge.checkout.CheckoutFixtures.merchantRef;
import static org.erpbridge.checkout.CheckoutFixtures.seedOrder;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.STX_ID;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/**
 * The log context of a payment: every line the checkout and the secuconnect client write for it, on the request
 * thread, the worker thread and in recovery, carries correlationId, merchant, orderId and (once known) stx in its
 * MDC; the correlation id comes from X-Correlation-Id and goes back in it; no card number reaches a line; the
 * console handler masks one that would.
 */
@QuarkusTest
class PaymentLogContextTest {
    private static final String CORRELATION_ID = "erp-case-4711";

    @Inject
    PaymentRecovery recovery;

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    record Line(String logger, String thread, String message, Map<String, String> mdc) {
        static Line of(ExtLogRecord r) {
            return new Line(r.getLoggerName(), r.getThreadName(), r.getFormattedMessage(), r.getMdcCopy());
        }

        boolean ofPayments() {
            return logger.startsWith("org.erpbridge.checkout") || logger.startsWith("org.erpbridge.secuconnect");
        }
    }

    @BeforeEach
    void reset() {
        CleanSlate.reset();
    }

    private List<Line> lines() {
        return logs.records().stream().map(Line::of).toList();
    }

    @Test
    void everyLineOfAPaymentCarriesItsCorrelationFieldsOnEveryThread() {
        CheckoutFixtures.stubHappyPath("SO-C1");

        Response response = post("SO-C1", CORRELATION_ID);

        response.then().statusCode(200).header(CorrelationFilter.HEADER, CORRELATION_ID);
        List<Line> payment = lines().stream().filter(Line::ofPayments).toList();
        assertThat(payment)
                .as("checkout and client lines of the payment")
                .hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(l -> assertThat(l.mdc())
                        .as(l.message())
                        .containsEntry(LogContext.CORRELATION_ID, CORRELATION_ID)
                        .containsEntry(LogContext.MERCHANT, ACME)
                        .containsEntry(LogContext.ORDER_ID, "SO-C1"));
        Line received = single(payment, "Cash payment received");
        Line completed = single(payment, "Cash payment completed");
        assertThat(completed.thread())
                .as("booked by a worker, not the request thread")
                .isNotEqualTo(received.thread());
        assertThat(completed.mdc()).containsEntry(LogContext.STX, STX_ID);
        assertThat(single(payment, "secuconnect smart-transaction.start").mdc()).containsEntry(LogContext.STX, STX_ID);
        assertNoCardNumber();
    }

    @Test
    void recoveryLinesCarryThePaymentAndAnIdOfTheirOwn() {
        wm().stubFor(CheckoutFixtures.createStx()
                .willReturn(json(200, CheckoutFixtures.stxCreated(merchantRef("SO-C2", 1)))));
        wm().stubFor(CheckoutFixtures.startCash()
                .willReturn(WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        post("SO-C2", CORRELATION_ID).then().statusCode(202);
        SecuconnectClientState.reset(ACME);
        wm().stubFor(CheckoutFixtures.readStx().willReturn(json(200, CheckoutFixtures.stxOk(merchantRef("SO-C2", 1)))));
        logs.clear();

        assertThat(recovery.runPass(Instant.now().plus(Duration.ofMinutes(1)))).isEqualTo(1);

        List<Line> recovered = lines().stream().filter(Line::ofPayments).toList();
        assertThat(recovered)
                .hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(l -> assertThat(l.mdc())
                        .as(l.message())
                        .containsEntry(LogContext.MERCHANT, ACME)
                        .containsEntry(LogContext.ORDER_ID, "SO-C2")
                        .containsEntry(LogContext.STX, STX_ID)
                        .containsKey(LogContext.CORRELATION_ID));
        assertThat(recovered)
                .extracting(l -> l.mdc().get(LogContext.CORRELATION_ID))
                .as("one id for the recovery")
                .containsOnly(recovered.get(0).mdc().get(LogContext.CORRELATION_ID))
                .doesNotContain(CORRELATION_ID);
        single(recovered, "Cash payment completed");
        assertThat(LogContext.get(LogContext.ORDER_ID))
                .as("the recovering thread is left clean")
                .isNull();
        assertNoCardNumber();
    }

    @Test
    void anUnsafeOrMissingCorrelationIdIsReplacedByANewOneAndEveryAnswerCarriesIt() {
        CheckoutFixtures.stubHappyPath("SO-C3");
        String unsafe = "x\" forged=\"1";

        String replaced = post("SO-C3", unsafe).then().statusCode(200).extract().header(CorrelationFilter.HEADER);
        String generated = ErpRequests.as(ACME)
                .request()
                .when()
                .get(ErpRequests.path(ACME, "/cash-payments/SO-C3"))
                .then()
                .statusCode(200)
                .extract()
                .header(CorrelationFilter.HEADER);

        String refused = ErpRequests.as(ACME)
                .withBearer("not-the-api-key-0000")
                .request()
                .header(CorrelationFilter.HEADER, CORRELATION_ID)
                .when()
                .get(ErpRequests.path(ACME, "/cash-payments/SO-C3"))
                .then()
                .statusCode(401)
                .extract()
                .header(CorrelationFilter.HEADER);

        assertThat(refused).as("echoed on a refused request too").isEqualTo(CORRELATION_ID);
        assertThat(replaced).matches("[0-9a-f-]{36}");
        assertThat(generated).matches("[0-9a-f-]{36}").isNotEqualTo(replaced);
        assertThat(lines())
                .filteredOn(Line::ofPayments)
                .isNotEmpty()
                .noneSatisfy(
                        l -> assertThat(l.mdc().get(LogContext.CORRELATION_ID)).isEqualTo(unsafe));
    }

    @Test
    void theConsoleHandlerMasksACardNumberThatReachesIt() {
        List<ConsoleHandler> consoles = new ArrayList<>();
        for (Handler h :
                org.jboss.logmanager.LogContext.getLogContext().getLogger("").getHandlers()) {
            collectConsoles(h, consoles);
        }
        assertThat(consoles).as("console handlers under the root logger").isNotEmpty();
        for (ConsoleHandler console : consoles) {
            ExtLogRecord record = new ExtLogRecord(
                    Level.WARNING,
                    "card %s refused for order %s",
                    ExtLogRecord.FormatStyle.PRINTF,
                    getClass().getName());
            record.setParameters(new Object[] {CARD, "SO-C4"});
            record.setThrown(new IllegalStateException("secuconnect: card " + CARD + " locked"));

            assertThat(console.getFilter())
                    .as("a filter on the console handler")
                    .isNotNull();
            assertThat(console.getFilter().isLoggable(record)).isTrue();

            assertThat(record.getFormattedMessage()).isEqualTo("card ************2845 refused for order SO-C4");
            assertThat(record.getThrown().toString())
                    .isEqualTo("java.lang.IllegalStateException: secuconnect: card ************2845 locked");
        }
    }

    private static void collectConsoles(Handler handler, List<ConsoleHandler> into) {
        if (handler instanceof ConsoleHandler console) {
            into.add(console);
        }
        if (handler instanceof ExtHandler ext) {
            for (Handler child : ext.getHandlers()) {
                collectConsoles(child, into);
            }
        }
    }

    private static Response post(String orderId, String correlationId) {
        return ErpRequests.as(ACME)
                .json(seedOrder(orderId))
                .header(CorrelationFilter.HEADER, correlationId)
                .when()
                .post(ErpRequests.path(ACME, "/cash-payments"));
    }

    private static Line single(List<Line> lines, String prefix) {
        List<Line> found =
                lines.stream().filter(l -> l.message().startsWith(prefix)).toList();
        assertThat(found).as("lines starting with " + prefix).hasSize(1);
        return found.get(0);
    }

    private void assertNoCardNumber() {
        assertThat(lines())
                .isNotEmpty()
                .noneSatisfy(l -> assertThat(l.message() + l.mdc()).contains(CARD));
    }
}
