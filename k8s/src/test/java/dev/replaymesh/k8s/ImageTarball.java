package dev.replaymesh.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A container image as {@code docker save} writes it, what {@code docker load} and
 * {@code kind load image-archive} read: {@code manifest.json}, the image config, one tar per
 * layer (gzip'ed or not).
 */
record ImageTarball(Path file, String repoTag, Config config, List<String> layers) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The parts of the image config a runtime starts the container from. */
    record Config(String user, String workingDir, List<String> entrypoint, List<String> env,
            Set<String> exposedPorts, List<String> diffIds) {

        /** {@code Env} as a map (NAME=value). */
        Map<String, String> envMap() {
            Map<String, String> map = new TreeMap<>();
            for (String e : env) {
                int eq = e.indexOf('=');
                map.put(e.substring(0, eq), e.substring(eq + 1));
            }
            return map;
        }
    }

    static ImageTarball read(Path file) throws IOException {
        JsonNode manifest = JSON.readTree(entry(file, "manifest.json"));
        if (!manifest.isArray() || manifest.size() != 1) {
            throw new IllegalStateException(file + ": manifest.json should name exactly one image: " + manifest);
        }
        JsonNode image = manifest.get(0);
        List<String> tags = new ArrayList<>();
        image.path("RepoTags").forEach(t -> tags.add(t.asText()));
        if (tags.size() != 1) {
            throw new IllegalStateException(file + ": expected one tag, found " + tags);
        }
        List<String> layers = new ArrayList<>();
        image.path("Layers").forEach(l -> layers.add(l.asText()));
        JsonNode config = JSON.readTree(entry(file, image.path("Config").asText()));
        JsonNode c = config.path("config");
        List<String> entrypoint = new ArrayList<>();
        c.path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
        List<String> env = new ArrayList<>();
        c.path("Env").forEach(e -> env.add(e.asText()));
        Set<String> ports = new LinkedHashSet<>();
        c.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        List<String> diffIds = new ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
        return new ImageTarball(file, tags.get(0),
                new Config(c.path("User").asText(), c.path("WorkingDir").asText(), entrypoint, env, ports, diffIds),
                layers);
    }

    /** A layer as read: the SHA-256 of its uncompressed tar and the paths in it. */
    record Layer(String diffId, Set<String> paths) {
    }

    /**
     * Each layer, in order, read once: its digest (what the config's diff_ids must be) and its
     * paths without a leading {@code ./} or {@code /}.
     */
    List<Layer> readLayers() throws IOException {
        List<Layer> read = new ArrayList<>();
        for (String layer : layers) {
            MessageDigest sha256 = sha256();
            Set<String> paths = new LinkedHashSet<>();
            try (InputStream digested = new DigestInputStream(layer(layer), sha256);
                    TarArchiveInputStream tar = new TarArchiveInputStream(digested)) {
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    String name = e.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
                    if (!name.isEmpty()) {
                        paths.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
                    }
                }
                digested.transferTo(OutputStream.nullOutputStream()); // the end-of-archive padding counts too
            }
            read.add(new Layer("sha256:" + HexFormat.of().formatHex(sha256.digest()), paths));
        }
        return read;
    }

    /**
     * Unpacks the layers in order into {@code rootfs} with GNU tar, which keeps owners, modes and
     * links as a container runtime does (the images have no whiteout files to apply).
     */
    void unpackTo(Path rootfs) throws IOException, InterruptedException {
        Files.createDirectories(rootfs);
        for (String layer : layers) {
            Process tar = new ProcessBuilder("tar", "--extract", "--numeric-owner", "--same-owner",
                    "--warning=no-unknown-keyword", "--directory", rootfs.toString(), "--file", "-")
                    .redirectErrorStream(true).start();
            try (InputStream in = layer(layer); OutputStream out = tar.getOutputStream()) {
                in.transferTo(out);
            }
            String output = new String(tar.getInputStream().readAllBytes());
            if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                throw new IllegalStateException("tar could not unpack " + layer + " of " + file + ":\n" + output);
            }
        }
    }

    /** A layer's uncompressed tar stream (the outer tarball is read up to it). */
    private InputStream layer(String name) throws IOException {
        InputStream in = new BufferedInputStream(open(file, name));
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static byte[] entry(Path file, String name) throws IOException {
        try (InputStream in = open(file, name)) {
            return in.readAllBytes();
        }
    }

    /** The stream of one entry of the tarball; closing it closes the tarball. */
    private static InputStream open(Path file, String name) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
            if (e.getName().replaceFirst("^\\./", "").equals(name)) {
                return tar;
            }
        }
        tar.close();
        throw new IllegalStateException(file + " has no entry " + name);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
