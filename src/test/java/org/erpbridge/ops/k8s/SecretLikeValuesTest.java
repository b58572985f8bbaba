package org.erpbridge.ops.k8s;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The secret scanner flags what looks like a credential and lets placeholders, expansions and digests pass. */
class SecretLikeValuesTest {

    @Test
    void secretNamedPropertiesMustBeEnvironmentExpansions() {
        String props = """
                bridge.merchants.shop.erp.api-key=abcdefghijklmnopqrst
                quarkus.datasource.password=hunter2
                bridge.merchants.shop.secuconnect.client-secret=${SHOP_SECUCONNECT_CLIENT_SECRET}
                quarkus.datasource.password=${BRIDGE_DB_PASSWORD:}
                bridge.merchants.shop.secuconnect.refresh-token=CHANGE_ME_refresh_token
                %dev.bridge.merchants.demo.erp.api-key=demo-erp-api-key-0001
                quarkus.oidc-client.token-path=/oauth/token
                """;
        assertThat(SecretLikeValues.inProperties("a.properties", props))
                .hasSize(2)
                .anySatisfy(f -> assertThat(f).startsWith("a.properties:1: bridge.merchants.shop.erp.api-key"))
                .anySatisfy(f -> assertThat(f).startsWith("a.properties:2: quarkus.datasource.password"));
    }

    @Test
    void wellKnownKeyFormatsAreFoundAnywhere() {
        String text = """
                key: |
                  -----BEGIN RSA PRIVATE KEY-----
                aws: AKIAABCDEFGHIJKLMNOP
                header: "Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0"
                """;
        assertThat(SecretLikeValues.inText("x.yaml", text))
                .hasSizeGreaterThanOrEqualTo(3)
                .anySatisfy(f -> assertThat(f).contains("x.yaml:2").contains("private key"))
                .anySatisfy(f -> assertThat(f).contains("x.yaml:3").contains("AWS"))
                .anySatisfy(f -> assertThat(f).contains("x.yaml:4").contains("bearer"));
    }

    @Test
    void randomLookingStringsAreFoundButDigestsAndNamesAreNot() {
        assertThat(SecretLikeValues.inText("s.env", "SIGNING=Zr8kQ2vX9mLp4TnW7yBc3HdF6jGs1AeU"))
                .hasSize(1);
        assertThat(SecretLikeValues.inText("s.env", "SIGNING=3f786850e387550fdab836ed7e6dc881de23001b"))
                .hasSize(1);
        assertThat(SecretLikeValues.inText("d.yaml", """
                image: quay.io/x/y@sha256:d4eaeacc7737d7f0285164c56472d5cdd5f44228597b38329d8b436594c15af5
                name: secuconnect-erp-bridge-config-mm9dg5fbgb
                bridge.merchants.example-shop.secuconnect.client-secret=${EXAMPLE_SHOP_SECUCONNECT_CLIENT_SECRET}
                EXAMPLE_OUTLET_SECUCONNECT_CLIENT_SECRET: CHANGE_ME_secuconnect_client_secret
                """)).isEmpty();
    }
}
