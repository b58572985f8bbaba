package org.erpbridge.secuconnect;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.erpbridge.common.HttpClientThreads;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.secuconnect.model.ListQuery;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One merchant's HTTP transport to secuconnect: a JDK {@link HttpClient} on HTTP/1.1 that never follows redirects
 * (a 3xx comes back as it is, for {@link ResponseReader} to judge), with the merchant's connect and read timeouts.
 * Bodies are JSON written by the application's {@link ObjectMapper}; answers come back whole as {@link RawResponse}.
 * Transport failures are thrown as they are; {@link Exchange} decides what they mean.
 */
final class SecuconnectHttp {
    private static final String JSON = "application/json";
    private static final String USER_AGENT = "secuconnect-erp-bridge";

    private final HttpClient client;
    private final String base;
    private final Duration readTimeout;
    private final long exchangeBoundNanos;
    private final ObjectMapper mapper;

    SecuconnectHttp(Merchant.SecuconnectSettings settings, ObjectMapper mapper) {
        this(settings.baseUrl(), settings.connectTimeout(), settings.readTimeout(), mapper);
    }

    SecuconnectHttp(URI baseUrl, Duration connectTimeout, Duration readTimeout, ObjectMapper mapper) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(HttpClientThreads.shared())
                .build();
        String url = baseUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.readTimeout = readTimeout;
        // the JDK's request timeout ends when the headers arrive; this also bounds a body that stalls halfway
        this.exchangeBoundNanos = connectTimeout.plus(readTimeout).toNanos();
        this.mapper = mapper;
    }

    RawResponse get(String path, String authorization) throws IOException, InterruptedException {
        return send(request(path, authorization).GET());
    }

    /** {@code body} null sends an empty body without a Content-Type. */
    RawResponse post(String path, Object body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path, authorization);
        return send(
                body == null
                        ? request.POST(HttpRequest.BodyPublishers.noBody())
                        : request.header("Content-Type", JSON).POST(json(body)));
    }

    RawResponse put(String path, Object body, String authorization) throws IOException, InterruptedException {
        return send(request(path, authorization).header("Content-Type", JSON).PUT(json(body)));
    }

    /** {@code prefix} followed by each segment, percent-encoded: an id can never add a path segment or a query. */
    static String path(String prefix, String... segments) {
        StringBuilder path = new StringBuilder(prefix);
        for (String segment : segments) {
            path.append('/').append(encode(segment));
        }
        return path.toString();
    }

    /** {@code path} with the list parameters that are set, in a fixed order, each value encoded exactly once. */
    static String withQuery(String path, ListQuery query) {
        StringBuilder target = new StringBuilder(path);
        if (query != null) {
            parameter(target, "count", query.count());
            parameter(target, "offset", query.offset());
            parameter(target, "fields", query.fields());
            parameter(target, "q", query.q());
            parameter(target, "sort", query.sort());
        }
        return target.toString();
    }

    private static void parameter(StringBuilder target, String name, Object value) {
        if (value != null) {
            target.append(target.indexOf("?") < 0 ? '?' : '&')
                    .append(name)
                    .append('=')
                    .append(encode(value.toString()));
        }
    }

    /** UTF-8 percent-encoding; a space becomes %20, which both query and path decoders read as a space. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(readTimeout)
                .header("Accept", JSON)
                .header("User-Agent", USER_AGENT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private HttpRequest.BodyPublisher json(Object body) throws IOException {
        return HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body));
    }

    private RawResponse send(HttpRequest.Builder request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> pending =
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = pending.get(exchangeBoundNanos, TimeUnit.NANOSECONDS);
            return new RawResponse(
                    response.statusCode(),
                    response.body() == null ? "" : response.body(),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            pending.cancel(true); // closes the connection: the rest of the answer is not waited for
            throw new HttpTimeoutException("answer incomplete after connect and read timeout");
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        }
    }
}
