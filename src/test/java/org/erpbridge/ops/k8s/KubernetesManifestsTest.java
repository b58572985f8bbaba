package org.erpbridge.ops.k8s;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.erpbridge.testing.Project;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.quarkus.runtime.configuration.DurationConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders the base and every overlay under k8s/ with {@code kubectl kustomize},
 * reads each object into the typed Kubernetes model (see {@link KubernetesSchema}) and checks what a
 * production deployment of the bridge relies on.
 */
class KubernetesManifestsTest {
    private static final List<String> SHARED_LABELS =
            List.of("app.kubernetes.io/name", "app.kubernetes.io/part-of", "app.kubernetes.io/component");
    private static final Set<String> EGRESS_NEEDED = Set.of("53/UDP", "53/TCP", "5432/TCP", "443/TCP");
    private static final String PUBLIC_PORT = "8080/TCP";
    /** Quarkus' management interface: health and metrics, never on the port the ERP reaches. */
    private static final String MANAGEMENT_PORT = "9000/TCP";

    private static final String MANAGEMENT_PORT_NAME = "management";

    static List<Path> targets() {
        return Manifests.targets();
    }

    @Test
    void thereIsABaseAndAnExampleOverlay() {
        assertThat(targets()).contains(Path.of("k8s/base"), Path.of("k8s/overlays/example-shop"));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void rendersExactlyTheObjectsTheBridgeNeeds(Path dir) {
        RenderedTarget t = RenderedTarget.of(dir);
        assertThat(t.objects())
                .extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder(
                        "ConfigMap",
                        "Service",
                        "Deployment",
                        "PodDisruptionBudget",
                        "HorizontalPodAutoscaler",
                        "NetworkPolicy");
        assertThat(t.all(Secret.class))
                .as("the Secret is created from secret.template.yaml, never rendered")
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void everyContainerHasProbesResourcesAndALockedDownSecurityContext(Path dir) {
        PodSpec pod = podSpec(dir);
        PodSecurityContext podSc = pod.getSecurityContext();
        assertThat(podSc.getRunAsNonRoot()).as("pod runAsNonRoot").isTrue();
        assertThat(podSc.getRunAsUser()).as("pod runAsUser").isNotNull().isNotZero();
        assertThat(podSc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken())
                .as("no Kubernetes API token in the pod")
                .isFalse();
        assertThat(containers(pod)).isNotEmpty().allSatisfy(c -> {
            assertProbe(c, c.getStartupProbe(), "/q/health/started");
            assertProbe(c, c.getReadinessProbe(), "/q/health/ready");
            assertProbe(c, c.getLivenessProbe(), "/q/health/live");
            assertThat(c.getPorts())
                    .as("the management port of %s", c.getName())
                    .anySatisfy(p -> assertThat(List.of(p.getName(), p.getContainerPort() + "/" + p.getProtocol()))
                            .containsExactly(MANAGEMENT_PORT_NAME, MANAGEMENT_PORT));
            for (String resource : List.of("cpu", "memory")) {
                Quantity request = c.getResources().getRequests().get(resource);
                Quantity limit = c.getResources().getLimits().get(resource);
                assertThat(request)
                        .as("%s request of %s", resource, c.getName())
                        .isNotNull();
                assertThat(limit).as("%s limit of %s", resource, c.getName()).isNotNull();
                assertThat(Quantity.getAmountInBytes(limit))
                        .as("%s limit >= request", resource)
                        .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(request));
            }
            SecurityContext sc = c.getSecurityContext();
            assertThat(sc.getAllowPrivilegeEscalation())
                    .as("allowPrivilegeEscalation of %s", c.getName())
                    .isFalse();
            assertThat(sc.getReadOnlyRootFilesystem())
                    .as("readOnlyRootFilesystem of %s", c.getName())
                    .isTrue();
            assertThat(sc.getPrivileged()).as("privileged").isNotEqualTo(Boolean.TRUE);
            assertThat(sc.getCapabilities().getDrop()).contains("ALL");
            assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
            assertThat(sc.getRunAsNonRoot() == null ? podSc.getRunAsNonRoot() : sc.getRunAsNonRoot())
                    .isTrue();
            assertThat(
                            sc.getSeccompProfile() == null
                                    ? "RuntimeDefault"
                                    : sc.getSeccompProfile().getType())
                    .isEqualTo("RuntimeDefault");
        });
    }

    @ParameterizedTest
    @MethodSource("targets")
    void onlyTmpIsWritableAndTheConfigMapIsWhereQuarkusReadsIt(Path dir) {
        RenderedTarget t = RenderedTarget.of(dir);
        PodSpec pod = podSpec(dir);
        for (Container c : containers(pod)) {
            // Quarkus reads ./config/application.properties relative to the working directory
            String configDir = Objects.requireNonNull(c.getWorkingDir(), "workingDir of " + c.getName()) + "/config";
            VolumeMount config = mount(c, configDir);
            assertThat(config.getReadOnly()).as("config mount is read-only").isTrue();
            String configMapName = volume(pod, config.getName()).getConfigMap().getName();
            ConfigMap cm = t.one(ConfigMap.class);
            assertThat(cm.getMetadata().getName())
                    .as("mounted ConfigMap is the rendered one")
                    .isEqualTo(configMapName);
            assertThat(cm.getData()).containsKey("application.properties");
            assertThat(volume(pod, mount(c, "/tmp").getName()).getEmptyDir())
                    .as("/tmp is an emptyDir")
                    .isNotNull();
            assertThat(c.getVolumeMounts())
                    .as("every other mount is read-only")
                    .filteredOn(m -> !m.getMountPath().equals("/tmp"))
                    .allSatisfy(m -> assertThat(m.getReadOnly()).isTrue());
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void imagesArePinnedToAVersionOrADigest(Path dir) {
        assertThat(containers(podSpec(dir))).allSatisfy(c -> {
            String image = c.getImage();
            String afterRegistry = image.substring(image.lastIndexOf('/') + 1);
            boolean digest = image.matches(".+@sha256:[0-9a-f]{64}");
            String tag = afterRegistry.contains(":") ? afterRegistry.substring(afterRegistry.indexOf(':') + 1) : "";
            assertThat(digest || !tag.isEmpty() && !tag.equals("latest"))
                    .as("image %s pinned", image)
                    .isTrue();
        });
    }

    @ParameterizedTest
    @MethodSource("targets")
    void replicasSurviveADrainAndShutdownIsGraceful(Path dir) {
        RenderedTarget t = RenderedTarget.of(dir);
        Deployment d = t.one(Deployment.class);
        HorizontalPodAutoscaler hpa = t.one(HorizontalPodAutoscaler.class);
        assertThat(d.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(d.getSpec()
                        .getStrategy()
                        .getRollingUpdate()
                        .getMaxUnavailable()
                        .getIntVal())
                .isZero();
        assertThat(hpa.getSpec().getMinReplicas())
                .isGreaterThanOrEqualTo(2)
                .isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
        assertThat(t.one(PodDisruptionBudget.class)
                        .getSpec()
                        .getMaxUnavailable()
                        .getIntVal())
                .isEqualTo(1);
        long preStop = containers(d.getSpec().getTemplate().getSpec()).stream()
                .map(c -> c.getLifecycle() == null
                                || c.getLifecycle().getPreStop() == null
                                || c.getLifecycle().getPreStop().getSleep() == null
                        ? 0L
                        : c.getLifecycle().getPreStop().getSleep().getSeconds())
                .max(Long::compare)
                .orElse(0L);
        long grace = d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertThat(grace)
                .as("terminationGracePeriodSeconds > preStop + quarkus.shutdown.timeout + "
                        + "bridge.checkout.shutdown-wait + 2 s for interrupted payments to record their state")
                .isGreaterThan(preStop
                        + shutdownTimeout("quarkus.shutdown.timeout").toSeconds()
                        + shutdownTimeout("bridge.checkout.shutdown-wait").toSeconds()
                        + 2);
    }

    @ParameterizedTest
    @MethodSource("targets")
    void labelsAndSelectorsAgree(Path dir) {
        RenderedTarget t = RenderedTarget.of(dir);
        Deployment d = t.one(Deployment.class);
        Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
        assertThat(selector).containsKeys("app.kubernetes.io/name", "app.kubernetes.io/component");
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
        Map<String, String> shared = d.getMetadata().getLabels();
        assertThat(shared).containsKeys(SHARED_LABELS.toArray(String[]::new));
        assertThat(t.objects())
                .allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                        .as("labels of %s %s", o.getKind(), o.getMetadata().getName())
                        .isEqualTo(shared));
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(shared);
        assertThat(t.one(Service.class).getSpec().getSelector()).isEqualTo(selector);
        assertThat(t.one(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels())
                .isEqualTo(selector);
        assertThat(t.one(NetworkPolicy.class).getSpec().getPodSelector().getMatchLabels())
                .isEqualTo(selector);
        assertThat(d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .allSatisfy(
                        c -> assertThat(c.getLabelSelector().getMatchLabels()).isEqualTo(selector));
        var target = t.one(HorizontalPodAutoscaler.class).getSpec().getScaleTargetRef();
        assertThat(List.of(target.getApiVersion(), target.getKind(), target.getName()))
                .containsExactly("apps/v1", "Deployment", d.getMetadata().getName());
        Set<String> portNames = new TreeSet<>();
        containers(d.getSpec().getTemplate().getSpec())
                .forEach(c -> c.getPorts().forEach(p -> portNames.add(p.getName())));
        assertThat(t.one(Service.class).getSpec().getPorts())
                .allSatisfy(
                        p -> assertThat(portNames).contains(p.getTargetPort().getStrVal()));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void networkPolicyAllowsOnlyWhatTheBridgeNeeds(Path dir) {
        var spec = RenderedTarget.of(dir).one(NetworkPolicy.class).getSpec();
        assertThat(spec.getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(spec.getIngress())
                .isNotEmpty()
                .allSatisfy(rule -> assertThat(ports(rule.getPorts()))
                        .as("each ingress rule admits either the public port or the management port")
                        .isIn(List.of(PUBLIC_PORT), List.of(MANAGEMENT_PORT)));
        assertThat(spec.getIngress())
                .filteredOn(rule -> ports(rule.getPorts()).contains(MANAGEMENT_PORT))
                .singleElement()
                .satisfies(rule -> assertThat(rule.getFrom())
                        .as("the management port only from the monitoring namespace")
                        .isNotEmpty()
                        .allSatisfy(peer -> {
                            assertThat(peer.getIpBlock()).isNull();
                            assertThat(peer.getNamespaceSelector().getMatchLabels())
                                    .containsEntry("kubernetes.io/metadata.name", "monitoring");
                        }));
        assertThat(RenderedTarget.of(dir).one(Service.class).getSpec().getPorts())
                .as("the Service exposes only the public port")
                .extracting(p -> p.getPort() + "/" + p.getProtocol())
                .containsExactly(PUBLIC_PORT);
        Map<String, String> annotations = RenderedTarget.of(dir)
                .one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations();
        assertThat(annotations)
                .containsEntry("prometheus.io/port", "9000")
                .containsEntry("prometheus.io/path", "/q/metrics");
        Set<String> egress = new TreeSet<>();
        spec.getEgress().forEach(rule -> {
            assertThat(rule.getPorts()).as("every egress rule names its ports").isNotEmpty();
            egress.addAll(ports(rule.getPorts()));
        });
        assertThat(egress).isEqualTo(new TreeSet<>(EGRESS_NEEDED));
        assertThat(spec.getEgress())
                .filteredOn(rule -> ports(rule.getPorts()).contains("53/UDP"))
                .singleElement()
                .satisfies(rule -> assertThat(rule.getTo())
                        .singleElement()
                        .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                                .containsEntry("k8s-app", "kube-dns")));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void configMapHoldsNoSecretsAndTheSecretTemplateProvidesEveryVariable(Path dir) {
        RenderedTarget t = RenderedTarget.of(dir);
        String properties = t.one(ConfigMap.class).getData().get("application.properties");
        assertThat(SecretLikeValues.inProperties(dir + " ConfigMap", properties))
                .isEmpty();

        Secret template =
                t.secretTemplate().orElseThrow(() -> new AssertionError(dir + " has no secret.template.yaml"));
        List<String> secretRefs = new ArrayList<>();
        containers(podSpec(dir))
                .forEach(c -> c.getEnvFrom()
                        .forEach(e -> secretRefs.add(e.getSecretRef().getName())));
        assertThat(secretRefs).containsExactly(template.getMetadata().getName());
        assertThat(template.getData())
                .as("template values are stringData placeholders")
                .isNullOrEmpty();
        assertThat(template.getStringData())
                .isNotEmpty()
                .allSatisfy((k, v) -> assertThat(v).as("value of %s", k).matches("CHANGE_ME[A-Za-z0-9_]*"));
        assertThat(template.getStringData().keySet())
                .as("the Secret provides exactly what application.properties expands")
                .isEqualTo(BridgeProperties.requiredEnvironment(properties));
        String namespace = t.one(Deployment.class).getMetadata().getNamespace();
        assertThat(template.getMetadata().getNamespace()).isEqualTo(namespace);
        assertThat(template.getMetadata().getLabels())
                .isEqualTo(t.one(Deployment.class).getMetadata().getLabels());
    }

    @ParameterizedTest
    @MethodSource("targets")
    void configMapConfigurationIsAcceptedByTheBridge(Path dir) {
        RenderedTarget t = RenderedTarget.of(dir);
        String properties = t.one(ConfigMap.class).getData().get("application.properties");
        Set<String> secretKeys =
                t.secretTemplate().orElseThrow().getStringData().keySet();
        var merchants = BridgeProperties.resolveMerchants(properties, secretKeys);
        if (dir.startsWith(Manifests.K8S.resolve("overlays"))) {
            assertThat(merchants)
                    .as("an installation serves at least one merchant")
                    .isNotEmpty();
            assertThat(merchants.values())
                    .allSatisfy(m -> assertThat(m.secuconnect().sandbox()).isFalse());
        }
    }

    private static Duration shutdownTimeout(String key) {
        String text = Yaml.read(Project.path("src/main/resources/application.properties"));
        String value = BridgeProperties.parse(text).getProperty(key);
        return new DurationConverter().convert(Objects.requireNonNull(value, key + " is set"));
    }

    private static PodSpec podSpec(Path dir) {
        return RenderedTarget.of(dir)
                .one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec();
    }

    private static List<Container> containers(PodSpec pod) {
        return Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream())
                .toList();
    }

    private static void assertProbe(Container c, Probe probe, String path) {
        assertThat(probe).as("%s probe of %s", path, c.getName()).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get.getPath()).isEqualTo(path);
        String port = get.getPort().getStrVal() != null
                ? get.getPort().getStrVal()
                : String.valueOf(get.getPort().getIntVal());
        assertThat(port).as("%s is probed on the management interface", path).isIn(MANAGEMENT_PORT_NAME, "9000");
        assertThat(c.getPorts())
                .as("probe port %s is a container port", port)
                .anySatisfy(p -> assertThat(List.of(String.valueOf(p.getName()), String.valueOf(p.getContainerPort())))
                        .contains(port));
    }

    private static VolumeMount mount(Container c, String path) {
        return c.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " mounts nothing at " + path));
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static List<String> ports(List<NetworkPolicyPort> ports) {
        return ports.stream()
                .map(p -> p.getPort().getIntVal() + "/" + p.getProtocol())
                .toList();
    }
}
