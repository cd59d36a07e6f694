package dev.replaymesh.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders the base and every overlay and checks each object against its typed model (strictly),
 * then that the pieces fit each other and the services: Services find their pods, ports and probe
 * paths are the services' own, every setting a service needs on a cluster is set, every topic a
 * service names is a KafkaTopic, and no consumer scales past its topic's partitions.
 */
class ManifestsTest {

    /** The topic each Kafka consumer's group reads; its partition count bounds the replicas. */
    static final Map<String, String> CONSUMED = Map.of(
            "redaction-service", "replay.capture.v1",
            "storage-service", "replay.redacted.v1");
    /** Topics read together, partition by partition (a session's events, reports and deletions). */
    static final List<String> CO_PARTITIONED = List.of("replay.redacted.v1", "replay.redaction-reports.v1",
            "replay.deletions.v1");
    private static final Pattern DEMO_PROJECT = Pattern.compile("replay\\.(capture|playback)\\.projects\\.demo\\.(.+)");

    record Objects(String target, List<Object> all) {
        <T> List<T> of(Class<T> type) {
            return all.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T named(Class<T> type, String name) {
            return of(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(target + ": no " + type.getSimpleName() + " " + name));
        }
    }

    /** Each target rendered and read once for all the checks (kubectl takes a second a render). */
    private static final Map<String, Optional<Objects>> RENDERED = new LinkedHashMap<>();

    static synchronized Objects rendered(String target) throws Exception {
        if (!RENDERED.containsKey(target)) {
            Optional<List<ObjectNode>> objects = Rendered.render(target);
            Optional<Objects> typed = Optional.empty();
            if (objects.isPresent()) {
                assertThat(objects.get()).as(target + " renders objects").isNotEmpty();
                List<Object> all = new ArrayList<>();
                for (ObjectNode o : objects.get()) {
                    all.add(StrictModels.read(o));
                }
                typed = Optional.of(new Objects(target, all));
            }
            RENDERED.put(target, typed);
        }
        Assumptions.assumeTrue(RENDERED.get(target).isPresent(),
                "kubectl is not on the PATH: " + target + " is checked where it is");
        return RENDERED.get(target).get();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/production", "overlays/production-keda"})
    void everyObjectFitsItsTypedModelAndEveryServiceIsThere(String target) throws Exception {
        Objects o = rendered(target);
        for (String service : ServiceSources.SERVICES) {
            o.named(Deployment.class, service);
            o.named(Service.class, service);
            o.named(PodDisruptionBudget.class, service);
        }
        assertThat(o.of(Kafka.class)).hasSize(1);
        assertThat(o.of(StatefulSet.class)).extracting(s -> s.getMetadata().getName()).contains("replay-minio");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/production", "overlays/production-keda"})
    void servicesAndBudgetsSelectThePodsTheyAreFor(String target) throws Exception {
        Objects o = rendered(target);
        Map<String, Map<String, String>> pods = new LinkedHashMap<>();
        o.of(Deployment.class).forEach(d -> pods.put(d.getMetadata().getName(), d.getSpec().getTemplate().getMetadata().getLabels()));
        o.of(StatefulSet.class).forEach(s -> pods.put(s.getMetadata().getName(), s.getSpec().getTemplate().getMetadata().getLabels()));
        for (Service s : o.of(Service.class)) {
            List<String> selected = pods.entrySet().stream()
                    .filter(p -> p.getValue().entrySet().containsAll(s.getSpec().getSelector().entrySet()))
                    .map(Map.Entry::getKey).toList();
            assertThat(selected).as(target + ": pods of Service " + s.getMetadata().getName()).hasSize(1);
        }
        for (Deployment d : o.of(Deployment.class)) {
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                    .as(target + ": " + d.getMetadata().getName() + " pods carry its selector")
                    .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
            assertThat(o.of(Service.class)).as(target + ": a Service for " + d.getMetadata().getName())
                    .anyMatch(s -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                            .containsAll(s.getSpec().getSelector().entrySet()));
        }
        for (PodDisruptionBudget b : o.of(PodDisruptionBudget.class)) {
            assertThat(pods.values()).as(target + ": pods of PDB " + b.getMetadata().getName())
                    .anyMatch(l -> l.entrySet().containsAll(b.getSpec().getSelector().getMatchLabels().entrySet()));
        }
        for (HorizontalPodAutoscaler h : o.of(HorizontalPodAutoscaler.class)) {
            o.named(Deployment.class, h.getSpec().getScaleTargetRef().getName());
        }
        for (ScaledObject s : o.of(ScaledObject.class)) {
            o.named(Deployment.class, s.spec().scaleTargetRef().name());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/production", "overlays/production-keda"})
    void portsAndProbesAreTheServicesOwn(String target) throws Exception {
        Objects o = rendered(target);
        for (String name : ServiceSources.SERVICES) {
            int port = ServiceSources.of(name).httpPort();
            Container c = container(o.named(Deployment.class, name));
            assertThat(c.getPorts()).as(target + ": " + name + " container ports")
                    .anyMatch(p -> p.getContainerPort() == port && "http".equals(p.getName()));
            probe(target, name, c.getReadinessProbe(), ServiceSources.READY, port);
            probe(target, name, c.getLivenessProbe(), ServiceSources.LIVE, port);
            probe(target, name, c.getStartupProbe(), ServiceSources.STARTED, port);
            for (ServicePort sp : o.named(Service.class, name).getSpec().getPorts()) {
                Object target2 = sp.getTargetPort().getValue();
                assertThat(target2).as(target + ": Service " + name + " port " + sp.getName())
                        .isIn("http", port);
            }
            assertThat(c.getLifecycle().getPreStop()).as(target + ": " + name + " drains before it stops").isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/production", "overlays/production-keda"})
    void everySettingAServiceNeedsOnAClusterIsSet(String target) throws Exception {
        Objects o = rendered(target);
        String readme = Files.readString(Rendered.K8S.resolve("README.md"));
        Set<String> generated = new HashSet<>();
        o.of(Secret.class).forEach(s -> generated.add(s.getMetadata().getName()));
        for (String name : ServiceSources.SERVICES) {
            Container c = container(o.named(Deployment.class, name));
            Set<String> env = new HashSet<>();
            for (EnvVar e : c.getEnv()) {
                env.add(e.getName());
                if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                    var ref = e.getValueFrom().getSecretKeyRef();
                    boolean known = generated.contains(ref.getName())
                            || readme.contains("`" + ref.getName() + "`") && readme.contains("`" + ref.getKey() + "`");
                    assertThat(known || Boolean.TRUE.equals(ref.getOptional()))
                            .as(target + ": Secret " + ref.getName() + "/" + ref.getKey() + " of " + name
                                    + " is made by the overlay or described in k8s/README.md").isTrue();
                }
            }
            for (EnvFromSource from : c.getEnvFrom()) {
                ConfigMap map = o.named(ConfigMap.class, from.getConfigMapRef().getName());
                env.addAll(map.getData().keySet());
            }
            for (String key : ServiceSources.of(name).machineSpecificKeys()) {
                Matcher demo = DEMO_PROJECT.matcher(key);
                if (demo.matches()) {
                    String pattern = "REPLAY_" + demo.group(1).toUpperCase() + "_PROJECTS_[A-Z0-9_]+_"
                            + ServiceSources.envName(demo.group(2));
                    assertThat(env).as(target + ": " + name + " needs a project like the local one (" + key + ")")
                            .anyMatch(v -> v.matches(pattern));
                } else {
                    assertThat(env).as(target + ": " + name + " sets " + key).contains(ServiceSources.envName(key));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/production", "overlays/production-keda"})
    void everyTopicAServiceNamesIsAKafkaTopicOfTheCluster(String target) throws Exception {
        Objects o = rendered(target);
        String cluster = o.of(Kafka.class).get(0).getMetadata().getName();
        Map<String, KafkaTopic> topics = topics(o);
        for (KafkaTopic t : o.of(KafkaTopic.class)) {
            assertThat(t.getMetadata().getLabels()).as(target + ": KafkaTopic " + t.getMetadata().getName())
                    .containsEntry("strimzi.io/cluster", cluster);
        }
        for (String name : ServiceSources.SERVICES) {
            assertThat(topics.keySet()).as(target + ": topics " + name + " names")
                    .containsAll(ServiceSources.of(name).topics());
        }
        assertThat(topics.get("replay.sessions.v1").getSpec().getConfig()).as("the catalog is compacted")
                .containsEntry("cleanup.policy", "compact");
        Set<Integer> partitions = new HashSet<>();
        CO_PARTITIONED.forEach(t -> partitions.add(topics.get(t).getSpec().getPartitions()));
        assertThat(partitions).as(target + ": topics read together have the same partitions").hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/production", "overlays/production-keda"})
    void noConsumerScalesPastItsTopicsPartitions(String target) throws Exception {
        Objects o = rendered(target);
        Map<String, KafkaTopic> topics = topics(o);
        for (Map.Entry<String, String> consumer : CONSUMED.entrySet()) {
            String name = consumer.getKey();
            assertThat(ServiceSources.of(name).topics()).as(name + " reads " + consumer.getValue()).contains(consumer.getValue());
            int partitions = topics.get(consumer.getValue()).getSpec().getPartitions();
            Deployment d = o.named(Deployment.class, name);
            if (d.getSpec().getReplicas() != null) {
                assertThat(d.getSpec().getReplicas()).as(target + ": " + name + " replicas").isLessThanOrEqualTo(partitions);
            }
            for (HorizontalPodAutoscaler h : o.of(HorizontalPodAutoscaler.class)) {
                if (h.getSpec().getScaleTargetRef().getName().equals(name)) {
                    assertThat(h.getSpec().getMaxReplicas()).as(target + ": " + name + " HPA").isLessThanOrEqualTo(partitions);
                }
            }
            for (ScaledObject s : o.of(ScaledObject.class)) {
                if (s.spec().scaleTargetRef().name().equals(name)) {
                    assertThat(s.spec().maxReplicaCount()).as(target + ": " + name + " KEDA").isLessThanOrEqualTo(partitions);
                    assertThat(s.spec().triggers()).allSatisfy(t -> assertThat(t.metadata())
                            .containsEntry("topic", consumer.getValue()));
                }
            }
        }
        for (Job job : o.of(Job.class)) {
            assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isIn("OnFailure", "Never");
        }
    }

    private static Map<String, KafkaTopic> topics(Objects o) {
        Map<String, KafkaTopic> topics = new LinkedHashMap<>();
        for (KafkaTopic t : o.of(KafkaTopic.class)) {
            String name = t.getSpec().getTopicName() != null ? t.getSpec().getTopicName() : t.getMetadata().getName();
            assertThat(topics.put(name, t)).as(o.target() + ": topic " + name + " declared once").isNull();
        }
        return topics;
    }

    private static Container container(Deployment d) {
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as(d.getMetadata().getName() + " containers").hasSize(1);
        return containers.get(0);
    }

    private static void probe(String target, String name, Probe probe, String path, int port) {
        assertThat(probe).as(target + ": " + name + " probe " + path).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get.getPath()).as(target + ": " + name + " probe path").isEqualTo(path);
        assertThat(get.getPort().getValue()).as(target + ": " + name + " probe port").isIn("http", port);
    }
}
