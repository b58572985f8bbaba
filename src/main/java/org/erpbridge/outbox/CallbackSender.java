package org.erpbridge.outbox;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.erpbridge.common.HttpClientThreads;
import org.erpbridge.erp.Signatures;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;

/**
 * POSTs one event envelope to a callback URL, signed like ERP requests ({@link Signatures}) with a timestamp
 * taken at send time, so a retry days later still passes the ERP's freshness check. A {@code v2} signature binds
 * the method ({@code POST}) and the callback URL's path with its query; the event id is inside the signed body.
 */
@ApplicationScoped
class CallbackSender {
    static final String EVENT_ID_HEADER = "X-Event-Id";
    static final String EVENT_TYPE_HEADER = "X-Event-Type";

    /** The result of one attempt: {@code status} is null when no HTTP answer came back. */
    record Result(boolean delivered, Integer status, String error) {}

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    @Inject
    CallbackSender(BridgeConfig config, Clock clock) {
        this.timeout = config.outbox().requestTimeout();
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(HttpClientThreads.shared())
                .build();
    }

    /** The request target the ERP receives: the raw path (at least {@code /}) and the raw query, if any. */
    static String pathAndQuery(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    Result send(URI callbackUrl, Merchant.ErpSettings erp, ClaimedEvent event) {
        byte[] body = event.payload().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(callbackUrl)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "secuconnect-erp-bridge")
                .header(EVENT_ID_HEADER, event.id().toString())
                .header(EVENT_TYPE_HEADER, event.type())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (erp.signingSecret().isPresent()) {
            long timestamp = clock.instant().getEpochSecond();
            Signatures.Signed signed = new Signatures.Signed(timestamp, "POST", pathAndQuery(callbackUrl), body);
            request.header(Signatures.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(
                            Signatures.SIGNATURE_HEADER,
                            Signatures.header(erp.signingSecret().get(), erp.signatureVersions(), signed));
        }
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300
                    ? new Result(true, status, null)
                    : new Result(false, status, "HTTP " + status);
        } catch (HttpConnectTimeoutException e) {
            return new Result(false, null, "connect timeout after " + timeout.toMillis() + " ms");
        } catch (HttpTimeoutException e) {
            return new Result(false, null, "no answer within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return new Result(false, null, "connection refused or host unreachable");
        } catch (IOException e) {
            // the class name only: messages may quote the URL, which can carry a token
            return new Result(false, null, "I/O error (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, null, "interrupted");
        }
    }
}
