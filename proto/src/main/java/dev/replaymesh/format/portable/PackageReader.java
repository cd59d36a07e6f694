package dev.replaymesh.format.portable;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaymesh.format.CountingInputStream;
import dev.replaymesh.format.FormatVersion;
import dev.replaymesh.format.RefusedPackageException;
import dev.replaymesh.format.RefusedPackageException.Reason;
import dev.replaymesh.format.chunk.Sha256;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a portable package into a directory of the caller's and checks it whole before anything
 * is read from it: only the package's own plain file names, within {@link PackageLimits}; the
 * manifest's format and version; every listed file's size and SHA-256, and {@code SHA256SUMS}.
 * File names in the ZIP never become paths: each file is written under a name of this reader's.
 */
public final class PackageReader {

    static final Set<String> KNOWN = Set.of(PackageLayout.EVENTS, PackageLayout.REDACTION_REPORT,
            PackageLayout.PLAYER, PackageLayout.MANIFEST, PackageLayout.SHA256SUMS, PackageLayout.SIGNATURE);
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final PackageLimits limits;

    public PackageReader(PackageLimits limits) {
        this.limits = limits;
    }

    /**
     * @param dir an empty directory the package's files are written to
     * @throws RefusedPackageException if the package is unsafe, too large, malformed or changed
     */
    public VerifiedPackage read(InputStream zipBytes, Path dir) throws IOException {
        // The compressed bytes the ZIP reader has pulled, for the inflation ratio.
        CountingInputStream raw = new CountingInputStream(zipBytes);
        Map<String, PackageFile> unpacked = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(raw, StandardCharsets.UTF_8)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                checkName(name, unpacked);
                PackageFile file = unpack(zip, name, dir.resolve(localName(name)), raw, total);
                total += file.size();
                unpacked.put(name, file);
            }
        } catch (ZipException | EOFException e) {
            // EOF: a package cut short, e.g. a download that broke off.
            throw new RefusedPackageException(Reason.MALFORMED, null, "not a readable ZIP: " + e.getMessage());
        }
        if (unpacked.isEmpty()) {
            throw new RefusedPackageException(Reason.MALFORMED, null, "not a ZIP, or an empty one");
        }
        for (String required : PackageLayout.REQUIRED) {
            if (!unpacked.containsKey(required)) {
                throw new RefusedPackageException(Reason.MALFORMED, required, "the package has no " + required);
            }
        }
        byte[] manifestBytes = Files.readAllBytes(dir.resolve(localName(PackageLayout.MANIFEST)));
        PackageManifest manifest = manifest(manifestBytes);
        checkListed(manifest, unpacked);
        checkSums(Files.readString(dir.resolve(localName(PackageLayout.SHA256SUMS))), unpacked);
        byte[] signature = unpacked.containsKey(PackageLayout.SIGNATURE)
                ? Files.readAllBytes(dir.resolve(localName(PackageLayout.SIGNATURE))) : null;
        return new VerifiedPackage(dir, manifest, manifestBytes, signature);
    }

    /** Where a package file is unpacked: a fixed name of ours, whatever the ZIP says. */
    static String localName(String packageName) {
        return "file-" + switch (packageName) {
            case PackageLayout.EVENTS -> "events";
            case PackageLayout.REDACTION_REPORT -> "report";
            case PackageLayout.PLAYER -> "player";
            case PackageLayout.MANIFEST -> "manifest";
            case PackageLayout.SHA256SUMS -> "sums";
            case PackageLayout.SIGNATURE -> "signature";
            default -> throw new IllegalArgumentException(packageName);
        };
    }

    private static void checkName(String name, Map<String, PackageFile> seen) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.contains("..") || name.contains(":")) {
            throw new RefusedPackageException(Reason.UNSAFE, name, "file name " + quote(name)
                    + " is a path; a package holds plain names only");
        }
        if (!KNOWN.contains(name)) {
            throw new RefusedPackageException(Reason.UNSAFE, name, "unexpected file " + quote(name) + " in the package");
        }
        if (seen.containsKey(name)) {
            throw new RefusedPackageException(Reason.UNSAFE, name, name + " appears twice in the package");
        }
        if (seen.size() >= PackageLimits.MAX_ENTRIES) {
            throw new RefusedPackageException(Reason.TOO_LARGE, name, "more than " + PackageLimits.MAX_ENTRIES + " files");
        }
    }

    private PackageFile unpack(ZipInputStream zip, String name, Path to, CountingInputStream raw, long totalBefore)
            throws IOException {
        MessageDigest digest = Sha256.digest();
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(to)) {
            for (int n = zip.read(buffer); n >= 0; n = zip.read(buffer)) {
                size += n;
                if (size > limits.maxFileBytes()) {
                    throw new RefusedPackageException(Reason.TOO_LARGE, name, name + " inflates past "
                            + limits.maxFileBytes() + " bytes");
                }
                if (totalBefore + size > limits.maxTotalBytes()) {
                    throw new RefusedPackageException(Reason.TOO_LARGE, name, "the package inflates past "
                            + limits.maxTotalBytes() + " bytes");
                }
                // Allow the first MiB whatever its ratio: small files deflate well.
                if (totalBefore + size > (1L << 20) && totalBefore + size > raw.count() * limits.maxRatio()) {
                    throw new RefusedPackageException(Reason.TOO_LARGE, name, name + " inflates more than "
                            + limits.maxRatio() + " times its compressed size: refused as a zip bomb");
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return new PackageFile(name, Sha256.hex(digest), size);
    }

    private static PackageManifest manifest(byte[] bytes) {
        PackageManifest manifest;
        try {
            manifest = JSON.readValue(bytes, PackageManifest.class);
        } catch (IOException e) {
            throw new RefusedPackageException(Reason.MALFORMED, PackageLayout.MANIFEST, "manifest.json is not "
                    + "a package manifest: " + e.getMessage());
        }
        if (!PackageLayout.FORMAT.equals(manifest.format())) {
            throw new RefusedPackageException(Reason.MALFORMED, PackageLayout.MANIFEST, "format "
                    + quote(manifest.format()) + " is not " + PackageLayout.FORMAT);
        }
        FormatVersion version;
        try {
            version = FormatVersion.parse(manifest.formatVersion());
        } catch (IllegalArgumentException e) {
            throw new RefusedPackageException(Reason.MALFORMED, PackageLayout.MANIFEST, e.getMessage());
        }
        if (version.major() != PackageWriter.VERSION.major()) {
            throw new RefusedPackageException(Reason.MALFORMED, PackageLayout.MANIFEST, "package format "
                    + version + " is not readable here (this reader knows " + PackageWriter.VERSION.major() + ".x)");
        }
        if (manifest.session() == null || manifest.files() == null) {
            throw new RefusedPackageException(Reason.MALFORMED, PackageLayout.MANIFEST, "manifest.json has no "
                    + (manifest.session() == null ? "session" : "files"));
        }
        return manifest;
    }

    private static void checkListed(PackageManifest manifest, Map<String, PackageFile> unpacked) {
        for (PackageFile listed : manifest.files()) {
            PackageFile found = unpacked.get(listed.path());
            if (found == null) {
                throw new RefusedPackageException(Reason.MALFORMED, listed.path(), "the manifest lists "
                        + quote(listed.path()) + ", which the package does not hold");
            }
            if (found.size() != listed.size() || !found.sha256().equals(listed.sha256())) {
                throw new RefusedPackageException(Reason.TAMPERED, listed.path(), listed.path()
                        + " differs from the manifest (SHA-256 " + found.sha256() + ", " + found.size()
                        + " bytes; the manifest says " + listed.sha256() + ", " + listed.size() + ")");
            }
        }
        for (String name : unpacked.keySet()) {
            boolean own = name.equals(PackageLayout.MANIFEST) || name.equals(PackageLayout.SHA256SUMS)
                    || name.equals(PackageLayout.SIGNATURE);
            if (!own && manifest.files().stream().noneMatch(f -> f.path().equals(name))) {
                throw new RefusedPackageException(Reason.TAMPERED, name, name + " is not listed in the manifest");
            }
        }
    }

    private static void checkSums(String sums, Map<String, PackageFile> unpacked) {
        for (String line : sums.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int space = line.indexOf("  ");
            String name = space < 0 ? "" : line.substring(space + 2);
            PackageFile file = unpacked.get(name);
            if (space != 64 || file == null) {
                throw new RefusedPackageException(Reason.MALFORMED, PackageLayout.SHA256SUMS,
                        "SHA256SUMS line " + quote(line) + " names no file of the package");
            }
            if (!file.sha256().equals(line.substring(0, 64))) {
                throw new RefusedPackageException(Reason.TAMPERED, name, name + " differs from its line in SHA256SUMS");
            }
        }
    }

    private static String quote(String s) {
        return "\"" + (s == null ? "" : s.replaceAll("[\\p{Cntrl}]", "?")) + "\"";
    }
}
