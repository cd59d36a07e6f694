package dev.replaymesh.format.portable;

/**
 * One file of a package as its manifest lists it.
 *
 * @param path   name in the ZIP (no directories)
 * @param sha256 SHA-256 of its bytes, lowercase hex
 * @param size   its length in bytes
 */
public record PackageFile(String path, String sha256, long size) {
}
