package org.erpbridge.ops.k8s;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code kubectl kustomize}: the only renderer of the manifests in k8s/, so the tests check what operators apply.
 * Without kubectl the k8s tests fail (a missing tool must not pass the build) and say what to install.
 */
final class Kubectl {
    /** Debian bookworm's kubernetes-client is kubectl 1.20, whose kustomize (v2.0.3) lacks the overlay's labels field. */
    static final String INSTALL_HINT = "install kubectl 1.27 or newer (https://kubernetes.io/docs/tasks/tools/: the "
            + "binary from dl.k8s.io or the pkgs.k8s.io apt repository; Debian 12's kubernetes-client is too old) "
            + "and put it on PATH, or name it with -Dk8s.kubectl=/path/to/kubectl";

    static final Kubectl ON_THIS_MACHINE = new Kubectl(
            System.getProperty("k8s.kubectl", ""),
            System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin");

    private final Optional<Path> binary;
    private final String lookedAt;

    /** The kubectl named by {@code chosen}, or else the first in the directories of {@code searchPath}. */
    Kubectl(String chosen, String searchPath) {
        Stream<Path> candidates = chosen.isEmpty()
                ? Stream.of(searchPath.split(File.pathSeparator))
                        .filter(d -> !d.isBlank())
                        .map(d -> Path.of(d, "kubectl"))
                : Stream.of(Path.of(chosen));
        this.binary = candidates.filter(Files::isExecutable).findFirst();
        this.lookedAt = chosen.isEmpty() ? "in " + searchPath : "at " + chosen + " (-Dk8s.kubectl)";
    }

    /** Every object {@code kubectl kustomize dir} renders, in kubectl's order. */
    List<ObjectNode> kustomize(Path dir) {
        Path kubectl = binary.orElseThrow(() -> new IllegalStateException("no executable kubectl " + lookedAt
                + ": the k8s/ tests render the manifests with `kubectl kustomize`; " + INSTALL_HINT));
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + dir + " did not finish within 60 s");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(
                            "kubectl kustomize " + dir + " failed: " + Files.readString(err, StandardCharsets.UTF_8));
                }
                return Yaml.documents(Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + kubectl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
