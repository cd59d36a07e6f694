package dev.replaymesh.format.portable;

import java.util.List;

/**
 * {@code manifest.json} of a portable package (docs/FORMAT.md, "Portable package").
 *
 * @param format        always {@link PackageLayout#FORMAT}
 * @param formatVersion {@code major.minor} of the package format
 * @param createdMs     when it was exported (ms since the epoch)
 * @param createdBy     the software (and version) that wrote it
 * @param session       the session it holds
 * @param files         every file but the manifest itself, {@code SHA256SUMS} and the signature
 * @param signer        who signed the manifest ({@code manifest.sig}), or {@code null} if unsigned
 */
public record PackageManifest(String format, String formatVersion, long createdMs, String createdBy,
        PackagedSession session, List<PackageFile> files, Signer signer) {
}
