package org.erpbridge.carddata;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Encryption with rotating keys, the keyed lookup hash, and start-up refusing missing or bad keys. */
class CardVaultTest {
    private static final String CARD = "9276004429942845";

    @Test
    void sealedValueNamesItsKeyAndOpensAgain() {
        CardVault vault = TestCardKeys.vault();
        String sealed = vault.seal(CARD);

        assertThat(sealed).startsWith("cur:").doesNotContain(CARD).doesNotContain("2845");
        assertThat(vault.seal(CARD)).isNotEqualTo(sealed); // a fresh IV every time
        assertThat(vault.open(sealed)).isEqualTo(CARD);
    }

    @Test
    void valuesUnderAnOlderKeyStillOpenAfterRotation() {
        String underOld =
                TestCardKeys.vault(Map.of("bridge.card-data.active-key", "old")).seal(CARD);
        CardVault rotated = TestCardKeys.vault();

        assertThat(underOld).startsWith("old:");
        assertThat(rotated.open(underOld)).isEqualTo(CARD);
        assertThat(rotated.seal(CARD)).startsWith("cur:");
    }

    @Test
    void aValueUnderARemovedKeyOrTamperedWithDoesNotOpen() {
        String underOld =
                TestCardKeys.vault(Map.of("bridge.card-data.active-key", "old")).seal(CARD);
        CardVault withoutOld = TestCardKeys.vault(Map.of("bridge.card-data.keys.old", ""));
        String sealed = withoutOld.seal(CARD);
        char last = sealed.charAt(sealed.length() - 3);
        String tampered = sealed.substring(0, sealed.length() - 3)
                + (last == 'A' ? 'B' : 'A')
                + sealed.substring(sealed.length() - 2);

        assertThatThrownBy(() -> withoutOld.open(underOld))
                .hasMessageContaining("'old'")
                .hasMessageNotContaining(CARD);
        assertThatThrownBy(() -> withoutOld.open(tampered)).hasMessageContaining("could not be decrypted");
    }

    @Test
    void lookupHashIsStableKeyedAndSeparateFromRequestHashes() {
        CardVault vault = TestCardKeys.vault();
        CardVault otherKey = TestCardKeys.vault(
                Map.of("bridge.card-data.lookup-key", "ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICA="));

        assertThat(vault.lookupHash(CARD))
                .matches("[0-9a-f]{64}")
                .isEqualTo(vault.lookupHash(CARD))
                .isNotEqualTo(otherKey.lookupHash(CARD))
                .isNotEqualTo(vault.requestHash(CARD));
    }

    @Test
    void startUpNamesEveryMissingKey() {
        assertThatThrownBy(() -> TestCardKeys.vault(Map.of(
                        "bridge.card-data.keys.old",
                        "",
                        "bridge.card-data.keys.cur",
                        "",
                        "bridge.card-data.active-key",
                        "",
                        "bridge.card-data.lookup-key",
                        "")))
                .hasMessageContaining("bridge.card-data.keys.<id>: missing")
                .hasMessageContaining("bridge.card-data.active-key: missing")
                .hasMessageContaining("bridge.card-data.lookup-key: missing");
    }

    @Test
    void startUpRefusesMalformedKeysWithoutQuotingThem() {
        assertThatThrownBy(() -> TestCardKeys.vault(Map.of(
                        "bridge.card-data.keys.cur",
                        "c2hvcnQ=",
                        "bridge.card-data.active-key",
                        "k9",
                        "bridge.card-data.lookup-key",
                        "not base64!")))
                .hasMessageContaining("bridge.card-data.keys.cur: must be 32 bytes")
                .hasMessageContaining("bridge.card-data.active-key: names bridge.card-data.keys.k9")
                .hasMessageContaining("bridge.card-data.lookup-key: not valid base64")
                .hasMessageNotContaining("c2hvcnQ=");
    }
}
