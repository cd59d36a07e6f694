package dev.replaymesh.store.objectstore;

/** The object store could not be reached or refused a request; worth retrying later. */
public class ObjectStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
