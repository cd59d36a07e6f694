package dev.replaymesh.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} an S3 server of its own (an {@link S3Server} with the bucket), for
 * tests that stop and restart the object store; Kafka stays the shared local mesh's, as with
 * {@link LocalMesh}. Use one of {@link LocalMesh}, {@link DedicatedKafka} and this per test class.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(DedicatedS3.class)
 * class StorageSurvivesAnOutageTest {
 *     @InjectS3Server
 *     S3Server s3;
 * }
 * }</pre>
 */
public class DedicatedS3 implements QuarkusTestResourceLifecycleManager {

    private S3Server server;

    @Override
    public Map<String, String> start() {
        String bootstrap = MeshSettings.kafkaBootstrap(Map.of());
        if (!MeshSettings.accepts(MeshSettings.firstBootstrapAddress(bootstrap), MeshSettings.CONNECT_TIMEOUT_MILLIS)) {
            throw new IllegalStateException("No Kafka broker on " + bootstrap + ". " + MeshSettings.HOW_TO_START);
        }
        server = S3Server.startNew(MeshSettings.s3Bucket());
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("replay.s3.endpoint", server.endpoint());
        config.put("replay.s3.access-key", MeshSettings.s3AccessKey());
        config.put("replay.s3.secret-key", MeshSettings.s3SecretKey());
        config.put("replay.s3.bucket", MeshSettings.s3Bucket());
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectS3Server.class, S3Server.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
