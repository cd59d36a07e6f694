package dev.replaymesh.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class S3ServerTest {

    @Test
    void stopsAndRestartsWithItsObjects() throws Exception {
        java.nio.file.Path dataDir;
        try (S3Server s3 = S3Server.startNew("replay")) {
            MinioClient client = MinioClient.builder().endpoint(s3.endpoint())
                    .credentials(MeshSettings.s3AccessKey(), MeshSettings.s3SecretKey()).build();
            byte[] data = "kept".getBytes(StandardCharsets.UTF_8);
            client.putObject(PutObjectArgs.builder().bucket("replay").object("a/b")
                    .stream(new ByteArrayInputStream(data), data.length, -1).build());

            long pid = s3.pid().orElseThrow();
            s3.stop();
            assertThat(ServerScript.alive(pid)).isFalse();
            assertThat(s3.acceptsConnections()).isFalse();

            s3.start();
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket("replay").object("a/b").build())) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
            dataDir = s3.dataDir();
        }
        assertThat(Files.exists(dataDir)).as("data deleted on close").isFalse();
    }
}
