package org.erpbridge.ops.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code kubectl kustomize}, when this machine has a kubectl (it is not in Debian's repositories). */
final class Kubectl {
    private static final Optional<Path> BINARY = locate();

    private Kubectl() {
    }

    static boolean available() {
        return BINARY.isPresent();
    }

    static List<ObjectNode> kustomize(Path dir) {
        Path kubectl = BINARY.orElseThrow(() -> new IllegalStateException("no kubectl on this machine"));
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + dir + " did not finish within 60 s");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + dir + " failed: "
                            + Files.readString(err, StandardCharsets.UTF_8));
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

    /** The kubectl on PATH (or /usr/bin); -Dk8s.kubectl=none forces the built-in renderer, -Dk8s.kubectl=PATH picks one. */
    private static Optional<Path> locate() {
        String chosen = System.getProperty("k8s.kubectl", "");
        if (chosen.equals("none")) {
            return Optional.empty();
        }
        if (!chosen.isEmpty()) {
            return Optional.of(Path.of(chosen)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()), Stream.of("/usr/bin"))
                .map(d -> Path.of(d, "kubectl")).filter(Files::isExecutable).findFirst();
    }
}
