package dev.replaymesh.format.portable;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A package whose every file has been checked against its manifest and SHA256SUMS, unpacked in a
 * directory; the signature, if it has one, is checked by whoever knows which signers to trust.
 *
 * @param dir           where its files are
 * @param manifest      its manifest
 * @param manifestBytes the manifest as it was signed
 * @param signature     {@code manifest.sig} as stored, or {@code null} if unsigned
 */
public record VerifiedPackage(Path dir, PackageManifest manifest, byte[] manifestBytes, byte[] signature) {

    /** The events, one rrweb event JSON per line. */
    public BufferedReader events() throws IOException {
        return Files.newBufferedReader(dir.resolve(PackageReader.localName(PackageLayout.EVENTS)), StandardCharsets.UTF_8);
    }

    public byte[] file(String name) throws IOException {
        return Files.readAllBytes(dir.resolve(PackageReader.localName(name)));
    }
}
