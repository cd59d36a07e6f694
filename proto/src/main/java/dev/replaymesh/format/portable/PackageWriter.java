package dev.replaymesh.format.portable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.replaymesh.format.FormatVersion;
import dev.replaymesh.format.chunk.Sha256;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a portable package to a stream as its files come, holding none of them: each file is
 * hashed and counted on its way into the ZIP, and {@link #finish} adds the manifest listing them
 * and {@code SHA256SUMS}. Not thread-safe.
 */
public final class PackageWriter implements AutoCloseable {

    /** The package format this writer writes. */
    public static final FormatVersion VERSION = new FormatVersion(1, 0);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final ZipOutputStream zip;
    private final FileTime time;
    private final List<PackageFile> files = new ArrayList<>();
    private final StringBuilder sums = new StringBuilder();
    private boolean open;

    /** @param createdMs the time stamped on every ZIP entry, so that the same input gives the same bytes */
    public PackageWriter(OutputStream out, long createdMs) {
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        this.time = FileTime.fromMillis(createdMs);
    }

    /** Starts a file; write it to the stream returned and close that stream to end it. */
    public OutputStream beginFile(String path) throws IOException {
        if (open) {
            throw new IllegalStateException("the previous file is still open");
        }
        if (path.contains("/") || path.contains("\\") || path.isEmpty()) {
            throw new IllegalArgumentException("package files are plain names: " + path);
        }
        ZipEntry entry = new ZipEntry(path);
        entry.setLastModifiedTime(time);
        zip.putNextEntry(entry);
        open = true;
        return new Hashing(path);
    }

    public void file(String path, byte[] bytes) throws IOException {
        try (OutputStream out = beginFile(path)) {
            out.write(bytes);
        }
    }

    /**
     * Writes {@code manifest.json} (the files so far, with {@code session}), its signature if
     * {@code signer} is not null, and {@code SHA256SUMS}; ends the ZIP.
     */
    public PackageManifest finish(PackagedSession session, long createdMs, String createdBy, PackageSigner signer)
            throws IOException {
        PackageManifest manifest = new PackageManifest(PackageLayout.FORMAT, VERSION.toString(), createdMs, createdBy,
                session, List.copyOf(files), signer == null ? null : signer.signer());
        byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
        file(PackageLayout.MANIFEST, manifestBytes);
        if (signer != null) {
            file(PackageLayout.SIGNATURE, signer.sign(manifestBytes));
        }
        byte[] sumsBytes = sums.toString().getBytes(StandardCharsets.UTF_8);
        ZipEntry entry = new ZipEntry(PackageLayout.SHA256SUMS);
        entry.setLastModifiedTime(time);
        zip.putNextEntry(entry);
        zip.write(sumsBytes);
        zip.closeEntry();
        zip.finish();
        return manifest;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    /** One file's bytes on their way into the ZIP, hashed and counted. */
    private final class Hashing extends FilterOutputStream {
        private final String path;
        private final MessageDigest digest = Sha256.digest();
        private long size;
        private boolean closed;

        Hashing(String path) {
            super(zip);
            this.path = path;
        }

        @Override
        public void write(int b) throws IOException {
            zip.write(b);
            digest.update((byte) b);
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            zip.write(b, off, len);
            digest.update(b, off, len);
            size += len;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            zip.closeEntry();
            open = false;
            String sha = Sha256.hex(digest);
            if (!path.equals(PackageLayout.MANIFEST) && !path.equals(PackageLayout.SIGNATURE)) {
                files.add(new PackageFile(path, sha, size));
            }
            // Two spaces: the text mode of sha256sum's own output, which `sha256sum -c` reads.
            sums.append(sha).append("  ").append(path).append('\n');
        }
    }
}
