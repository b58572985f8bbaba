package org.erpbridge.ops.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders a kustomization without kubectl, for machines that have none. It implements exactly the kustomize
 * features k8s/ uses (resources, namespace, labels, images, configMapGenerator, generatorOptions.labels,
 * strategic-merge patches) and refuses anything else, so a new feature cannot be silently ignored;
 * {@code KustomizeRendererTest} proves its output equal to {@code kubectl kustomize} wherever kubectl exists.
 */
final class KustomizeRenderer {
    private static final Set<String> SUPPORTED_FIELDS = Set.of("apiVersion", "kind", "resources", "namespace",
            "labels", "images", "configMapGenerator", "generatorOptions", "patches");
    private static final String GENERATED = "generated";

    private KustomizeRenderer() {
    }

    static List<ObjectNode> render(Path dir) {
        List<ObjectNode> resources = build(dir);
        appendHashSuffixes(resources);
        return resources;
    }

    /** Everything but the final hash suffixes, which kustomize computes once at the top. */
    private static List<ObjectNode> build(Path dir) {
        ObjectNode k = Yaml.single(dir.resolve("kustomization.yaml"));
        k.fieldNames().forEachRemaining(f -> {
            if (!SUPPORTED_FIELDS.contains(f)) {
                throw new UnsupportedOperationException(dir + ": kustomization field '" + f
                        + "' is not supported by the built-in renderer; render with kubectl kustomize");
            }
        });
        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode entry : k.path("resources")) {
            Path p = dir.resolve(entry.asText()).normalize();
            resources.addAll(Files.isDirectory(p) ? build(p) : Yaml.documents(p));
        }
        generateConfigMaps(dir, k, resources);
        for (JsonNode patch : k.path("patches")) {
            applyPatch(dir, patch, resources);
        }
        if (k.has("namespace")) {
            resources.forEach(r -> r.withObjectProperty("metadata").put("namespace", k.get("namespace").asText()));
        }
        for (JsonNode labels : k.path("labels")) {
            addLabels(labels, resources);
        }
        for (JsonNode image : k.path("images")) {
            resources.forEach(r -> containers(r).forEach(c -> setImage(c, image)));
        }
        return resources;
    }

    private static void generateConfigMaps(Path dir, ObjectNode k, List<ObjectNode> resources) {
        for (JsonNode gen : k.path("configMapGenerator")) {
            requireOnly(gen, Set.of("name", "behavior", "files", "options"), "configMapGenerator");
            String name = gen.get("name").asText();
            ObjectNode data = Yaml.JSON.createObjectNode();
            for (JsonNode file : gen.path("files")) {
                String spec = file.asText();
                int eq = spec.indexOf('=');
                String key = eq < 0 ? Path.of(spec).getFileName().toString() : spec.substring(0, eq);
                data.put(key, Yaml.read(dir.resolve(eq < 0 ? spec : spec.substring(eq + 1))));
            }
            String behavior = gen.path("behavior").asText("create");
            ObjectNode existing = resources.stream()
                    .filter(r -> "ConfigMap".equals(r.path("kind").asText()) && name.equals(name(r)))
                    .findFirst().orElse(null);
            ObjectNode cm;
            switch (behavior) {
                case "create" -> {
                    if (existing != null) {
                        throw new IllegalArgumentException(dir + ": ConfigMap " + name + " already exists");
                    }
                    cm = Yaml.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
                    cm.withObjectProperty("metadata").put("name", name);
                    resources.add(cm);
                }
                case "replace", "merge" -> {
                    if (existing == null) {
                        throw new IllegalArgumentException(dir + ": no ConfigMap " + name + " to " + behavior);
                    }
                    cm = existing;
                    if ("merge".equals(behavior)) {
                        data = object(cm.path("data")).setAll(data);
                    }
                }
                default -> throw new UnsupportedOperationException("configMapGenerator behavior " + behavior);
            }
            cm.set("data", data);
            ObjectNode labels = Yaml.JSON.createObjectNode();
            labels.setAll(object(k.path("generatorOptions").path("labels")));
            labels.setAll(object(gen.path("options").path("labels")));
            if (!labels.isEmpty()) {
                cm.withObjectProperty("metadata").withObjectProperty("labels").setAll(labels);
            }
            cm.withObjectProperty("metadata").withObjectProperty("annotations").put(GENERATED, "true");
        }
        requireOnly(k.path("generatorOptions"), Set.of("labels"), "generatorOptions");
    }

    private static void applyPatch(Path dir, JsonNode entry, List<ObjectNode> resources) {
        requireOnly(entry, Set.of("path"), "patches entry");
        ObjectNode patch = Yaml.single(dir.resolve(entry.get("path").asText()));
        ObjectNode target = resources.stream()
                .filter(r -> r.path("kind").equals(patch.path("kind")) && name(r).equals(name(patch))
                        && group(r).equals(group(patch)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(
                        dir + ": patch " + entry.get("path").asText() + " matches no resource"));
        StrategicMergePatch.apply(target, patch);
    }

    private static void addLabels(JsonNode spec, List<ObjectNode> resources) {
        requireOnly(spec, Set.of("pairs", "includeTemplates", "includeSelectors"), "labels entry");
        if (spec.path("includeSelectors").asBoolean(false)) {
            throw new UnsupportedOperationException("labels.includeSelectors is not supported by the built-in renderer");
        }
        ObjectNode pairs = (ObjectNode) spec.get("pairs");
        for (ObjectNode r : resources) {
            r.withObjectProperty("metadata").withObjectProperty("labels").setAll(pairs.deepCopy());
            if (spec.path("includeTemplates").asBoolean(false) && r.path("spec").has("template")) {
                ((ObjectNode) r.get("spec").get("template")).withObjectProperty("metadata").withObjectProperty("labels").setAll(pairs.deepCopy());
            }
        }
    }

    private static void setImage(ObjectNode container, JsonNode rule) {
        requireOnly(rule, Set.of("name", "newName", "newTag", "digest"), "images entry");
        String image = container.path("image").asText();
        int at = image.indexOf('@');
        String withoutDigest = at < 0 ? image : image.substring(0, at);
        int colon = withoutDigest.lastIndexOf(':');
        boolean hasTag = colon > withoutDigest.lastIndexOf('/');
        String repo = hasTag ? withoutDigest.substring(0, colon) : withoutDigest;
        if (!repo.equals(rule.get("name").asText())) {
            return;
        }
        String ref = at >= 0 ? image.substring(at) : hasTag ? withoutDigest.substring(colon) : "";
        if (rule.has("newTag")) {
            ref = ":" + rule.get("newTag").asText();
        }
        if (rule.has("digest")) {
            ref = "@" + rule.get("digest").asText();
        }
        container.put("image", rule.path("newName").asText(repo) + ref);
    }

    /** Adds the content hash to generated ConfigMap names and rewrites the pod templates that refer to them. */
    private static void appendHashSuffixes(List<ObjectNode> resources) {
        Map<String, String> renamed = new LinkedHashMap<>();
        for (ObjectNode r : resources) {
            ObjectNode meta = (ObjectNode) r.get("metadata");
            ObjectNode annotations = (ObjectNode) meta.get("annotations");
            if (annotations == null || annotations.remove(GENERATED) == null) {
                continue;
            }
            if (annotations.isEmpty()) {
                meta.remove("annotations");
            }
            Map<String, String> data = new LinkedHashMap<>();
            r.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
            String hashed = name(r) + "-" + KustomizeNameHash.configMapSuffix(data);
            renamed.put(name(r), hashed);
            meta.put("name", hashed);
        }
        for (ObjectNode r : resources) {
            JsonNode podSpec = r.path("spec").path("template").path("spec");
            for (JsonNode volume : podSpec.path("volumes")) {
                rename(volume.path("configMap"), renamed);
                for (JsonNode source : volume.path("projected").path("sources")) {
                    rename(source.path("configMap"), renamed);
                }
            }
            for (ObjectNode c : containers(r)) {
                c.path("envFrom").forEach(e -> rename(e.path("configMapRef"), renamed));
                c.path("env").forEach(e -> rename(e.path("valueFrom").path("configMapKeyRef"), renamed));
            }
        }
    }

    private static void rename(JsonNode ref, Map<String, String> renamed) {
        if (ref.isObject() && renamed.containsKey(ref.path("name").asText())) {
            ((ObjectNode) ref).put("name", renamed.get(ref.path("name").asText()));
        }
    }

    private static List<ObjectNode> containers(ObjectNode resource) {
        List<ObjectNode> result = new ArrayList<>();
        JsonNode podSpec = resource.path("spec").path("template").path("spec");
        for (String field : List.of("initContainers", "containers")) {
            podSpec.path(field).forEach(c -> result.add((ObjectNode) c));
        }
        return result;
    }

    /** A copy of the mapping at node, empty where there is none. */
    private static ObjectNode object(JsonNode node) {
        return node.isObject() ? ((ObjectNode) node).deepCopy() : Yaml.JSON.createObjectNode();
    }

    private static void requireOnly(JsonNode node, Set<String> fields, String what) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw new UnsupportedOperationException(what + " field '" + f + "' is not supported by the built-in renderer");
            }
        }
    }

    private static String name(JsonNode resource) {
        return resource.path("metadata").path("name").asText();
    }

    private static String group(JsonNode resource) {
        String apiVersion = resource.path("apiVersion").asText();
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

}
