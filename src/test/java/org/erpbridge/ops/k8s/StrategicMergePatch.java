package org.erpbridge.ops.k8s;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The part of Kubernetes strategic merge patch that our overlays use: maps merge recursively, null deletes a
 * key, lists with a patch merge key in the Kubernetes schema merge element by element, every other list is
 * replaced whole. Patch directives ($patch, $retainKeys, ...) are refused rather than guessed.
 */
final class StrategicMergePatch {
    /** Lists that the Kubernetes schema merges by key, addressed by their path ("[]" stands for any element). */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "spec.template.spec.containers", "name",
            "spec.template.spec.initContainers", "name",
            "spec.template.spec.volumes", "name",
            "spec.template.spec.imagePullSecrets", "name",
            "spec.template.spec.containers[].env", "name",
            "spec.template.spec.containers[].volumeMounts", "mountPath",
            "spec.template.spec.containers[].ports", "containerPort",
            "spec.ports", "port");

    private StrategicMergePatch() {
    }

    static void apply(ObjectNode target, ObjectNode patch) {
        merge(target, patch, "");
    }

    private static void merge(ObjectNode target, ObjectNode patch, String path) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            String childPath = path.isEmpty() ? name : path + "." + name;
            if (name.startsWith("$")) {
                throw new UnsupportedOperationException("patch directive " + name + " at " + childPath
                        + " is not supported by the built-in renderer");
            }
            JsonNode existing = target.get(name);
            if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, (ObjectNode) value, childPath);
            } else if (value.isArray() && existing != null && existing.isArray() && MERGE_KEYS.containsKey(childPath)) {
                mergeList((ArrayNode) existing, (ArrayNode) value, MERGE_KEYS.get(childPath), childPath);
            } else {
                target.set(name, value.deepCopy());
            }
        }
    }

    private static void mergeList(ArrayNode target, ArrayNode patch, String key, String path) {
        for (JsonNode element : patch) {
            if (!element.isObject() || !element.has(key)) {
                throw new IllegalArgumentException(path + ": every patch element needs its merge key '" + key + "'");
            }
            ObjectNode match = find(target, key, element.get(key));
            if (match == null) {
                target.add(element.deepCopy());
            } else {
                merge(match, (ObjectNode) element, path + "[]");
            }
        }
    }

    private static ObjectNode find(ArrayNode list, String key, JsonNode value) {
        for (JsonNode element : list) {
            if (element.isObject() && value.equals(element.get(key))) {
                return (ObjectNode) element;
            }
        }
        return null;
    }

}
