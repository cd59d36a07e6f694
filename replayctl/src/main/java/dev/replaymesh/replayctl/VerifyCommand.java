package dev.replaymesh.replayctl;

import dev.replaymesh.format.RefusedPackageException;
import dev.replaymesh.format.portable.PackageLimits;
import dev.replaymesh.format.portable.PackageManifest;
import dev.replaymesh.format.portable.PackageReader;
import dev.replaymesh.format.portable.PackageSigner;
import dev.replaymesh.format.portable.PackagedSession;
import dev.replaymesh.format.portable.VerifiedPackage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replayctl verify FILE}: checks a portable package offline, with the same reader an import
 * uses: every file against the manifest and SHA256SUMS, the signature against the manifest. Says
 * who signed it, or that it is unsigned; exits 1 naming the file if anything differs.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Check a portable package offline.")
final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "the package (.zip)")
    Path file;

    @Option(names = "--trust", description = "a public key (PEM or base64 DER) whose signature counts as trusted; repeatable")
    List<String> trusted = List.of();

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new CliFailure(ExitCodes.USAGE, "no file " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            Checked checked = read(in);
            PackageSigner.SignatureCheck check = checked.signature();
            PackagedSession s = checked.manifest().session();
            System.out.println("OK: " + file + ": session " + s.sessionId() + " of project " + s.project() + ", "
                    + s.eventCount() + " events, " + checked.manifest().files().size() + " files checked");
            boolean trustedKey = check.signed() && trusted.stream().map(PackageSigner::fingerprint)
                    .anyMatch(check.fingerprint()::equals);
            System.out.println(describe(check.signed(), check.signer(), check.fingerprint(), trustedKey));
            return ExitCodes.OK;
        } catch (RefusedPackageException e) {
            throw new CliFailure(ExitCodes.REFUSED, "NOT OK: " + file + (e.file() == null ? "" : ": " + e.file())
                    + ": " + e.getMessage());
        }
    }

    /** What checking a package found. */
    record Checked(PackageManifest manifest, PackageSigner.SignatureCheck signature) {
    }

    /**
     * Checks a package as an import would (every file, then the signature), in a temporary
     * directory removed afterwards.
     *
     * @throws RefusedPackageException if it is not a whole, unchanged package
     */
    static Checked read(InputStream in) throws java.io.IOException {
        Path dir = Files.createTempDirectory("replayctl-verify-");
        try {
            VerifiedPackage pkg = new PackageReader(PackageLimits.DEFAULT).read(in, dir);
            return new Checked(pkg.manifest(), PackageSigner.check(pkg));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static String describe(boolean signed, String signer, String fingerprint, boolean trusted) {
        if (!signed) {
            return "unsigned";
        }
        return "signed by " + signer + " (key " + fingerprint + ")" + (trusted ? ", a trusted key" : ", a key not marked trusted");
    }
}
