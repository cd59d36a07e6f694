package dev.replaymesh.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The objects a kustomization renders to: with {@code kubectl kustomize} where kubectl is on the
 * PATH, else (base only) by reading the base's resource files and its ConfigMap generators, which
 * is all the base uses of kustomize.
 */
final class Rendered {

    static final Path K8S = Path.of("").toAbsolutePath().getFileName().toString().equals("k8s")
            ? Path.of("").toAbsolutePath() : Path.of("k8s").toAbsolutePath();
    static final Path REPO = K8S.getParent();
    static final ObjectMapper YAML = new YAMLMapper();

    private Rendered() {
    }

    /** The kubectl on the PATH, if any. */
    static Optional<Path> kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "kubectl");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The objects of {@code k8s/<dir>} (a kustomization), or empty if it cannot be rendered here. */
    static Optional<List<ObjectNode>> render(String dir) throws IOException, InterruptedException {
        Optional<Path> kubectl = kubectl();
        if (kubectl.isPresent()) {
            Process p = new ProcessBuilder(kubectl.get().toString(), "kustomize", K8S.resolve(dir).toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed:\n" + out);
            }
            return Optional.of(documents(out));
        }
        return dir.equals("base") ? Optional.of(base()) : Optional.empty();
    }

    /** The base without kustomize: its resources as written, and a ConfigMap per generator. */
    static List<ObjectNode> base() throws IOException {
        Path base = K8S.resolve("base");
        JsonNode kustomization = YAML.readTree(base.resolve("kustomization.yaml").toFile());
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            objects.addAll(documents(Files.readString(base.resolve(resource.asText()))));
        }
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            ObjectNode map = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
            map.putObject("metadata").put("name", generator.path("name").asText());
            ObjectNode data = map.putObject("data");
            for (JsonNode env : generator.path("envs")) {
                for (String line : Files.readAllLines(base.resolve(env.asText()))) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        String[] kv = line.split("=", 2);
                        data.put(kv[0], kv[1]);
                    }
                }
            }
            objects.add(map);
        }
        return objects;
    }

    static List<ObjectNode> documents(String yaml) throws IOException {
        List<ObjectNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var values = YAML.readValues(parser, JsonNode.class);
            while (values.hasNext()) {
                JsonNode doc = values.next();
                if (doc instanceof ObjectNode o && !o.isEmpty()) {
                    docs.add(o);
                }
            }
        }
        return docs;
    }
}
