package dev.replaymesh.playback.signing;

import dev.replaymesh.format.portable.PackageSigner;
import dev.replaymesh.playback.config.PlaybackConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** This instance's name, the key it signs packages with (if any), and the signers it trusts. */
@ApplicationScoped
public class InstanceIdentity {

    private final String name;
    private final PackageSigner signer;
    private final List<String> trusted = new ArrayList<>();

    public InstanceIdentity(PlaybackConfig config) {
        PlaybackConfig.Instance instance = config.instance();
        this.name = instance.name();
        if (instance.signingKey().isPresent() != instance.signingPublicKey().isPresent()) {
            throw new IllegalArgumentException("replay.playback.instance.signing-key and signing-public-key go together");
        }
        this.signer = instance.signingKey().map(k -> new PackageSigner(k, instance.signingPublicKey().get(), name))
                .orElse(null);
        if (signer != null) {
            trusted.add(PackageSigner.fingerprint(signer.signer().publicKey()));
        }
        instance.trustedKeys().orElse(List.of()).forEach(k -> trusted.add(PackageSigner.fingerprint(k)));
    }

    public String name() {
        return name;
    }

    /** The signer of exported packages, or empty if they go out unsigned. */
    public Optional<PackageSigner> signer() {
        return Optional.ofNullable(signer);
    }

    /** Whether a key with this fingerprint is ours or one configured as trusted. */
    public boolean trusts(String fingerprint) {
        return fingerprint != null && trusted.contains(fingerprint);
    }
}
