package dev.replaymesh.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one of local-mesh's server scripts ({@code kafka-broker.sh}, {@code s3-server.sh}) for a
 * test's own server: the same scripts {@code bin/mesh} uses, so tests start servers exactly as
 * the local mesh does. Also the small process helpers both test servers need.
 */
final class ServerScript {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

    private final Path script;
    private final Path dataDir;

    ServerScript(String name, Path dataDir) {
        this.script = MeshSettings.repoRoot().resolve("local-mesh/scripts/" + name);
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("No " + script);
        }
        this.dataDir = dataDir;
    }

    /** Runs the script with {@code args}; fails with its output if it fails. */
    void run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(script.toString());
        command.addAll(List.of(args));
        Path output = dataDir.resolve("script-" + args[0] + ".out");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(script.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // The server runs on the test's own JDK unless the build says otherwise.
        pb.environment().putIfAbsent("MESH_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String name = script.getFileName().toString();
        try {
            Process process = pb.start();
            if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " " + args[0] + " did not finish within "
                        + SCRIPT_TIMEOUT.toSeconds() + " s:\n" + tail(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(name + " " + args[0] + " failed (exit " + process.exitValue() + "):\n"
                        + tail(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + script, e);
        }
    }

    long readPid(String pidFileName) {
        Path pidFile = dataDir.resolve(pidFileName);
        try {
            return Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException(script.getFileName() + " start wrote no usable " + pidFile, e);
        }
    }

    /** Alive and not a zombie waiting to be reaped. */
    static boolean alive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Field 3, after the parenthesised command name, is the state.
            String afterName = stat.substring(stat.lastIndexOf(')') + 1).trim();
            return !afterName.startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a temp dir left behind is harmless
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
