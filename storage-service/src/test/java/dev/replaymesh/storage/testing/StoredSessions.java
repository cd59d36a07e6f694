package dev.replaymesh.storage.testing;

import dev.replaymesh.format.chunk.ChunkCodec;
import dev.replaymesh.format.chunk.ChunkDictionary;
import dev.replaymesh.format.chunk.ChunkReader;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.ManifestCodec;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.proto.v1.Event;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;

/** Reads stored sessions back in tests, through any way of getting an object's bytes. */
public final class StoredSessions {

    /** An object's bytes, or empty if there is none. */
    public interface Objects {
        Optional<byte[]> get(String key) throws Exception;
    }

    private StoredSessions() {
    }

    /** The objects of a bucket on an S3 server; a client with short timeouts, so a stopped server fails fast. */
    public static Objects s3(String endpoint, String bucket) {
        MinioClient client = MinioClient.builder().endpoint(endpoint).credentials("minioadmin", "minioadmin")
                .httpClient(new OkHttpClient.Builder().connectTimeout(2, TimeUnit.SECONDS)
                        .readTimeout(10, TimeUnit.SECONDS).writeTimeout(10, TimeUnit.SECONDS).build())
                .build();
        return key -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return Optional.of(in.readAllBytes());
            } catch (ErrorResponseException e) {
                if ("NoSuchKey".equals(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
        };
    }

    /**
     * The objects of a bucket as the stopped local S3 server left them on disk (s3proxy's
     * filesystem store: {@code <data>/objects/<bucket>/<key>}): exactly what it had acknowledged.
     */
    public static Objects onDisk(Path dataDir, String bucket) {
        Path root = dataDir.resolve("objects").resolve(bucket);
        return key -> {
            Path file = root.resolve(key);
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        };
    }

    /** The session's manifest, if it has one. */
    public static Optional<Manifest> manifest(Objects objects, String project, String session) throws Exception {
        String key = ObjectKeys.manifest(project, session);
        Optional<byte[]> data = objects.get(key);
        return data.isEmpty() ? Optional.empty() : Optional.of(new ManifestCodec().read(data.get(), key));
    }

    /** The session's manifest once it passes {@code done}. */
    public static Manifest awaitManifest(Objects objects, String project, String session, Predicate<Manifest> done,
            Duration timeout) throws Exception {
        String key = ObjectKeys.manifest(project, session);
        ManifestCodec codec = new ManifestCodec();
        long deadline = System.nanoTime() + timeout.toNanos();
        Manifest last = null;
        while (System.nanoTime() < deadline) {
            Optional<byte[]> data = objects.get(key);
            if (data.isPresent()) {
                last = codec.read(data.get(), key);
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("manifest " + key + " not complete within " + timeout + "; last: " + last);
    }

    /**
     * Every event of the session, each chunk verified against its entry (and decompressed with the
     * dictionary it names, fetched from the same objects) as it is read.
     */
    public static List<Event> events(Objects objects, Manifest manifest) throws Exception {
        List<Event> events = new ArrayList<>();
        ChunkCodec codec = new ChunkCodec();
        for (ChunkEntry chunk : manifest.chunks()) {
            byte[] object = objects.get(chunk.key())
                    .orElseThrow(() -> new AssertionError("chunk " + chunk.key() + " is missing"));
            ChunkDictionary dictionary = null;
            if (chunk.dictionary() != null) {
                dictionary = ChunkDictionary.read(chunk.dictionary(), objects.get(chunk.dictionary())
                        .orElseThrow(() -> new AssertionError("dictionary " + chunk.dictionary() + " is missing")));
            }
            try (ChunkReader reader = codec.open(object, chunk, dictionary)) {
                for (Event e = reader.next(); e != null; e = reader.next()) {
                    events.add(e);
                }
            }
        }
        return events;
    }

    /** The events as sent: without the sequence numbers storage gave them. */
    public static List<Event> withoutSeq(List<Event> events) {
        return events.stream().map(e -> e.toBuilder().setSeq(0).build()).toList();
    }
}
