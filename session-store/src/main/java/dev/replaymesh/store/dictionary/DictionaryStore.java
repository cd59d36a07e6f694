package dev.replaymesh.store.dictionary;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaymesh.format.CorruptChunkException;
import dev.replaymesh.format.chunk.ChunkDictionary;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.store.objectstore.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Dictionary objects in the bucket, and which one a project's new chunks use. Dictionaries are
 * immutable and named by content, so the ones read are kept (the most recently used few).
 *
 * <p>The project's {@code current} pointer is this service's own bookkeeping, so that a restarted
 * replica goes on with the dictionary it had; readers never need it, since every chunk entry names
 * its dictionary.
 */
@ApplicationScoped
public class DictionaryStore {

    private static final int CACHED = 64;
    private static final String CURRENT = "current.json";

    private final ObjectStore store;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, ChunkDictionary> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ChunkDictionary> eldest) {
            return size() > CACHED;
        }
    };

    public DictionaryStore(ObjectStore store) {
        this.store = store;
    }

    /**
     * The dictionary {@code entry} was compressed with, or null if it names none.
     *
     * @throws CorruptChunkException if the dictionary is missing from the bucket or not what its key names
     */
    public ChunkDictionary of(ChunkEntry entry) {
        String key = entry.dictionary();
        if (key == null) {
            return null;
        }
        ChunkDictionary cached = cached(key);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = store.get(key).orElseThrow(() -> new CorruptChunkException(entry.key(),
                "its dictionary " + key + " is not in the bucket"));
        ChunkDictionary dictionary = ChunkDictionary.read(key, bytes);
        synchronized (cache) {
            cache.put(key, dictionary);
        }
        return dictionary;
    }

    /** Stores a newly trained dictionary and makes it the one the project's new chunks use. */
    public void saveAsCurrent(String project, ChunkDictionary dictionary, long trainedMs) {
        store.put(dictionary.key(), dictionary.bytes(), "application/octet-stream");
        synchronized (cache) {
            cache.put(dictionary.key(), dictionary);
        }
        try {
            store.put(currentKey(project), json.writeValueAsBytes(new Current(dictionary.key(), trainedMs)),
                    "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project's current dictionary and when it was trained, if it has one. */
    public Optional<Trained> current(String project) {
        Optional<byte[]> pointer = store.get(currentKey(project));
        if (pointer.isEmpty()) {
            return Optional.empty();
        }
        Current current;
        try {
            current = json.readValue(pointer.get(), Current.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + currentKey(project), e);
        }
        ChunkDictionary dictionary = cached(current.key());
        if (dictionary == null) {
            Optional<byte[]> bytes = store.get(current.key());
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            dictionary = ChunkDictionary.read(current.key(), bytes.get());
        }
        return Optional.of(new Trained(dictionary, current.trainedMs()));
    }

    private ChunkDictionary cached(String key) {
        synchronized (cache) {
            return cache.get(key);
        }
    }

    /** Object key of the project's pointer to its current dictionary. */
    public static String currentKey(String project) {
        return ObjectKeys.dictionaryPrefix(project) + CURRENT;
    }

    /** A dictionary and when it was trained (ms since the epoch). */
    public record Trained(ChunkDictionary dictionary, long trainedMs) {
    }

    /** The pointer object's content. */
    record Current(String key, long trainedMs) {
    }
}
