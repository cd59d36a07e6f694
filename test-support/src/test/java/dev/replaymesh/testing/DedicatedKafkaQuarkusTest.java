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

@QuarkusTest
@WithTestResource(DedicatedKafka.class)
class DedicatedKafkaQuarkusTest {

    @InjectKafkaBroker
    KafkaBroker kafka;

    @Inject
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void theTestOwnsABrokerWithTheMeshTopics() throws Exception {
        assertThat(kafka).isNotNull();
        assertThat(bootstrap).isEqualTo(kafka.bootstrapServers()).isNotEqualTo(LocalMesh.kafkaBootstrapServers());
        assertThat(topics()).containsAll(MeshTopics.names());

        kafka.stop();
        assertThat(kafka.acceptsConnections()).isFalse();
        kafka.start();
        assertThat(topics()).containsAll(MeshTopics.names());
    }

    private java.util.Set<String> topics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}
