package org.erpbridge.ops.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The schema check rejects what the Kubernetes API server would reject or silently drop. */
class KubernetesSchemaTest {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: demo}
            spec:
              replicas: %s
              selector: {matchLabels: {app: demo}}
              template:
                metadata: {labels: {app: demo}}
                spec:
                  containers:
                    - name: app
                      image: demo:1.0.0
                      %s
                      resources: {limits: {memory: %s}}
            """;

    private static ObjectNode deployment(String replicas, String extraContainerField, String memory) {
        return Yaml.documents(DEPLOYMENT.formatted(replicas, extraContainerField, memory))
                .get(0);
    }

    @Test
    void acceptsAValidDeployment() {
        assertThat(KubernetesSchema.parse(deployment("2", "workingDir: /deployments", "512Mi")))
                .isInstanceOfSatisfying(
                        Deployment.class,
                        d -> assertThat(d.getSpec().getReplicas()).isEqualTo(2));
    }

    @Test
    void rejectsAFieldTheSchemaDoesNotHaveAndSaysWhere() {
        assertThatThrownBy(() -> KubernetesSchema.parse(deployment("2", "livenesProbe: {}", "512Mi")))
                .isInstanceOf(KubernetesSchema.SchemaViolation.class)
                .hasMessageContaining("spec.template.spec.containers[0]")
                .hasMessageContaining("livenesProbe");
    }

    @Test
    void rejectsAValueOfTheWrongType() {
        assertThatThrownBy(() -> KubernetesSchema.parse(deployment("two", "workingDir: /x", "512Mi")))
                .isInstanceOf(KubernetesSchema.SchemaViolation.class)
                .hasMessageContaining("does not match the schema");
        assertThatThrownBy(() -> KubernetesSchema.parse(deployment("\"2\"", "workingDir: /x", "512Mi")))
                .isInstanceOf(KubernetesSchema.SchemaViolation.class)
                .hasMessageContaining("/spec/replicas");
    }

    @Test
    void rejectsAQuantityKubernetesCannotParse() {
        assertThatThrownBy(() -> KubernetesSchema.parse(deployment("2", "workingDir: /x", "lots")))
                .isInstanceOf(KubernetesSchema.SchemaViolation.class)
                .hasMessageContaining("not a Kubernetes quantity");
    }

    @Test
    void rejectsKindsAndVersionsWeDoNotDeploy() {
        ObjectNode hpaV1 = Yaml.documents(
                        "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: x}\n")
                .get(0);
        assertThatThrownBy(() -> KubernetesSchema.parse(hpaV1))
                .isInstanceOf(KubernetesSchema.SchemaViolation.class)
                .hasMessageContaining("autoscaling/v1/HorizontalPodAutoscaler");
    }
}
