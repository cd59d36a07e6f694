package dev.replaymesh.redaction.rules;

import dev.replaymesh.redaction.config.RedactionConfig;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Holds the rule set in force and reloads the rules file when it changes. A file that fails
 * its checks is refused with the reason in the log and in {@link #lastError()}; the rules in
 * force stay as they were, so a typo never switches redaction off.
 */
@Startup
@ApplicationScoped
public class RulesHolder {

    private static final Logger LOG = Logger.getLogger(RulesHolder.class);
    static final String DEFAULT_RULES = RuleSetLoader.DEFAULT_RULES;

    private final Optional<Path> file;
    private final Vertx vertx;
    private final long timer;
    private volatile RuleSet current;
    private volatile String lastError;
    private FileTime loadedStamp;

    public RulesHolder(RedactionConfig config, Vertx vertx) {
        this.file = config.rulesFile();
        this.vertx = vertx;
        this.current = file.isPresent() ? loadFile(file.get()) : RuleSetLoader.defaults();
        LOG.infof("rules %s in force (%s)", current.id(), source());
        long every = Math.max(1, config.reloadInterval().toMillis());
        this.timer = file.isPresent() ? vertx.setPeriodic(every, id -> vertx.executeBlocking(() -> {
            reloadIfChanged();
            return null;
        })) : -1;
    }

    public RuleSet current() {
        return current;
    }

    public String source() {
        return file.map(Path::toString).orElse("built-in " + DEFAULT_RULES);
    }

    /** Why the last reload was refused, or null when the file in force is the newest. */
    public String lastError() {
        return lastError;
    }

    /** Reads the rules file again now; returns the rules in force afterwards. */
    public synchronized RuleSet reload() {
        if (file.isEmpty()) {
            return current;
        }
        try {
            current = loadFile(file.get());
            lastError = null;
            LOG.infof("rules %s in force (%s)", current.id(), source());
        } catch (InvalidRulesException | UncheckedIOException e) {
            lastError = e.getMessage();
            LOG.errorf("rules file refused, %s stays in force: %s", current.id(), e.getMessage());
        }
        return current;
    }

    synchronized void reloadIfChanged() {
        try {
            FileTime stamp = Files.getLastModifiedTime(file.get());
            if (!stamp.equals(loadedStamp)) {
                reload();
            }
        } catch (IOException e) {
            lastError = "cannot read " + file.get() + ": " + e.getMessage();
        }
    }

    private RuleSet loadFile(Path path) {
        try {
            loadedStamp = Files.getLastModifiedTime(path);
            return RuleSetLoader.load(Files.readAllBytes(path), path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules file " + path, e);
        }
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
