package org.erpbridge.ops.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.erpbridge.testing.Project;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rendering with kubectl: what the k8s tests rely on, and how they fail when kubectl cannot render. */
class KubectlTest {

    @Test
    void withoutKubectlTheTestsFailAndSayWhatToInstall(@TempDir Path emptyDir) {
        Kubectl none = new Kubectl("", emptyDir.toString());
        assertThatThrownBy(() -> none.kustomize(Project.path("k8s/base")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no executable kubectl in " + emptyDir)
                .hasMessageContaining("https://kubernetes.io/docs/tasks/tools/");
    }

    @Test
    void aChosenKubectlThatIsNotThereIsReportedRatherThanReplaced(@TempDir Path dir) {
        String chosen = dir.resolve("kubectl").toString();
        Kubectl missing = new Kubectl(chosen, System.getenv().getOrDefault("PATH", ""));
        assertThatThrownBy(() -> missing.kustomize(Project.path("k8s/base")))
                .hasMessageContaining("no executable kubectl at " + chosen + " (-Dk8s.kubectl)");
    }

    @Test
    void kustomizeErrorsCarryKubectlsOwnMessage(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [missing-deployment.yaml]\n");
        assertThatThrownBy(() -> Kubectl.ON_THIS_MACHINE.kustomize(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kubectl kustomize " + dir + " failed")
                .hasMessageContaining("missing-deployment.yaml");
    }

    @Test
    void everyTargetRendersEachObjectExactlyOnce() {
        for (Path target : Manifests.targets()) {
            List<ObjectNode> objects = Manifests.render(target);
            Set<String> identities = new TreeSet<>();
            for (ObjectNode o : objects) {
                String id = o.path("apiVersion").asText() + " " + o.path("kind").asText() + " "
                        + o.path("metadata").path("namespace").asText("-") + "/"
                        + o.path("metadata").path("name").asText();
                assertThat(identities.add(id))
                        .as("%s renders %s once", target, id)
                        .isTrue();
            }
            assertThat(identities).as("objects of %s", target).isNotEmpty();
        }
    }

    /** The README promises that a configuration change rolls the pods: the ConfigMap's name follows its content. */
    @Test
    void theGeneratedConfigMapIsNamedAfterItsContent(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("kustomization.yaml"),
                "configMapGenerator:\n  - name: config\n    files: [application.properties]\n");
        Files.writeString(dir.resolve("application.properties"), "bridge.a=1\n");
        String before = configMapName(dir);
        Files.writeString(dir.resolve("application.properties"), "bridge.a=2\n");
        String after = configMapName(dir);
        assertThat(before).matches("config-[a-z0-9]{10}");
        assertThat(after).matches("config-[a-z0-9]{10}").isNotEqualTo(before);
    }

    private static String configMapName(Path dir) {
        List<ObjectNode> objects = Kubectl.ON_THIS_MACHINE.kustomize(dir);
        assertThat(objects).hasSize(1);
        return objects.get(0).path("metadata").path("name").asText();
    }
}
