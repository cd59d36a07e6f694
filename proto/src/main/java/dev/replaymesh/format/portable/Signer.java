package dev.replaymesh.format.portable;

/**
 * Who signed a package's manifest.
 *
 * @param algorithm always {@code Ed25519}
 * @param publicKey the signer's public key, base64 of its X.509 SubjectPublicKeyInfo (DER)
 * @param name      the signing instance's name, as its {@code /.well-known/replay-mesh.json} says
 */
public record Signer(String algorithm, String publicKey, String name) {
}
