package org.erpbridge.secuconnect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code POST /oauth/token}; toString hides the secrets. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
record TokenRequest(
        @JsonProperty("grant_type") String grantType,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("client_secret") String clientSecret,
        @JsonProperty("refresh_token") String refreshToken) {

    static TokenRequest clientCredentials(String clientId, String clientSecret) {
        return new TokenRequest("client_credentials", clientId, clientSecret, null);
    }

    static TokenRequest refreshToken(String clientId, String clientSecret, String refreshToken) {
        return new TokenRequest("refresh_token", clientId, clientSecret, refreshToken);
    }

    @Override
    public String toString() {
        return "TokenRequest[grant_type=" + grantType + ", client_id=" + clientId + "]";
    }
}
