package dev.replaymesh.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.replaymesh.mesh.MeshTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Runs against the mesh that `bin/mesh test` starts; fails fast without it, by design. */
@QuarkusTest
@WithTestResource(LocalMesh.class)
class LocalMeshQuarkusTest {

    @Inject
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    @ConfigProperty(name = "replay.s3.endpoint")
    String s3Endpoint;

    @Inject
    @ConfigProperty(name = "replay.s3.bucket")
    String bucket;

    @Test
    void configPointsAtTheSharedMeshWithItsTopics() throws Exception {
        assertThat(bootstrap).isEqualTo(LocalMesh.kafkaBootstrapServers());
        assertThat(s3Endpoint).isEqualTo(LocalMesh.s3Endpoint());
        assertThat(bucket).isEqualTo("replay");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .as("topics created by MeshSetup").containsAll(MeshTopics.names());
        }
    }
}
