package dev.replaymesh.format.portable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replaymesh.format.RefusedPackageException;
import dev.replaymesh.format.RefusedPackageException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageReaderTest {

    static final String EVENTS = "{\"type\":4,\"timestamp\":1}\n{\"type\":2,\"timestamp\":2}\n";
    static final PackagedSession SESSION = new PackagedSession("demo", "s1", "u1", 1, 2, 2,
            List.of(new WindowRun("w1", 1, 2)), List.of());

    @TempDir
    Path dir;

    @Test
    void readsWhatTheWriterWrote() throws IOException {
        VerifiedPackage pkg = read(write(null));
        assertThat(pkg.manifest().session()).isEqualTo(SESSION);
        assertThat(pkg.manifest().files()).extracting(PackageFile::path)
                .containsExactly(PackageLayout.EVENTS, PackageLayout.REDACTION_REPORT, PackageLayout.PLAYER);
        try (var lines = pkg.events()) {
            assertThat(lines.lines()).containsExactly("{\"type\":4,\"timestamp\":1}", "{\"type\":2,\"timestamp\":2}");
        }
        assertThat(PackageSigner.check(pkg)).isEqualTo(PackageSigner.SignatureCheck.UNSIGNED);
    }

    @Test
    void aChangedByteInAnyFileIsRefusedNamingIt() throws IOException {
        byte[] zip = write(null);
        for (String name : List.of(PackageLayout.EVENTS, PackageLayout.REDACTION_REPORT, PackageLayout.PLAYER,
                PackageLayout.MANIFEST)) {
            Map<String, byte[]> files = unzip(zip);
            byte[] bytes = files.get(name);
            bytes[bytes.length / 2] ^= 1;
            assertThatThrownBy(() -> read(zip(files))).as(name).isInstanceOfSatisfying(RefusedPackageException.class,
                    e -> {
                        assertThat(e.reason()).isIn(Reason.TAMPERED, Reason.MALFORMED);
                        assertThat(e.file()).isEqualTo(name);
                    });
        }
    }

    @Test
    void aSignedPackageSaysWhoSignedItAndAnyChangeBreaksTheSignature() throws Exception {
        PackageSigner signer = newSigner("archive-eu");
        VerifiedPackage pkg = read(write(signer));
        PackageSigner.SignatureCheck check = PackageSigner.check(pkg);
        assertThat(check.signed()).isTrue();
        assertThat(check.signer()).isEqualTo("archive-eu");
        assertThat(check.fingerprint()).isEqualTo(PackageSigner.fingerprint(signer.signer().publicKey()));

        // Rewrite the manifest consistently (new checksums everywhere) with another session id:
        // only the signature can tell.
        Map<String, byte[]> files = unzip(write(signer));
        String manifest = new String(files.get(PackageLayout.MANIFEST), StandardCharsets.UTF_8).replace("\"s1\"", "\"s2\"");
        files.put(PackageLayout.MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
        files.put(PackageLayout.SHA256SUMS, sums(files).getBytes(StandardCharsets.UTF_8));
        VerifiedPackage forged = read(zip(files));
        assertThatThrownBy(() -> PackageSigner.check(forged)).isInstanceOfSatisfying(RefusedPackageException.class,
                e -> assertThat(e.file()).isEqualTo(PackageLayout.SIGNATURE));
    }

    @Test
    void unsafeNamesDuplicatesAndStrangersAreRefused() throws IOException {
        for (String name : List.of("../evil.sh", "/etc/passwd", "dir/events.ndjson", "C:evil", "notes.txt")) {
            Map<String, byte[]> files = unzip(write(null));
            files.put(name, "x".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> read(zip(files))).as(name).isInstanceOfSatisfying(RefusedPackageException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.UNSAFE));
        }
        // Java's ZIP writer will not write a name twice; other writers do. Rename a second entry after the fact.
        Map<String, byte[]> files = unzip(write(null));
        files.put("events.ndjsoX", "{}".getBytes(StandardCharsets.UTF_8));
        byte[] twice = replace(zip(files), "events.ndjsoX", PackageLayout.EVENTS);
        assertThatThrownBy(() -> read(twice)).isInstanceOfSatisfying(RefusedPackageException.class,
                e -> assertThat(e.getMessage()).contains("appears twice"));
        assertThat(Files.exists(dir.resolve("../evil.sh").normalize())).isFalse();
    }

    @Test
    void aZipBombIsRefusedBeforeItFillsTheDisk() throws IOException {
        Map<String, byte[]> files = unzip(write(null));
        files.put(PackageLayout.EVENTS, new byte[64 << 20]);
        byte[] bomb = zip(files);
        assertThat(bomb.length).isLessThan(1 << 20);
        assertThatThrownBy(() -> read(bomb)).isInstanceOfSatisfying(RefusedPackageException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
            assertThat(e.getMessage()).contains("zip bomb");
        });
        PackageReader small = new PackageReader(new PackageLimits(1000, 10_000, 1000));
        Map<String, byte[]> big = unzip(write(null));
        big.put(PackageLayout.PLAYER, new byte[5000]);
        Path out = Files.createTempDirectory(dir, "small");
        assertThatThrownBy(() -> small.read(new ByteArrayInputStream(zip(big)), out))
                .isInstanceOfSatisfying(RefusedPackageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
                    assertThat(e.file()).isEqualTo(PackageLayout.PLAYER);
                });
    }

    @Test
    void notAPackageAtAll() {
        assertThatThrownBy(() -> read("{\"version\":\"2023-04-28\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(RefusedPackageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        assertThatThrownBy(() -> {
            Map<String, byte[]> files = unzip(write(null));
            files.remove(PackageLayout.SHA256SUMS);
            read(zip(files));
        }).isInstanceOfSatisfying(RefusedPackageException.class, e -> assertThat(e.file()).isEqualTo(PackageLayout.SHA256SUMS));
        assertThatThrownBy(() -> {
            Map<String, byte[]> files = unzip(write(null));
            String manifest = new String(files.get(PackageLayout.MANIFEST), StandardCharsets.UTF_8)
                    .replace("\"1.0\"", "\"2.0\"");
            files.put(PackageLayout.MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
            files.put(PackageLayout.SHA256SUMS, sums(files).getBytes(StandardCharsets.UTF_8));
            read(zip(files));
        }).hasMessageContaining("package format 2.0");
    }

    static byte[] replace(byte[] data, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII);
        byte[] t = to.getBytes(StandardCharsets.US_ASCII);
        byte[] out = data.clone();
        for (int i = 0; i + f.length <= out.length; i++) {
            if (java.util.Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, out, i, t.length);
            }
        }
        return out;
    }

    private VerifiedPackage read(byte[] zip) throws IOException {
        Path out = Files.createTempDirectory(dir, "pkg");
        return new PackageReader(PackageLimits.DEFAULT).read(new ByteArrayInputStream(zip), out);
    }

    static byte[] write(PackageSigner signer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PackageWriter w = new PackageWriter(out, 1_700_000_000_000L);
        try (OutputStream events = w.beginFile(PackageLayout.EVENTS)) {
            events.write(EVENTS.getBytes(StandardCharsets.UTF_8));
        }
        w.file(PackageLayout.REDACTION_REPORT, "{}".getBytes(StandardCharsets.UTF_8));
        w.file(PackageLayout.PLAYER, "<!doctype html><p>player</p>".getBytes(StandardCharsets.UTF_8));
        w.finish(SESSION, 1_700_000_000_000L, "test", signer);
        w.close();
        return out.toByteArray();
    }

    static PackageSigner newSigner(String name) throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        return new PackageSigner(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()), name);
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                files.put(e.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static String sums(Map<String, byte[]> files) {
        StringBuilder s = new StringBuilder();
        files.forEach((name, bytes) -> {
            if (!name.equals(PackageLayout.SHA256SUMS)) {
                s.append(dev.replaymesh.format.chunk.Sha256.hex(bytes)).append("  ").append(name).append('\n');
            }
        });
        return s.toString();
    }
}
