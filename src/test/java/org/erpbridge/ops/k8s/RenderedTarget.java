package org.erpbridge.ops.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.erpbridge.testing.Project;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;

/** One kustomize target rendered and read into the typed Kubernetes model; rendered once per test run. */
record RenderedTarget(Path dir, List<ObjectNode> manifests, List<HasMetadata> objects) {
    private static final Map<Path, RenderedTarget> CACHE = new ConcurrentHashMap<>();

    static RenderedTarget of(Path dir) {
        return CACHE.computeIfAbsent(dir, d -> {
            List<ObjectNode> manifests = Manifests.render(d);
            return new RenderedTarget(
                    d,
                    manifests,
                    manifests.stream().map(KubernetesSchema::parse).toList());
        });
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The single object of a kind; every target has exactly one of each kind it deploys. */
    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError(
                    dir + ": expected exactly one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    /** The Secret template next to the kustomization (never rendered: see the overlay's kustomization.yaml). */
    Optional<Secret> secretTemplate() {
        Path file = Project.path(dir).resolve("secret.template.yaml");
        return Files.isRegularFile(file)
                ? Optional.of((Secret) KubernetesSchema.parse(Yaml.single(file)))
                : Optional.empty();
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
