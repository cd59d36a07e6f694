package dev.replaymesh.replayctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code replayctl}: sessions in and out of a mesh from the command line. Exit codes, for scripts:
 * {@value ExitCodes#OK} done; {@value ExitCodes#REFUSED} a package failed verification or an import
 * was refused; {@value ExitCodes#USAGE} wrong usage; {@value ExitCodes#NOT_FOUND} no such session;
 * {@value ExitCodes#UNAUTHORIZED} the key was not accepted; {@value ExitCodes#UNAVAILABLE} the service
 * could not be reached or failed (retrying may help).
 */
@Command(name = "replayctl", mixinStandardHelpOptions = true, version = "replayctl 0.1.0",
        subcommands = {ListCommand.class, PlayCommand.class, ExportCommand.class, ImportCommand.class,
                VerifyCommand.class, RedactCommand.class, ImportPostHogCommand.class, ExportPostHogCommand.class},
        description = "Export, import, verify, list and play session recordings of a replay mesh.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a package failed verification, or an import was refused", "2:wrong usage",
                "3:no such session", "4:the key was not accepted", "5:the service could not be reached or failed"})
public final class Replayctl {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Replayctl());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CliFailure failure) {
                line.getErr().println("replayctl: " + failure.getMessage());
                return failure.exitCode();
            }
            line.getErr().println("replayctl: " + e);
            return ExitCodes.UNAVAILABLE;
        });
        return cli.execute(args);
    }
}
