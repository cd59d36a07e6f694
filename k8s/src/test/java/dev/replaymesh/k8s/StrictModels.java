package dev.replaymesh.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads rendered objects into the typed models of their kind: fabric8's Kubernetes models,
 * Strimzi's, Prometheus Operator's (fabric8), and {@link ScaledObject} for KEDA. Strict: a field
 * the model does not know (the models keep them aside as "additional properties", which is
 * checked everywhere in the object), a value of the wrong type, or a kind without a model fails.
 */
final class StrictModels {

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("keda.sh/v1alpha1/ScaledObject", ScaledObject.class));

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private StrictModels() {
    }

    /** The object in its model; throws naming the object and what does not fit. */
    static Object read(ObjectNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        String name = type + " " + object.at("/metadata/name").asText();
        Class<?> model = MODELS.get(type);
        if (model == null) {
            throw new AssertionError(name + ": no typed model for this apiVersion and kind");
        }
        Object typed;
        try {
            typed = STRICT.treeToValue(object, model);
        } catch (Exception e) {
            throw new AssertionError(name + ": does not fit " + model.getSimpleName() + ": " + e.getMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        unknownFields(typed, model.getSimpleName(), unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        if (!unknown.isEmpty()) {
            throw new AssertionError(name + ": fields its model does not know: " + unknown);
        }
        return typed;
    }

    /** Every "additional property" a model kept aside, anywhere in the object, by path. */
    private static void unknownFields(Object o, String path, List<String> found, Set<Object> seen) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>
                || !seen.add(o)) {
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, found, seen));
            return;
        }
        if (o instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!(pkg.startsWith("io.fabric8") || pkg.startsWith("io.strimzi") || pkg.startsWith("dev.replaymesh"))) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class
                    || !(m.getName().startsWith("get") || m.getName().startsWith("is") || o.getClass().isRecord())) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> found.add(path + "." + k));
                }
            } else {
                unknownFields(value, path + "." + m.getName(), found, seen);
            }
        }
    }
}
