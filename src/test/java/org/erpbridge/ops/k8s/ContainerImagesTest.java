package org.erpbridge.ops.k8s;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.erpbridge.testing.Project;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The Dockerfiles build pinned, non-root images that fit the pod spec in k8s/. */
class ContainerImagesTest {
    private static final Path DOCKER = Project.path("src/main/docker");

    record Instruction(String keyword, String args) {}

    record Stage(String image, String alias, List<Instruction> instructions) {
        List<String> args(String keyword) {
            return instructions.stream()
                    .filter(i -> i.keyword().equals(keyword))
                    .map(Instruction::args)
                    .toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native"})
    void baseImagesArePinnedAndTheRuntimeFitsThePodSpec(String file) {
        List<Stage> stages = stages(Yaml.read(DOCKER.resolve(file)));
        List<String> aliases = new ArrayList<>();
        for (Stage s : stages) {
            if (!aliases.contains(s.image())) {
                String lastSegment = s.image().substring(s.image().lastIndexOf('/') + 1);
                boolean digest = s.image().matches(".+@sha256:[0-9a-f]{64}");
                boolean tag = lastSegment.contains(":") && !lastSegment.endsWith(":latest");
                assertThat(digest || tag)
                        .as("%s: base image %s is pinned to a tag or digest", file, s.image())
                        .isTrue();
            }
            if (s.alias() != null) {
                aliases.add(s.alias());
            }
        }
        Stage runtime = stages.get(stages.size() - 1);
        Container container = RenderedTarget.of(Manifests.K8S.resolve("base"))
                .one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(runtime.args("USER"))
                .as("%s runs as a numeric non-root user", file)
                .isNotEmpty()
                .last()
                .matches(u -> u.matches("[0-9]+") && !u.equals("0"), "numeric and not 0");
        assertThat(runtime.args("WORKDIR"))
                .as("%s working directory = the pod's workingDir", file)
                .last()
                .isEqualTo(container.getWorkingDir());
        assertThat(runtime.args("EXPOSE"))
                .containsExactly(String.valueOf(container.getPorts().get(0).getContainerPort()));
        assertThat(runtime.args("ENTRYPOINT")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native"})
    void applicationIsBuiltFromTheSourcesInAnEarlierStage(String file) {
        List<Stage> stages = stages(Yaml.read(DOCKER.resolve(file)));
        assertThat(stages).hasSize(2);
        Stage build = stages.get(0);
        assertThat(build.args("COPY")).anySatisfy(copy -> assertThat(copy).contains("src "));
        assertThat(build.args("RUN"))
                .anySatisfy(run -> assertThat(run).startsWith("./mvnw ").contains(" package"));
        assertThat(stages.get(1).args("COPY"))
                .isNotEmpty()
                .allSatisfy(copy -> assertThat(copy).startsWith("--from=" + build.alias() + " "));
    }

    @Test
    void nativeExecutableIsCompiledByMandrel() {
        Stage build = stages(Yaml.read(DOCKER.resolve("Dockerfile.native"))).get(0);
        assertThat(build.image()).contains("quarkus-mandrel-builder-image");
        assertThat(build.args("RUN"))
                .anySatisfy(run -> assertThat(run).contains(" package").contains("-Pnative"));
    }

    @Test
    void buildContextLeavesOutLocalConfigurationAndBuildOutput() {
        List<String> lines = Yaml.read(Project.path(".dockerignore")).lines().toList();
        assertThat(lines).contains("*").noneMatch(l -> l.startsWith("!config") || l.startsWith("!target"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native"})
    void dockerignoreLetsThroughEverythingTheBuildCopies(String file) {
        List<String> allowed = Yaml.read(Project.path(".dockerignore"))
                .lines()
                .filter(l -> l.startsWith("!"))
                .map(l -> l.substring(1).replaceAll("/$", ""))
                .toList();
        for (Stage s : stages(Yaml.read(DOCKER.resolve(file)))) {
            for (String copy : s.args("COPY")) {
                List<String> words = List.of(copy.split("\\s+"));
                if (words.stream().anyMatch(w -> w.startsWith("--from="))) {
                    continue;
                }
                List<String> sources =
                        words.stream().filter(w -> !w.startsWith("--")).toList();
                sources.subList(0, sources.size() - 1)
                        .forEach(src -> assertThat(allowed)
                                .as("%s copies %s, which .dockerignore must let through", file, src)
                                .anySatisfy(a -> assertThat(src.equals(a) || src.startsWith(a + "/"))
                                        .isTrue()));
            }
        }
    }

    /** Splits a Dockerfile into stages of instructions (continuation lines joined, comments dropped). */
    static List<Stage> stages(String dockerfile) {
        List<Stage> stages = new ArrayList<>();
        String joined = dockerfile
                .lines()
                .filter(l -> !l.stripLeading().startsWith("#"))
                .reduce(
                        "",
                        (a, l) -> a.endsWith("\\") ? a.substring(0, a.length() - 1) + " " + l.strip() : a + "\n" + l);
        for (String line : joined.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.strip().split("\\s+", 2);
            String keyword = parts[0].toUpperCase();
            String args = parts.length > 1 ? parts[1].strip() : "";
            if (keyword.equals("FROM")) {
                String[] from = args.split("\\s+");
                stages.add(new Stage(
                        from[0],
                        from.length == 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null,
                        new ArrayList<>()));
            } else {
                stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, args));
            }
        }
        return stages;
    }
}
