package dev.replaymesh.k8s;

import dev.replaymesh.testing.LocalServices;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An unpacked image run as its Pod runs it, without a container runtime: its own mount and PID
 * namespaces ({@code unshare}), chroot into the read-only root file system, tmpfs on /tmp, the
 * image's user, working directory, environment and entrypoint ({@code pod-sandbox.sh}). It shares
 * the machine's network, so the service reaches the local broker and S3 server and the test
 * reaches the service. Needs root.
 */
final class PodSandbox implements AutoCloseable {

    private static final Path SCRIPT = Rendered.K8S.resolve("src/test/resources/pod-sandbox.sh");

    private final String name;
    private final Process process;
    private final Path log;

    private PodSandbox(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static boolean possibleHere() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Starts the image's entrypoint with the image's environment plus {@code env}. */
    static PodSandbox start(String name, Path rootfs, ImageTarball.Config config, Map<String, String> env, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child",
                "bash", SCRIPT.toString(), rootfs.toString(), config.workingDir(), config.user()));
        command.addAll(config.entrypoint());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // Only what the Pod would have: the image's Env (its PATH also finds unshare, mount and chroot
        // here) and the settings given, nothing of this JVM's.
        pb.environment().clear();
        pb.environment().putAll(config.envMap());
        pb.environment().putAll(env);
        return new PodSandbox(name, pb.start(), log);
    }

    /** Waits until {@code url} answers 200; fails at once if the container's process ends. */
    void awaitOk(String url, Duration timeout) throws InterruptedException {
        LocalServices.awaitOk(name, process, url, timeout, log);
    }

    /**
     * SIGTERM to the container's first process (what a kubelet sends); true if everything ended
     * within {@code grace}.
     */
    boolean terminate(Duration grace) throws InterruptedException {
        // unshare's only child: the script, which became chroot, the shell, then the entrypoint (exec).
        process.children().findFirst().ifPresent(ProcessHandle::destroy);
        return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The real user id the container's first process runs as. */
    long uid() throws IOException {
        long pid = process.children().findFirst().orElseThrow(() -> new AssertionError(name + " has no process"))
                .pid();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Uid:")) {
                return Long.parseLong(line.split("\\s+")[1]);
            }
        }
        throw new AssertionError("no Uid in /proc/" + pid + "/status");
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
