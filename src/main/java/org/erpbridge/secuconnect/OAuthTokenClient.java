package org.erpbridge.secuconnect;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Grant;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Secret;

/**
 * Asks {@code POST /oauth/token} (on the host root, outside {@code /api/v2}; a JSON body as in secuconnect's docs)
 * for a new access token with the merchant's grant:
 * <ul>
 * <li>{@code client-credentials}: {@code grant_type=client_credentials} with client_id/client_secret;</li>
 * <li>{@code refresh-token} and {@code device}: {@code grant_type=refresh_token} with the configured
 * refresh token of an already authorised device session plus client_id/client_secret. For {@code device}
 * the device-uuid names the device whose session that refresh token belongs to; registering the device
 * (user code confirmed in SecuOffice) happens once, outside the bridge.</li>
 * </ul>
 */
@ApplicationScoped
class OAuthTokenClient {
    static final String PATH = "/oauth/token";

    private final MerchantTransports transports;
    private final ResponseReader reader;
    private final SecuconnectMetrics metrics;
    private final Duration margin;
    private final Clock clock;

    OAuthTokenClient(
            MerchantTransports transports,
            ResponseReader reader,
            SecuconnectMetrics metrics,
            BridgeConfig config,
            Clock clock) {
        this.clock = clock;
        this.transports = transports;
        this.reader = reader;
        this.metrics = metrics;
        this.margin = config.secuconnect().tokenExpiryMargin();
    }

    IssuedToken request(Merchant merchant) {
        TokenRequest request = requestFor(merchant);
        metrics.tokenRequested(merchant.key());
        SecuconnectHttp http = transports.of(merchant);
        RawResponse raw = Exchange.send(merchant.key(), Operation.TOKEN, () -> http.post(PATH, request, null));
        if (!raw.successful()) {
            throw reader.tokenFailure(merchant.key(), raw, request.clientSecret(), request.refreshToken());
        }
        TokenResponse token = reader.value(merchant.key(), Operation.TOKEN, raw, reader.type(TokenResponse.class));
        if (token.accessToken() == null || token.accessToken().isBlank()) {
            throw new SecuconnectMalformedResponseException(
                    merchant.key(),
                    Operation.TOKEN.label(),
                    raw.status(),
                    "secuconnect's token answer has no access_token",
                    null);
        }
        return IssuedToken.of(token, clock.instant(), margin);
    }

    private static TokenRequest requestFor(Merchant merchant) {
        Merchant.SecuconnectSettings sc = merchant.secuconnect();
        if (sc.grant() == Grant.CLIENT_CREDENTIALS || sc.sandbox()) {
            return TokenRequest.clientCredentials(
                    sc.clientId(), sc.clientSecret().reveal());
        }
        Secret refreshToken = sc.refreshToken()
                .orElseThrow(() -> new SecuconnectAuthenticationException(
                        merchant.key(),
                        Operation.TOKEN.label(),
                        0,
                        "missing_refresh_token",
                        "merchant " + merchant.key() + " uses grant "
                                + sc.grant().configValue()
                                + " but has no refresh-token of an authorised device session"));
        return TokenRequest.refreshToken(sc.clientId(), sc.clientSecret().reveal(), refreshToken.reveal());
    }
}
