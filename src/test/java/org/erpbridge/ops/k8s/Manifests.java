package org.erpbridge.ops.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.erpbridge.testing.Project;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where the kustomize targets live and how they are rendered on this machine. */
final class Manifests {
    static final Path K8S = Path.of("k8s");

    private Manifests() {}

    /** The base and every overlay under k8s/overlays, relative to the project root. */
    static List<Path> targets() {
        try (Stream<Path> overlays = Files.list(Project.path(K8S.resolve("overlays")))) {
            return Stream.concat(
                            Stream.of(K8S.resolve("base")),
                            overlays.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                                    .map(d -> K8S.resolve("overlays").resolve(d.getFileName()))
                                    .sorted())
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The objects of a target as {@code kubectl kustomize} renders them. */
    static List<ObjectNode> render(Path target) {
        return Kubectl.ON_THIS_MACHINE.kustomize(Project.path(target));
    }
}
