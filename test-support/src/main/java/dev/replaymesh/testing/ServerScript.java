package dev.replaymesh.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One server of a test's own, run by one of local-mesh's scripts ({@code kafka-broker.sh},
 * {@code s3-server.sh}): the same scripts {@code bin/mesh} uses, so tests start servers exactly
 * as the local mesh does. Owns the process: start and stop (the data stays), close (the data
 * goes), and a shutdown hook, plus the script itself stops the server if the test JVM dies.
 */
final class ServerScript {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

    private final Path script;
    private final Path dataDir;
    private final int port;
    private final String pidFile;
    private long pid = -1;
    private Thread shutdownHook;
    private boolean closed;

    /**
     * @param name    script in local-mesh/scripts
     * @param dataDir the server's home (a fresh temporary directory)
     * @param port    the port it serves on
     * @param pidFile the file in {@code dataDir} where the script writes the server's pid
     */
    ServerScript(String name, Path dataDir, int port, String pidFile) {
        this.script = MeshSettings.repoRoot().resolve("local-mesh/scripts/" + name);
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("No " + script);
        }
        this.dataDir = dataDir;
        this.port = port;
        this.pidFile = pidFile;
    }

    /**
     * Starts the server with {@code --data}, {@code --port}, {@code --owner-pid} and {@code args},
     * unless it runs.
     *
     * @return false if it was running already
     */
    synchronized boolean start(String... args) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (isRunning()) {
            return false;
        }
        List<String> all = new ArrayList<>(List.of("start", "--data", dataDir.toString(), "--port",
                Integer.toString(port), "--owner-pid", Long.toString(ProcessHandle.current().pid())));
        all.addAll(List.of(args));
        run(all.toArray(String[]::new));
        pid = readPid(pidFile);
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::stopQuietly, script.getFileName() + "-stop-" + port);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return true;
    }

    /** Stops the server (SIGTERM, SIGKILL after the timeout); returns once it is gone and its port refuses. */
    synchronized void stop(Duration timeout) {
        if (pid < 0) {
            return;
        }
        run("stop", "--data", dataDir.toString(), "--timeout", Long.toString(timeout.toSeconds()));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (alive(pid) || acceptsConnections()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(script.getFileName() + ": pid " + pid + " on port " + port
                        + " still there after stop; see " + dataDir);
            }
            sleep(50);
        }
        pid = -1;
    }

    /** Stops the server and deletes its data. */
    synchronized void close(Duration timeout) {
        if (closed) {
            return;
        }
        try {
            stop(timeout);
        } finally {
            closed = true;
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // Already shutting down.
                }
            }
            LocalServices.deleteTree(dataDir);
        }
    }

    synchronized boolean isRunning() {
        return pid >= 0 && alive(pid);
    }

    synchronized long pid() {
        return pid;
    }

    boolean acceptsConnections() {
        return MeshSettings.accepts(java.net.InetSocketAddress.createUnresolved("127.0.0.1", port), 1_000);
    }

    private void stopQuietly() {
        try {
            if (pid >= 0) {
                run("stop", "--data", dataDir.toString(), "--timeout", "15");
            }
        } catch (RuntimeException e) {
            System.err.println("stopping " + script.getFileName() + " on port " + port + " failed: " + e.getMessage());
        }
    }

    /** Runs the script with {@code args}; fails with its output if it fails. */
    private void run(String... args) {
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
                        + SCRIPT_TIMEOUT.toSeconds() + " s:\n" + LocalServices.tail(output, 60));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(name + " " + args[0] + " failed (exit " + process.exitValue() + "):\n"
                        + LocalServices.tail(output, 60));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + script, e);
        }
    }

    private long readPid(String pidFileName) {
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

}
