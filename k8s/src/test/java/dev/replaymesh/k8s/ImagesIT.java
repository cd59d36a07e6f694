package dev.replaymesh.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaymesh.testing.LocalServices;
import dev.replaymesh.testing.MeshSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The services' container images, as {@code -Pimages} writes them to {@code target/images/}: each
 * is the image the manifests deploy, is whole, and starts, answers its probes and stops on SIGTERM
 * when run the way its Pod runs it (read-only root, /tmp only, user 185) against the local broker
 * and S3 server.
 */
class ImagesIT {

    private static final Path IMAGES = Path.of(System.getProperty("images.dir", "target/images"));
    private static final String VERSION = System.getProperty("images.version", "");
    private static final Map<String, ImageTarball> TARBALLS = new LinkedHashMap<>();
    private static final Map<String, Deployment> DEPLOYMENTS = new HashMap<>();
    private static JsonNode kustomization;

    static List<String> services() {
        return ServiceSources.SERVICES;
    }

    @BeforeAll
    static void readImagesAndBase() throws IOException {
        for (String service : ServiceSources.SERVICES) {
            Path file = IMAGES.resolve(service + ".tar");
            Assertions.assertTrue(Files.isRegularFile(file), "No " + file + ": the services' images are built by"
                    + " `package` with -Pimages (bin/mesh images), after k8s/images/base-image.sh");
            TARBALLS.put(service, ImageTarball.read(file));
        }
        for (ObjectNode o : Rendered.base()) {
            if (StrictModels.read(o) instanceof Deployment d) {
                DEPLOYMENTS.put(d.getMetadata().getName(), d);
            }
        }
        kustomization = Rendered.YAML.readTree(Rendered.K8S.resolve("base/kustomization.yaml").toFile());
    }

    @ParameterizedTest
    @MethodSource("services")
    void isTheImageTheManifestsDeploy(String service) {
        String name = "replay-mesh/" + service;
        assertThat(container(service).getImage()).as(service + " Deployment's image").isEqualTo(name);
        JsonNode entry = Rendered.YAML.createObjectNode();
        for (JsonNode image : kustomization.path("images")) {
            if (image.path("name").asText().equals(name)) {
                entry = image;
            }
        }
        assertThat(entry.path("newTag").asText()).as("tag k8s/base/kustomization.yaml gives " + name).isEqualTo(VERSION);
        assertThat(TARBALLS.get(service).repoTag()).isEqualTo(name + ":" + VERSION);
    }

    @ParameterizedTest
    @MethodSource("services")
    void runsAsThePodSpecSays(String service) throws IOException {
        ImageTarball.Config config = TARBALLS.get(service).config();
        PodSecurityContext pod = DEPLOYMENTS.get(service).getSpec().getTemplate().getSpec().getSecurityContext();
        assertThat(config.user()).as(service + " image user = Pod's runAsUser").isEqualTo(pod.getRunAsUser().toString());
        assertThat(pod.getRunAsGroup()).isEqualTo(pod.getRunAsUser());
        int port = ServiceSources.of(service).httpPort();
        assertThat(config.exposedPorts()).containsExactly(port + "/tcp");
        assertThat(container(service).getPorts()).anyMatch(p -> p.getContainerPort() == port);
        assertThat(config.entrypoint()).as(service + " entrypoint").startsWith("java").endsWith("-jar", "quarkus-run.jar");
        // The sandbox below mounts only /tmp writable, as the Deployment does.
        assertThat(container(service).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container(service).getVolumeMounts()).extracting(m -> m.getMountPath()).containsExactly("/tmp");
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyLayerIsWhatTheConfigSays(String service) throws IOException {
        ImageTarball image = TARBALLS.get(service);
        List<ImageTarball.Layer> layers = image.readLayers();
        assertThat(layers).extracting(ImageTarball.Layer::diffId).as(service + " layers' digests")
                .isEqualTo(image.config().diffIds());
        Set<String> paths = new HashSet<>();
        layers.forEach(l -> paths.addAll(l.paths()));
        String workdir = image.config().workingDir().substring(1);
        String javaHome = image.config().envMap().get("JAVA_HOME").substring(1);
        assertThat(paths).contains(workdir + "/quarkus-run.jar", workdir + "/lib/main", workdir + "/quarkus/quarkus-application.dat",
                javaHome + "/bin/java");
        assertThat(paths).as("whiteout files (the sandbox does not apply them)").noneMatch(p -> p.contains(".wh."));
    }

    @ParameterizedTest
    @MethodSource("services")
    void startsAnswersItsProbesAndStopsOnSigtermAsItsPodRunsIt(String service) throws Exception {
        Assertions.assertTrue(PodSandbox.possibleHere(), "running an image without a container runtime needs root"
                + " (unshare, chroot); bin/mesh test builds the images only as root");
        ImageTarball image = TARBALLS.get(service);
        Path rootfs = Path.of("target/image-roots", service).toAbsolutePath();
        LocalServices.deleteTree(rootfs);
        image.unpackTo(rootfs);
        int port = LocalServices.freePort();
        Map<String, String> env = new HashMap<>();
        // The local broker and S3 server, as every other test reaches them; the demo keys of the local profile.
        MeshSettings.serviceConfig(Map.of()).forEach((key, value) -> env.put(ServiceSources.envName(key), value));
        env.put("QUARKUS_PROFILE", "local");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Deployment deployment = DEPLOYMENTS.get(service);
        Path log = Path.of("target", service + "-image.log").toAbsolutePath();
        try (PodSandbox pod = PodSandbox.start(service, rootfs, image.config(), env, log)) {
            Container c = container(service);
            for (Probe probe : List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
                pod.awaitOk("http://127.0.0.1:" + port + probe.getHttpGet().getPath(), Duration.ofSeconds(120));
            }
            assertThat(pod.uid()).as(service + " runs as").isEqualTo(Long.parseLong(image.config().user()));
            long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
            assertThat(pod.terminate(Duration.ofSeconds(grace))).as(service + " ends within " + grace + " s of SIGTERM")
                    .isTrue();
            assertThat(pod.output()).as(service + " shut down gracefully").contains(service + " stopped in");
        } finally {
            LocalServices.deleteTree(rootfs);
        }
    }

    private static Container container(String service) {
        return DEPLOYMENTS.get(service).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError("Deployment " + service + " has no container " + service));
    }
}
