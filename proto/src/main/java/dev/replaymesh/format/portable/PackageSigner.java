package dev.replaymesh.format.portable;

import dev.replaymesh.format.RefusedPackageException;
import dev.replaymesh.format.RefusedPackageException.Reason;
import dev.replaymesh.format.chunk.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Signs package manifests with an instance's Ed25519 key, and checks signatures. Keys are given
 * as PEM or as base64 of their DER (PKCS#8 for the private key, X.509 for the public one), the
 * forms {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} write.
 */
public final class PackageSigner {

    public static final String ALGORITHM = "Ed25519";

    private final PrivateKey privateKey;
    private final Signer signer;

    public PackageSigner(String privateKey, String publicKey, String name) {
        try {
            KeyFactory keys = KeyFactory.getInstance(ALGORITHM);
            this.privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(der(privateKey)));
            PublicKey pub = keys.generatePublic(new X509EncodedKeySpec(der(publicKey)));
            this.signer = new Signer(ALGORITHM, Base64.getEncoder().encodeToString(pub.getEncoded()), name);
            byte[] probe = "probe".getBytes(StandardCharsets.US_ASCII);
            if (!verify(signer.publicKey(), probe, sign(probe))) {
                throw new IllegalArgumentException("the public key is not the private key's");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 key pair: " + e.getMessage(), e);
        }
    }

    public Signer signer() {
        return signer;
    }

    /** The signature of {@code manifest}, base64, as {@code manifest.sig} holds it. */
    public byte[] sign(byte[] manifest) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(manifest);
            return Base64.getEncoder().encode(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code signature} (base64) is {@code publicKey}'s signature of {@code manifest}. */
    public static boolean verify(String publicKey, byte[] manifest, byte[] signature) {
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(publicKey)));
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(manifest);
            return s.verify(Base64.getMimeDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * What a package's signature says: unsigned, or signed by its manifest's signer.
     *
     * @throws RefusedPackageException TAMPERED if it is signed and the signature does not match
     */
    public static SignatureCheck check(VerifiedPackage pkg) {
        Signer signer = pkg.manifest().signer();
        if (pkg.signature() == null && signer == null) {
            return SignatureCheck.UNSIGNED;
        }
        if (pkg.signature() == null || signer == null) {
            throw new RefusedPackageException(Reason.TAMPERED, PackageLayout.SIGNATURE, pkg.signature() == null
                    ? "the manifest names a signer but the package has no manifest.sig"
                    : "manifest.sig is there but the manifest names no signer");
        }
        if (!ALGORITHM.equals(signer.algorithm()) || !verify(signer.publicKey(), pkg.manifestBytes(), pkg.signature())) {
            throw new RefusedPackageException(Reason.TAMPERED, PackageLayout.SIGNATURE,
                    "the signature does not match manifest.json: the package changed after " + signer.name() + " signed it");
        }
        return new SignatureCheck(true, signer.name(), fingerprint(signer.publicKey()));
    }

    /** {@code sha256:<hex>} of a public key's DER, to compare keys by eye. */
    public static String fingerprint(String publicKey) {
        return "sha256:" + Sha256.hex(der(publicKey));
    }

    static byte[] der(String key) {
        String body = key.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    /**
     * @param signed      whether the package is signed (and the signature matched)
     * @param signer      the signer's name, or {@code null}
     * @param fingerprint the signer's key fingerprint, or {@code null}
     */
    public record SignatureCheck(boolean signed, String signer, String fingerprint) {
        public static final SignatureCheck UNSIGNED = new SignatureCheck(false, null, null);
    }
}
