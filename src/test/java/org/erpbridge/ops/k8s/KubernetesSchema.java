package org.erpbridge.ops.k8s;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Checks manifests against the Kubernetes schema as the fabric8 model encodes it: each object is read into
 * its typed class (wrong types fail), must carry no field the schema lacks (fabric8 keeps those in
 * additionalProperties, which must stay empty everywhere), must serialise back to exactly what was written
 * (nothing coerced or dropped), and every resource quantity must parse.
 */
final class KubernetesSchema {
    /** The kinds k8s/ may contain, each at the one API version we deploy. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

    private KubernetesSchema() {}

    /** The typed object, or an exception listing every schema violation. */
    static HasMetadata parse(ObjectNode manifest) {
        String kind = manifest.path("apiVersion").asText() + "/"
                + manifest.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            throw new SchemaViolation(
                    kind + " is not a kind these manifests may use (allowed: " + KINDS.keySet() + ")");
        }
        HasMetadata typed;
        try {
            typed = Yaml.JSON.treeToValue(manifest, type);
        } catch (JsonProcessingException e) {
            throw new SchemaViolation(kind + ": does not match the schema: " + e.getOriginalMessage());
        }
        String where = kind + " " + typed.getMetadata().getName();
        List<String> problems = new ArrayList<>();
        walk(typed, where, problems);
        // through JSON text, so that an int and a long of the same value compare equal
        JsonNode written = reparse(manifest);
        JsonNode back = reparse(Yaml.JSON.valueToTree(typed));
        if (!back.equals(written)) {
            problems.add(where + ": does not read back as written (a value of the wrong type?): "
                    + JsonDiff.differences(written, back));
        }
        if (!problems.isEmpty()) {
            throw new SchemaViolation(String.join("\n", problems));
        }
        return typed;
    }

    private static JsonNode reparse(JsonNode node) {
        try {
            return Yaml.JSON.readTree(node.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void walk(Object node, String path, List<String> problems) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> list) {
            int i = 0;
            for (Object element : list) {
                walk(element, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, problems));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        if (node instanceof Quantity q) {
            try {
                Quantity.getAmountInBytes(q);
            } catch (RuntimeException e) {
                problems.add(path + ": '" + q + "' is not a Kubernetes quantity");
            }
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (Modifier.isStatic(m.getModifiers())
                    || m.getParameterCount() != 0
                    || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = invoke(m, node);
            if ("getAdditionalProperties".equals(m.getName())) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": fields unknown to the Kubernetes schema: " + extra.keySet());
                }
            } else if (isModel(m.getReturnType())
                    || Collection.class.isAssignableFrom(m.getReturnType())
                    || Map.class.isAssignableFrom(m.getReturnType())) {
                walk(value, path + "." + property(m), problems);
            }
        }
    }

    private static boolean isModel(Class<?> type) {
        return type.getName().startsWith("io.fabric8.") && !type.isEnum();
    }

    private static String property(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static Object invoke(Method m, Object target) {
        try {
            return m.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + m, e);
        }
    }

    static final class SchemaViolation extends RuntimeException {
        SchemaViolation(String message) {
            super(message);
        }
    }
}
