package org.erpbridge.checkout;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.erpbridge.client.ErpSignatures;
import org.erpbridge.generated.client.ApiClient;
import org.erpbridge.generated.client.ApiException;
import org.erpbridge.generated.client.api.CardBalancesApi;
import org.erpbridge.generated.client.api.CashPaymentsApi;
import org.erpbridge.generated.client.model.Card;
import org.erpbridge.generated.client.model.CashPayment;
import org.erpbridge.generated.client.model.CashPaymentLine;
import org.erpbridge.generated.client.model.CashPaymentProblem;
import org.erpbridge.generated.client.model.CashPaymentRequest;
import org.erpbridge.generated.client.model.FieldError;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;
import org.erpbridge.testing.CleanSlate;
import org.erpbridge.testing.SecuconnectStubs;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.erpbridge.checkout.CheckoutFixtures.CANCEL_PATH;
import static org.erpbridge.checkout.CheckoutFixtures.CARD;
import static org.erpbridge.checkout.CheckoutFixtures.MASKED_CARD;
import static org.erpbridge.checkout.CheckoutFixtures.merchantRef;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/**
 * An ERP integrator's view: a Java client generated from the committed openapi.yaml (OpenAPI Generator, library
 * native) and a request interceptor that adds the bearer key and signs bodies with the signing helper, nothing else,
 * books, reads and cancels a cash payment, reads the card, and gets a refused payment as a typed problem.
 */
@QuarkusTest
class GeneratedClientTest {
    @TestHTTPResource("/")
    URL root;

    @Inject
    Merchants merchants;

    private CashPaymentsApi payments;
    private CardBalancesApi cards;

    @BeforeEach
    void client() {
        CleanSlate.reset();
        ApiClient client = new ApiClient();
        client.updateBaseUri(root.toString().replaceAll("/$", ""));
        Merchant acme = merchants.get(ACME);
        String apiKey = acme.erp().apiKey().reveal();
        String signingSecret = acme.erp().signingSecret().orElseThrow().reveal();
        client.setRequestInterceptor(request -> authenticateAndSign(request, apiKey, signingSecret));
        payments = new CashPaymentsApi(client);
        cards = new CardBalancesApi(client);
    }

    @Test
    void aCashPaymentIsBookedReadAndCancelledAndItsCardRead() throws ApiException {
        CheckoutFixtures.stubHappyPath("GC-1");
        wm().stubFor(post(urlEqualTo(CANCEL_PATH))
                .willReturn(json(200, CheckoutFixtures.stxWithStatus("cancelled", merchantRef("GC-1", 1)))));

        CashPayment booked = payments.recordCashPayment(ACME, order("GC-1", 1), null, null);

        assertThat(booked.getStatus()).isEqualTo("completed");
        assertThat(booked.getTotal()).isEqualTo(796L);
        assertThat(booked.getSmartTransactionId()).isEqualTo(SecuconnectStubs.STX_ID);
        assertThat(booked.getCard().getMaskedNumber()).isEqualTo(MASKED_CARD);
        assertThat(booked.getCard().getBalance()).isEqualTo(1000L);
        assertThat(booked.getReceipt()).isNotEmpty();

        CashPayment read = payments.getCashPayment(ACME, "GC-1");
        assertThat(read.getStatus()).isEqualTo("completed");
        assertThat(read.getAttempts()).hasSize(1);
        assertThat(read.getAttempts().get(0).getSmartTransactionId()).isEqualTo(SecuconnectStubs.STX_ID);

        CashPayment cancelled = payments.cancelCashPayment(ACME, "GC-1", null, null);
        assertThat(cancelled.getStatus()).isEqualTo("cancelled");
        assertThat(cancelled.getCancelledAt()).isNotBlank();
        assertThat(CheckoutFixtures.cancels()).isEqualTo(1);

        Card card = cards.getCard(ACME, CARD);
        assertThat(card.getMaskedNumber()).isEqualTo(MASKED_CARD);
        assertThat(card.getBalance()).isEqualTo(1000L);
        assertThat(card.getCurrency()).isEqualTo("EUR");
        assertThat(card.getSyncedAt()).isNotNull();
    }

    @Test
    void anInvalidPaymentArrivesAsATypedProblem() throws Exception {
        ApiException refused = catchThrowableOfType(
                ApiException.class, () -> payments.recordCashPayment(ACME, order("GC-2", 0), null, null));

        assertThat(refused.getCode()).isEqualTo(422);
        assertThat(refused.getResponseHeaders().firstValue("Content-Type")).hasValue("application/problem+json");
        CashPaymentProblem problem =
                new ApiClient().getObjectMapper().readValue(refused.getResponseBody(), CashPaymentProblem.class);
        assertThat(problem.getType()).isEqualTo(URI.create("urn:erpbridge:problem:validation"));
        assertThat(problem.getStatus()).isEqualTo(422);
        assertThat(problem.getErrors()).extracting(FieldError::getField).contains("lines[0].quantity");
        assertThat(CheckoutFixtures.creates()).isZero();
    }

    /** The seed basket with the first line's quantity given (349 + 249 + 2 x 99 = 796 with quantity 1). */
    private static CashPaymentRequest order(String orderId, long firstQuantity) {
        return new CashPaymentRequest()
                .orderId(orderId)
                .currency("EUR")
                .total(796L)
                .loyaltyCard(CARD)
                .lines(List.of(
                        new CashPaymentLine()
                                .articleNumber("30037")
                                .description("Sandwich Romano")
                                .quantity(firstQuantity)
                                .unitPrice(349L)
                                .vatRate(7),
                        new CashPaymentLine()
                                .articleNumber("30200")
                                .description("Fruit salad, small bowl")
                                .quantity(1L)
                                .unitPrice(249L)
                                .vatRate(7),
                        new CashPaymentLine()
                                .articleNumber("51")
                                .ean("4999012345678")
                                .description("Water 0.25 l")
                                .quantity(2L)
                                .unitPrice(99L)
                                .vatRate(19)))
                .register("KASSE-1")
                .cashier("Anna")
                .paidAt("2026-11-23T09:18:14+01:00");
    }

    /** The request interceptor an integrator writes: the bearer key, and for a POST the signature of method, path and body. */
    static void authenticateAndSign(HttpRequest.Builder request, String apiKey, String signingSecret) {
        request.setHeader("Authorization", "Bearer " + apiKey);
        HttpRequest built = request.build();
        if (!"GET".equals(built.method())) {
            long now = Instant.now().getEpochSecond();
            byte[] body = built.bodyPublisher().map(GeneratedClientTest::bytes).orElse(new byte[0]);
            request.setHeader(ErpSignatures.TIMESTAMP_HEADER, Long.toString(now));
            String target = built.uri().getRawPath()
                    + (built.uri().getRawQuery() != null ? "?" + built.uri().getRawQuery() : "");
            request.setHeader(
                    ErpSignatures.SIGNATURE_HEADER,
                    ErpSignatures.sign(signingSecret, now, built.method(), target, body));
        }
    }

    /** The bytes a body publisher sends (the generated client publishes the serialised body from a byte array). */
    static byte[] bytes(HttpRequest.BodyPublisher publisher) {
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                done.complete(out.toByteArray());
            }
        });
        try {
            return done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The request body could not be read for signing", e);
        }
    }
}
