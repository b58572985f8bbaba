package org.erpbridge.secuconnect;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Successful token answer; toString hides the tokens. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("expires_in") Long expiresIn,
        @JsonProperty("token_type") String tokenType,
        String scope,
        @JsonProperty("refresh_token") String refreshToken) {

    @Override
    public String toString() {
        return "TokenResponse[expires_in=" + expiresIn + ", token_type=" + tokenType + "]";
    }
}
