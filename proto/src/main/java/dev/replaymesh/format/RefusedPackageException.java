package dev.replaymesh.format;

/**
 * A portable package (or another file offered for import) that is not taken: damaged or changed
 * since it was made, unsafe to unpack, too large, or not a package at all. Names the file inside
 * it that failed, when one did.
 */
public final class RefusedPackageException extends FormatException {

    private static final long serialVersionUID = 1L;

    /** Why a package is refused. */
    public enum Reason {
        /** A file's bytes differ from its checksum, or the signature does not match. */
        TAMPERED,
        /** A name that could escape the directory it is unpacked into, a duplicate, an unexpected file. */
        UNSAFE,
        /** Past a size limit, or inflating far more than its compressed size (a zip bomb). */
        TOO_LARGE,
        /** Not a package, or a package that breaks its own format. */
        MALFORMED
    }

    private final Reason reason;
    private final String file;

    public RefusedPackageException(Reason reason, String file, String detail) {
        super(detail, null);
        this.reason = reason;
        this.file = file;
    }

    public Reason reason() {
        return reason;
    }

    /** The file of the package that failed, or {@code null}. */
    public String file() {
        return file;
    }
}
