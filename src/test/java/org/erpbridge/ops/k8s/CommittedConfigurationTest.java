package org.erpbridge.ops.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.erpbridge.testing.Project;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What operators copy from the repository (config/, k8s/, images) carries no credentials and is valid. */
class CommittedConfigurationTest {
    private static final List<Path> SCANNED = List.of(
            Path.of("config"),
            Path.of("k8s"),
            Path.of("src/main/docker"),
            Path.of("src/main/resources/application.properties"),
            Path.of(".dockerignore"));

    @Test
    void committedConfigurationAndManifestsHoldNoSecrets() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : SCANNED) {
            try (Stream<Path> walk = Files.walk(Project.path(root))) {
                walk.filter(Files::isRegularFile).map(Project.ROOT::relativize).forEach(files::add);
            }
        }
        assertThat(files)
                .contains(
                        Path.of("config/application.example.properties"),
                        Path.of("k8s/overlays/example-shop/secret.template.yaml"),
                        Path.of("src/main/docker/Dockerfile.native"));
        List<String> findings = new ArrayList<>();
        for (Path f : files) {
            String text = Yaml.read(Project.path(f));
            findings.addAll(
                    f.toString().endsWith(".properties")
                            ? SecretLikeValues.inProperties(f.toString(), text)
                            : SecretLikeValues.inText(f.toString(), text));
        }
        assertThat(findings)
                .as("credential-like values in %d committed files", files.size())
                .isEmpty();
    }

    @Test
    void exampleConfigurationIsAcceptedByTheBridge() {
        String text = Yaml.read(Project.path("config/application.example.properties"));
        var merchants = BridgeProperties.resolveMerchants(text, BridgeProperties.requiredEnvironment(text));
        assertThat(merchants).containsKey("shop1");
        assertThat(BridgeProperties.requiredEnvironment(text))
                .contains("BRIDGE_DB_PASSWORD", "SHOP1_ERP_API_KEY", "BRIDGE_CARD_KEY_K1", "BRIDGE_CARD_LOOKUP_KEY");
    }
}
