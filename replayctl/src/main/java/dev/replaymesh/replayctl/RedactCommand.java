package dev.replaymesh.replayctl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaymesh.format.RefusedPackageException;
import dev.replaymesh.format.portable.PackageLayout;
import dev.replaymesh.format.portable.PackageLimits;
import dev.replaymesh.format.portable.PackageReader;
import dev.replaymesh.format.portable.PackageSigner;
import dev.replaymesh.format.portable.PackageWriter;
import dev.replaymesh.format.portable.PackagedSession;
import dev.replaymesh.format.portable.PlayerPageEvents;
import dev.replaymesh.format.portable.VerifiedPackage;
import dev.replaymesh.format.portable.WindowRun;
import dev.replaymesh.redaction.engine.EventRedactor;
import dev.replaymesh.redaction.mirror.SessionMirror;
import dev.replaymesh.redaction.report.RuleCount;
import dev.replaymesh.redaction.report.SessionReport;
import dev.replaymesh.redaction.rules.InvalidRulesException;
import dev.replaymesh.redaction.rules.RuleSet;
import dev.replaymesh.redaction.rules.RuleSetLoader;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replayctl redact PACKAGE --rules FILE -o OUT}: applies a rules file (docs/REDACTION.md)
 * to a package offline, with the same engine redaction-service runs, and writes a new package: the
 * redacted events, a report that adds this pass to the package's earlier one, and its player page
 * with the redacted events in place of the old ones. The input is verified first; the output is
 * unsigned unless a key is given.
 */
@Command(name = "redact", mixinStandardHelpOptions = true,
        description = "Apply a rules file to a package offline and write a new package with its report.")
final class RedactCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "the package (.zip)")
    Path input;

    @Option(names = "--rules", description = "rules file (YAML); the built-in rules when not given")
    Path rules;

    @Option(names = {"-o", "--output"}, required = true, description = "the new package")
    Path output;

    @Option(names = "--max-nodes", defaultValue = "500000", description = "largest DOM the mirror follows (${DEFAULT-VALUE})")
    int maxNodes;

    @Option(names = "--sign-key", description = "Ed25519 private key (PEM or base64 DER) to sign the new package with")
    String signKey;

    @Option(names = "--sign-public-key", description = "its public key; needed with --sign-key")
    String signPublicKey;

    @Option(names = "--signer", defaultValue = "replayctl", description = "the signer's name (${DEFAULT-VALUE})")
    String signer;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(input)) {
            throw new CliFailure(ExitCodes.USAGE, "no file " + input);
        }
        if ((signKey == null) != (signPublicKey == null)) {
            throw new CliFailure(ExitCodes.USAGE, "--sign-key and --sign-public-key go together");
        }
        RuleSet ruleSet;
        try {
            ruleSet = rules == null ? RuleSetLoader.defaults() : RuleSetLoader.load(Files.readAllBytes(rules), rules.toString());
        } catch (InvalidRulesException e) {
            throw new CliFailure(ExitCodes.USAGE, e.getMessage());
        }
        Path dir = Files.createTempDirectory("replayctl-redact-");
        try (InputStream in = Files.newInputStream(input)) {
            VerifiedPackage pkg = new PackageReader(PackageLimits.DEFAULT).read(in, dir);
            Path partial = output.resolveSibling(output.getFileName() + ".part");
            SessionReport report = new SessionReport();
            long kept;
            try (OutputStream file = Files.newOutputStream(partial)) {
                kept = write(pkg, ruleSet, report, file);
            }
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.out.println("redacted " + input + " with rules " + ruleSet.id() + ": " + report.eventsChanged()
                    + " of " + report.eventsSeen() + " events changed, " + report.eventsDropped() + " dropped; "
                    + kept + " events in " + output);
            return ExitCodes.OK;
        } catch (RefusedPackageException e) {
            throw new CliFailure(ExitCodes.REFUSED, "NOT OK: " + input + (e.file() == null ? "" : ": " + e.file())
                    + ": " + e.getMessage());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private long write(VerifiedPackage pkg, RuleSet ruleSet, SessionReport report, OutputStream out) throws Exception {
        PackagedSession was = pkg.manifest().session();
        long now = System.currentTimeMillis();
        PackageWriter writer = new PackageWriter(out, now);
        EventRedactor redactor = new EventRedactor();
        SessionMirror mirror = new SessionMirror(maxNodes);
        List<WindowRun> windows = new ArrayList<>();
        List<byte[]> pageEvents = new ArrayList<>();
        long line = 0;
        long kept = 0;
        int run = 0;
        try (OutputStream events = writer.beginFile(PackageLayout.EVENTS); BufferedReader lines = pkg.events()) {
            for (String json = lines.readLine(); json != null; json = lines.readLine()) {
                line++;
                while (was.windows().get(run).lastLine() < line) {
                    run++;
                }
                byte[] redacted = redactor.redact(ruleSet, mirror, report, was.project(),
                        json.getBytes(StandardCharsets.UTF_8), line);
                if (redacted == null) {
                    continue;
                }
                kept++;
                events.write(redacted);
                events.write('\n');
                WindowRun.append(windows, was.windows().get(run).windowId(), kept);
                pageEvents.add(redacted);
            }
        }
        writer.file(PackageLayout.REDACTION_REPORT, report(pkg.file(PackageLayout.REDACTION_REPORT), ruleSet, report));
        writer.file(PackageLayout.PLAYER, PlayerPageEvents.replace(pkg.file(PackageLayout.PLAYER),
                PlayerPageEvents.array(pageEvents)));
        writer.finish(new PackagedSession(was.project(), was.sessionId(), was.distinctId(), was.startMs(), was.endMs(),
                kept, windows, was.urls()), now, "replayctl redact (rules " + ruleSet.id() + ")",
                signKey == null ? null : new PackageSigner(signKey, signPublicKey, signer));
        writer.close();
        return kept;
    }

    /** The earlier report with this pass added: its rule set, its counts, its rules' totals after the earlier ones. */
    private static byte[] report(byte[] earlier, RuleSet ruleSet, SessionReport pass) throws Exception {
        ObjectNode report = (ObjectNode) Service.JSON.readTree(earlier);
        ArrayNode sets = report.withArray("ruleSets");
        sets.add(ruleSet.id());
        report.put("eventsSeen", pass.eventsSeen());
        report.put("eventsChanged", report.path("eventsChanged").asLong() + pass.eventsChanged());
        report.put("eventsDropped", report.path("eventsDropped").asLong() + pass.eventsDropped());
        ArrayNode rules = report.withArray("rules");
        for (RuleCount c : pass.counts()) {
            rules.add(Service.JSON.valueToTree(c));
        }
        return Service.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report);
    }
}
