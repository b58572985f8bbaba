package org.erpbridge.ops.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The built-in renderer against kubectl, and its refusal of kustomize features it does not implement. */
class KustomizeRendererTest {

    @Test
    void builtInRendererRendersEveryTargetExactlyAsKubectlDoes() {
        for (Path target : Manifests.targets()) {
            Map<String, ObjectNode> builtIn = byIdentity(KustomizeRenderer.render(Project.path(target)));
            assertThat(builtIn).as("%s renders to something", target).isNotEmpty();
            if (Kubectl.available()) {
                Map<String, ObjectNode> kubectl = byIdentity(Kubectl.kustomize(Project.path(target)));
                assertThat(builtIn.keySet()).as("objects rendered from %s", target).isEqualTo(kubectl.keySet());
                kubectl.forEach((id, expected) -> assertThat(JsonDiff.differences(expected, builtIn.get(id)))
                        .as("built-in rendering of %s in %s differs from kubectl's", id, target).isEmpty());
            } else {
                System.out.println("kubectl not found: " + target + " rendered by the built-in renderer only");
            }
        }
    }

    @Test
    void configMapHashSuffixIsKustomizes() {
        // suffixes kubectl kustomize (v5.5.0) gave ConfigMaps generated from a file and from a literal
        assertThat(KustomizeNameHash.configMapSuffix(Map.of("a.properties", "x=<1> & y\n"))).isEqualTo("dhf6ff9m7d");
        assertThat(KustomizeNameHash.configMapSuffix(Map.of("a", "b"))).isEqualTo("4h2mbtbbt6");
    }

    @Test
    void refusesKustomizeFeaturesItDoesNotImplement(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: []\nnamePrefix: shop-\n");
        assertThatThrownBy(() -> KustomizeRenderer.render(dir)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("namePrefix");
    }

    @Test
    void refusesPatchDirectives(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [cm.yaml]\npatches: [{path: p.yaml}]\n");
        Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n");
        Files.writeString(dir.resolve("p.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n$patch: delete\n");
        assertThatThrownBy(() -> KustomizeRenderer.render(dir)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("$patch");
    }

    static Map<String, ObjectNode> byIdentity(List<ObjectNode> resources) {
        Map<String, ObjectNode> result = new TreeMap<>();
        for (ObjectNode r : resources) {
            String id = r.path("apiVersion").asText() + " " + r.path("kind").asText() + " "
                    + r.path("metadata").path("namespace").asText("-") + "/" + r.path("metadata").path("name").asText();
            assertThat(result.put(id, r)).as("duplicate %s", id).isNull();
        }
        return result;
    }
}
