package dev.replaymesh.k8s;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * The part of KEDA's {@code keda.sh/v1alpha1} ScaledObject these manifests use, as a typed model:
 * there is no Java model of KEDA's CRDs on Maven Central. Fields outside it fail the strict read.
 */
record ScaledObject(String apiVersion, String kind, Metadata metadata, Spec spec) {

    @JsonIgnoreProperties(value = {"labels", "annotations", "namespace"})
    record Metadata(String name) {
    }

    record Spec(Target scaleTargetRef, Integer minReplicaCount, Integer maxReplicaCount, Integer cooldownPeriod,
            Integer pollingInterval, List<Trigger> triggers) {
    }

    record Target(String name, String kind, String apiVersion) {
    }

    record Trigger(String type, Map<String, String> metadata) {
    }
}
