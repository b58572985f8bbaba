package org.erpbridge.erp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.erpbridge.client.ErpSignatures;
import org.erpbridge.client.ErpSignatures.Verdict;
import org.erpbridge.merchant.Secret;
import org.erpbridge.merchant.SignatureScheme;
import org.erpbridge.testing.Project;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signing helper for ERP developers, in Java ({@code erp-client/java}) and in shell
 * ({@code erp-client/erp-signature.sh}), agrees with the bridge: what it signs, the bridge's verifier accepts, and
 * what the bridge signs (its callbacks), it accepts; tampering, a stale timestamp and a wrong secret are refused.
 */
class ErpSignaturesHelperTest {
    private static final String SECRET = "acme-signing-secret-0123456789";
    private static final Path SCRIPT = Project.path("erp-client/erp-signature.sh");
    private static final long NOW = 1_764_755_894L;
    private static final String PATH = "/api/v1/merchants/acme/cash-payments";
    private static final List<SignatureScheme> V2 = List.of(SignatureScheme.V2);
    private static final List<byte[]> BODIES = List.of(
            new byte[0],
            "{\"orderId\":\"SO-1\",\"total\":796}".getBytes(StandardCharsets.UTF_8),
            "{\"description\":\"Müsli, 0,5 l – süß\"}\n".getBytes(StandardCharsets.UTF_8),
            new byte[] {0, 10, 13, 46, (byte) 0xff, 32});

    @TempDir
    Path temp;

    @Test
    void theJavaHelperSignsWhatTheBridgeVerifiesAndVerifiesWhatTheBridgeSigns() {
        for (byte[] body : BODIES) {
            String helper = ErpSignatures.sign(SECRET, NOW, "POST", PATH, body);
            assertThat(helper).isEqualTo(bridge(NOW, body));
            assertThat(Signatures.verify(secret(), V2, signed(NOW, body), helper)
                            .verdict())
                    .isEqualTo(Signatures.Verdict.VALID);

            assertThat(ErpSignatures.verify(
                            SECRET,
                            Long.toString(NOW),
                            bridge(NOW, body),
                            "POST",
                            PATH,
                            body,
                            Instant.ofEpochSecond(NOW + 299)))
                    .isEqualTo(Verdict.VALID);
        }
        // the legacy scheme, for a merchant still migrating
        assertThat(ErpSignatures.signV1(SECRET, NOW, BODIES.get(1)))
                .isEqualTo(Signatures.header(secret(), List.of(SignatureScheme.V1), signed(NOW, BODIES.get(1))));
    }

    @Test
    void theJavaHelperRefusesWhatTheBridgeWouldRefuse() {
        byte[] body = BODIES.get(1);
        String bridge = bridge(NOW, body);
        Instant now = Instant.ofEpochSecond(NOW);
        byte[] tampered = "{\"orderId\":\"SO-1\",\"total\":797}".getBytes(StandardCharsets.UTF_8);

        assertThat(ErpSignatures.verify(SECRET, Long.toString(NOW), bridge, "POST", PATH, tampered, now))
                .isEqualTo(Verdict.MISMATCH);
        assertThat(ErpSignatures.verify(SECRET, Long.toString(NOW), bridge, "POST", PATH + "/SO-1/cancel", body, now))
                .as("bound to the path")
                .isEqualTo(Verdict.MISMATCH);
        assertThat(ErpSignatures.verify(
                        "another-secret-0123456789", Long.toString(NOW), bridge, "POST", PATH, body, now))
                .isEqualTo(Verdict.MISMATCH);
        assertThat(ErpSignatures.verify(SECRET, Long.toString(NOW), bridge, "POST", PATH, body, now.plusSeconds(301)))
                .isEqualTo(Verdict.STALE);
        assertThat(ErpSignatures.verify(SECRET, null, bridge, "POST", PATH, body, now))
                .isEqualTo(Verdict.MISSING);
        assertThat(ErpSignatures.verify(SECRET, "soon", bridge, "POST", PATH, body, now))
                .isEqualTo(Verdict.MALFORMED);
        assertThat(ErpSignatures.verify(SECRET, Long.toString(NOW), "v2=abc", "POST", PATH, body, now))
                .isEqualTo(Verdict.MALFORMED);
        // a secret rotation: the old and the new secret's values, one of them matches; other schemes are ignored
        String rotation = ErpSignatures.sign("old-signing-secret-0123456789", NOW, "POST", PATH, body) + ", v9=00, "
                + ErpSignatures.sign(SECRET, NOW, "POST", PATH, body)
                        .toUpperCase()
                        .replace("V2=", "v2=");
        assertThat(ErpSignatures.verify(SECRET, Long.toString(NOW), rotation, "POST", PATH, body, now))
                .isEqualTo(Verdict.VALID);
        assertThat(Signatures.verify(secret(), V2, signed(NOW, body), rotation).verdict())
                .isEqualTo(Signatures.Verdict.VALID);
    }

    @Test
    void theShellHelperSignsLikeTheBridge() throws IOException, InterruptedException {
        for (byte[] body : BODIES) {
            Path file = Files.write(temp.resolve("body"), body);
            Result signed = run("sign", SECRET, Long.toString(NOW), "POST", PATH, file.toString());
            assertThat(signed.exit()).as(signed.output()).isZero();
            assertThat(signed.output().strip()).isEqualTo(bridge(NOW, body));
        }
    }

    @Test
    void theShellHelperVerifiesTheBridgesCallbacks() throws IOException, InterruptedException {
        byte[] body = BODIES.get(2);
        Path file = Files.write(temp.resolve("callback.json"), body);
        Path tampered = Files.write(temp.resolve("tampered.json"), BODIES.get(1));
        long now = Instant.now().getEpochSecond();
        String bridge = bridge(now, body);
        String stale = bridge(now - 600, body);
        String ts = Long.toString(now);

        assertThat(run("verify", SECRET, ts, bridge, "POST", PATH, file.toString())
                        .exit())
                .isZero();
        assertThat(run("verify", SECRET, ts, "v2=" + "0".repeat(64) + ", " + bridge, "POST", PATH, file.toString())
                        .exit())
                .isZero();
        assertThat(run("verify", SECRET, ts, bridge, "POST", PATH, tampered.toString())
                        .exit())
                .isEqualTo(1);
        assertThat(run("verify", SECRET, ts, bridge, "POST", "/another/path", file.toString())
                        .exit())
                .isEqualTo(1);
        assertThat(run("verify", "another-secret-0123456789", ts, bridge, "POST", PATH, file.toString())
                        .exit())
                .isEqualTo(1);
        assertThat(run("verify", SECRET, ts, "v2=nothex", "POST", PATH, file.toString())
                        .exit())
                .isEqualTo(2);
        assertThat(run("verify", SECRET, Long.toString(now - 600), stale, "POST", PATH, file.toString())
                        .exit())
                .isEqualTo(3);
    }

    /** What the bridge sends for a request or callback to {@link #PATH} signed at {@code timestamp}. */
    private static String bridge(long timestamp, byte[] body) {
        return Signatures.header(secret(), V2, signed(timestamp, body));
    }

    private static Signatures.Signed signed(long timestamp, byte[] body) {
        return new Signatures.Signed(timestamp, "POST", PATH, body);
    }

    private static Secret secret() {
        return new Secret(SECRET);
    }

    private record Result(int exit, String output) {}

    private static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
