package dev.replaymesh.testing;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

import dev.replaymesh.mesh.MeshTopics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} a Kafka broker of its own (a {@link KafkaBroker} with the mesh's
 * topics), for tests that stop and restart Kafka. S3 stays the shared local mesh's, as with
 * {@link LocalMesh}; use one of the two per test class, not both.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(value = DedicatedKafka.class, restrictToAnnotatedClass = true)
 * class CaptureSurvivesBrokerRestartTest {
 *     @InjectKafkaBroker
 *     KafkaBroker kafka;
 *
 *     @Test
 *     void acknowledgedEventsSurvive() {
 *         ...
 *         kafka.stop();
 *         ...
 *         kafka.start();
 *     }
 * }
 * }</pre>
 *
 * Sets {@code kafka.bootstrap.servers} to the dedicated broker and the {@code replay.s3.*} keys
 * as {@link LocalMesh} does. Init args: {@code partitions} (default 3), {@code s3} ({@code false}
 * to skip the S3 keys and the check that the S3 server is up).
 */
public class DedicatedKafka implements QuarkusTestResourceLifecycleManager {

    private int partitions = MeshTopics.DEFAULT_PARTITIONS;
    private boolean withS3 = true;
    private KafkaBroker broker;

    @Override
    public void init(Map<String, String> initArgs) {
        if (initArgs.containsKey("partitions")) {
            partitions = Integer.parseInt(initArgs.get("partitions"));
        }
        if (initArgs.containsKey("s3")) {
            withS3 = Boolean.parseBoolean(initArgs.get("s3"));
        }
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        if (withS3) {
            String endpoint = MeshSettings.s3Endpoint(Map.of());
            InetSocketAddress address = MeshSettings.s3Address(endpoint);
            if (!MeshSettings.accepts(address, MeshSettings.CONNECT_TIMEOUT_MILLIS)) {
                throw new IllegalStateException("No S3 server on " + address.getHostString() + ":" + address.getPort()
                        + ". " + MeshSettings.HOW_TO_START);
            }
            config.put("replay.s3.endpoint", endpoint);
            config.put("replay.s3.access-key", MeshSettings.s3AccessKey());
            config.put("replay.s3.secret-key", MeshSettings.s3SecretKey());
            config.put("replay.s3.bucket", MeshSettings.s3Bucket());
        }
        broker = KafkaBroker.startNew();
        try {
            broker.createMeshTopics(partitions);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        config.put("kafka.bootstrap.servers", broker.bootstrapServers());
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(broker,
                new TestInjector.AnnotatedAndMatchesType(InjectKafkaBroker.class, KafkaBroker.class));
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
