package dev.replaymesh.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LocalMeshTest {

    @Test
    void failsFastWithHowToWhenNoBrokerListens() throws IOException {
        int closed = closedPort();
        LocalMesh mesh = new LocalMesh();
        mesh.init(Map.of("kafka.bootstrap", "127.0.0.1:" + closed, "s3.endpoint", "http://127.0.0.1:" + closed));

        long started = System.nanoTime();
        assertThatThrownBy(mesh::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No Kafka broker on 127.0.0.1:" + closed + ". Run the tests with `bin/mesh test`,"
                        + " or start the broker and S3 server with `bin/mesh infra up`.");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void failsFastWhenOnlyTheS3ServerIsMissing() throws IOException {
        int closed = closedPort();
        try (ServerSocket fakeBroker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            LocalMesh mesh = new LocalMesh();
            mesh.init(Map.of("kafka.bootstrap", "127.0.0.1:" + fakeBroker.getLocalPort(),
                    "s3.endpoint", "http://127.0.0.1:" + closed));
            long started = System.nanoTime();
            assertThatThrownBy(mesh::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("No S3 server on 127.0.0.1:" + closed + ". ")
                    .hasMessageContaining("bin/mesh infra up");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void returnsTheConfigurationOfBothServers() throws IOException {
        try (ServerSocket kafka = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ServerSocket s3 = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            LocalMesh mesh = new LocalMesh();
            mesh.init(Map.of("kafka.bootstrap", "127.0.0.1:" + kafka.getLocalPort(),
                    "s3.endpoint", "http://127.0.0.1:" + s3.getLocalPort()));
            assertThat(mesh.start())
                    .containsEntry("kafka.bootstrap.servers", "127.0.0.1:" + kafka.getLocalPort())
                    .containsEntry("replay.s3.endpoint", "http://127.0.0.1:" + s3.getLocalPort())
                    .containsKeys("replay.s3.access-key", "replay.s3.secret-key", "replay.s3.bucket");
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
