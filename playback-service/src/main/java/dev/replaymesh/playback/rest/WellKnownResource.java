package dev.replaymesh.playback.rest;

import dev.replaymesh.format.portable.PackageSigner;
import dev.replaymesh.playback.signing.InstanceIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /.well-known/replay-mesh.json}: who this instance is and the public key its packages are
 * signed with, so that a reader of a package can check who signed it. Public, no key needed.
 */
@Path("/.well-known/replay-mesh.json")
public class WellKnownResource {

    private final InstanceIdentity identity;

    public WellKnownResource(InstanceIdentity identity) {
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", identity.name());
        body.put("packageFormat", "1.0");
        identity.signer().ifPresentOrElse(s -> body.put("signing", Map.of("algorithm", s.signer().algorithm(),
                "publicKey", s.signer().publicKey(), "fingerprint", PackageSigner.fingerprint(s.signer().publicKey()))),
                () -> body.put("signing", null));
        return body;
    }
}
