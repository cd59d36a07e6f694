package dev.replaymesh.format.posthog;

import static dev.replaymesh.format.posthog.CompressedSnapshotTest.latin1Gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaymesh.format.RefusedPackageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostHogExportReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheCurrentVersionAndDecompressesEventsThatStillCarryCv() throws Exception {
        String full = "{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[]},\"initialOffset\":{\"top\":0,\"left\":0}}";
        String file = "{\"version\":\"2023-04-28\",\"data\":{\"id\":\"0190\",\"person\":{\"distinct_ids\":[\"u1\"]},"
                + "\"snapshots\":[{\"type\":4,\"timestamp\":10,\"windowId\":1,\"data\":{\"href\":\"https://x\"}},"
                + "{\"type\":2,\"timestamp\":11,\"windowId\":1,\"cv\":\"2024-10\",\"data\":"
                + JSON.writeValueAsString(latin1Gzip(full)) + "}]}}";
        List<PostHogExportReader.Snapshot> read = new ArrayList<>();

        PostHogExportReader.Header header = new PostHogExportReader().read(in(file), read::add);

        assertThat(header.id()).isEqualTo("0190");
        assertThat(header.distinctId()).isEqualTo("u1");
        assertThat(read).extracting(PostHogExportReader.Snapshot::windowId).containsExactly("1", "1");
        assertThat(read.get(1).event()).isEqualTo(JSON.readTree("{\"type\":2,\"timestamp\":11,\"data\":" + full + "}"));
    }

    @Test
    void readsTheLegacyVersionInTimestampOrder() throws Exception {
        String file = "{\"version\":\"2022-12-02\",\"data\":{\"person\":null,\"snapshotsByWindowId\":{"
                + "\"w-a\":[{\"type\":4,\"timestamp\":30},{\"type\":3,\"timestamp\":10}],"
                + "\"w-b\":[{\"type\":3,\"timestamp\":20}]}}}";
        List<PostHogExportReader.Snapshot> read = new ArrayList<>();
        new PostHogExportReader().read(in(file), read::add);
        assertThat(read).extracting(PostHogExportReader.Snapshot::timestamp).containsExactly(10L, 20L, 30L);
        assertThat(read).extracting(PostHogExportReader.Snapshot::windowId).containsExactly("w-a", "w-b", "w-a");
    }

    @Test
    void aCompressedEventThatCannotBeDecodedRefusesTheFileSayingWhich() {
        String file = "{\"version\":\"2023-04-28\",\"data\":{\"snapshots\":[{\"type\":4,\"timestamp\":10},"
                + "{\"type\":2,\"timestamp\":11,\"cv\":\"2024-10\",\"data\":\"garbage\"}]}}";
        assertThatThrownBy(() -> new PostHogExportReader().read(in(file), s -> { }))
                .isInstanceOf(RefusedPackageException.class)
                .hasMessageContaining("snapshot 2").hasMessageContaining("not gzip");
    }

    @Test
    void otherVersionsAndOtherFilesAreRefused() {
        assertThatThrownBy(() -> new PostHogExportReader().read(in("{\"version\":\"2030-01-01\",\"data\":{}}"), s -> { }))
                .hasMessageContaining("2030-01-01");
        assertThatThrownBy(() -> new PostHogExportReader().read(in("{\"hello\":1}"), s -> { }))
                .hasMessageContaining("does not appear to be a PostHog recording export");
    }

    private static ByteArrayInputStream in(String s) throws IOException {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
