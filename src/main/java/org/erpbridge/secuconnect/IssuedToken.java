package org.erpbridge.secuconnect;

import java.time.Duration;
import java.time.Instant;

/** An access token and the instant from which it must no longer be used (expiry minus safety margin). */
record IssuedToken(String value, Instant renewAt) {

    static IssuedToken of(TokenResponse response, Instant now, Duration margin) {
        long lifetime = response.expiresIn() == null ? 0 : response.expiresIn();
        long safety = Math.min(margin.toSeconds(), lifetime / 2);
        return new IssuedToken(response.accessToken(), now.plusSeconds(lifetime - safety));
    }

    boolean usableAt(Instant now) {
        return now.isBefore(renewAt);
    }

    @Override
    public String toString() {
        return "IssuedToken[renewAt=" + renewAt + "]";
    }
}
